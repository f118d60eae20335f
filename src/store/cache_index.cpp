#include "store/cache_index.h"

#include "store/artifact_store.h"

namespace zc::store {

std::unique_ptr<Index> open_cache_index(const std::string& cache_root, std::string& error) {
    std::unique_ptr<Index> index = Index::open(cache_root + "/index", error);
    if (index && index->was_upgraded()) {
        ArtifactStore artifacts(cache_root);
        artifacts.clear();
    }
    return index;
}

}  // namespace zc::store

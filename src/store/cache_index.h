#pragma once
// Opening a cache root's index, for the daemon and for the CLI alike: an index written before
// blobs were counted has lost its manifests at open, and its blobs are thrown away with them,
// so that nothing on disk is left uncounted.

#include <memory>
#include <string>

#include "store/index.h"

namespace zc::store {

std::unique_ptr<Index> open_cache_index(const std::string& cache_root, std::string& error);

}  // namespace zc::store

// zccache-bench-fill-index ROOT COUNT: adds COUNT synthetic manifests to the cache root's index,
// each with one entry of three dependencies and one 4 KiB blob of its own (counted, not written:
// none is ever served), so that the benchmark can time start-up, `status` and a hit at a
// thousand, a hundred thousand and a million entries without compiling them all.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cache/manifest.h"
#include "common/hash.h"
#include "store/cache_index.h"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s CACHE_ROOT COUNT\n", argv[0]);
        return 2;
    }
    std::string root = argv[1];
    long count = std::strtol(argv[2], nullptr, 10);
    std::string error;
    auto index = zc::store::open_cache_index(root, error);
    if (!index) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
    }
    std::vector<std::string> freed;
    for (long i = 0; i < count; ++i) {
        std::string n = std::to_string(i);
        zc::cache::ManifestEntry entry;
        for (const char* dep : {"/src/synthetic/", "/src/synthetic/include/a-", "/src/synthetic/include/b-"}) {
            entry.deps.push_back({dep + n + ".h", zc::common::hash_bytes(dep + n).bytes()});
        }
        std::string blob = zc::common::hash_bytes("blob " + n).bytes();
        entry.outputs.push_back({std::string(zc::cache::output_kind::kObject), blob, 4000, "", 0644});
        entry.created_ns = i;
        zc::cache::Manifest manifest;
        manifest.entries.push_back(std::move(entry));
        if (!index->put_manifest(zc::common::hash_bytes("synthetic " + n), zc::cache::encode_manifest(manifest),
                                 {{blob, 4096}}, freed)) {
            std::fprintf(stderr, "index write %ld failed\n", i);
            return 1;
        }
    }
    index->sync();
    return 0;
}

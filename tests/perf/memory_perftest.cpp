// What the daemon's bounded caches cost when full: the metadata cache at its capacity of files
// (each looked up once, as a build's headers are) and decoded manifests with their validators
// after a check, against the manifest cache's own estimate of them (what it budgets by). Prints the heap each takes
// (glibc's mallinfo2, so the index's memory map does not count); judged by reading it, never
// asserted.
//
// Usage: memory_perftest [--files N] [--manifests M] [--deps D] [--absent A]
// (defaults: the metadata cache's capacity, 1000 compiles of 200 headers, each header absent
// from 4 directories searched before its own, as C++ compiles' are; ctest runs a small smoke)

#include <fcntl.h>
#include <malloc.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "cache/manifest.h"
#include "common/fs.h"
#include "common/hash.h"
#include "common/paths.h"
#include "daemon/manifest_cache.h"
#include "meta/file_metadata_cache.h"
#include "meta/watcher.h"

using namespace zc;

namespace {

constexpr size_t kFilesPerDirectory = 1000;

double heap_mib() {
    struct mallinfo2 info = ::mallinfo2();
    return static_cast<double>(info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
}

// `count` small headers under `root`, in directories of kFilesPerDirectory, with paths as long
// as a project's usually are.
std::vector<std::string> make_headers(const std::string& root, size_t count) {
    std::vector<std::string> paths;
    paths.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        std::string dir = root + "/include/component_" + std::to_string(i / kFilesPerDirectory);
        if (i % kFilesPerDirectory == 0) common::make_dirs(dir);
        std::string path = dir + "/header_file_" + std::to_string(i) + ".h";
        common::UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
        std::string text = "#define H" + std::to_string(i) + "\n";
        if (!fd.valid() || ::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
            std::fprintf(stderr, "cannot write %s\n", path.c_str());
            std::exit(1);
        }
        paths.push_back(std::move(path));
    }
    return paths;
}

}  // namespace

int main(int argc, char** argv) {
    size_t files = meta::FileMetadataCache::kDefaultCapacity;
    size_t manifests = 1000;
    size_t deps = 200;
    size_t absent = 4;
    for (int i = 1; i + 1 < argc; i += 2) {
        size_t value = std::strtoul(argv[i + 1], nullptr, 10);
        if (std::strcmp(argv[i], "--files") == 0) files = value;
        if (std::strcmp(argv[i], "--manifests") == 0) manifests = value;
        if (std::strcmp(argv[i], "--deps") == 0) deps = value;
        if (std::strcmp(argv[i], "--absent") == 0) absent = value;
    }
    if (files < deps || deps == 0) {
        std::fprintf(stderr, "need --files >= --deps > 0\n");
        return 2;
    }
    char tmpl[] = "/tmp/zc-memory-perftest-XXXXXX";
    std::string root = ::mkdtemp(tmpl);
    std::vector<std::string> paths = make_headers(root, files);

    auto watcher = meta::make_inotify_watcher();
    double before = heap_mib();
    bool ok = true;
    {
        meta::FileMetadataCache cache(*watcher, files);
        cache.drain();
        for (const std::string& path : paths) ok = cache.get(path).regular && ok;
        double cached = heap_mib() - before;
        std::printf("metadata cache: %zu files, %.1f MiB (%.0f bytes a file)\n", cache.size(), cached,
                    cached * 1024 * 1024 / static_cast<double>(files));

        // Manifests as the manifest cache keeps them: one entry of `deps` headers each, checked
        // once so that its validator holds what a hit leaves in it.
        double before_manifests = heap_mib();
        size_t estimated = 0;
        std::vector<std::shared_ptr<daemon::LiveManifest>> live;
        live.reserve(manifests);
        for (size_t m = 0; m < manifests; ++m) {
            auto one = std::make_shared<daemon::LiveManifest>();
            cache::ManifestEntry entry;
            size_t first = (m * 37) % (files - deps + 1);
            for (size_t d = 0; d < deps; ++d) {
                size_t i = first + d;
                entry.deps.push_back({paths[i], common::hash_bytes("#define H" + std::to_string(i) + "\n").bytes()});
                // Where the compiler looked first and found nothing: names that must stay absent.
                for (size_t a = 0; a < absent; ++a) {
                    entry.absent.push_back(root + "/include/component_" + std::to_string(a) + "/x" +
                                           std::string(common::base_name(paths[i])));
                }
            }
            entry.outputs.push_back({"object", common::hash_bytes(std::to_string(m)).bytes(), 4096});
            entry.dep_file_text = "out.o: " + paths[first] + "\n";
            one->manifest.entries.push_back(std::move(entry));
            one->validators.resize(1);
            ok = one->validators[0].inputs_unchanged(cache, *watcher, one->manifest.entries[0]) && ok;
            estimated += daemon::estimated_bytes(one->manifest);
            live.push_back(std::move(one));
        }
        double held = heap_mib() - before_manifests;
        std::printf(
            "manifests: %zu of %zu headers (%zu absent names each), %.1f MiB (%.0f bytes a manifest; the cache's "
            "estimate %.0f)\n",
            manifests, deps, absent, held, held * 1024 * 1024 / static_cast<double>(manifests),
            static_cast<double>(estimated) / static_cast<double>(manifests));
        std::printf("both full: %.1f MiB\n", heap_mib() - before);
    }
    common::remove_tree(root);
    if (!ok) std::fprintf(stderr, "a header was not found, or an unchanged entry failed its check\n");
    return ok ? 0 : 1;
}

// Micro-benchmark of the hit path's memory work, the part a warm hit pays per header: the
// metadata cache answering a lookup the watches vouch for, and an entry's validator proving
// N headers unchanged. Prints the time per call for each N; performance is judged by reading
// it (and by bench/), never asserted. It does check the answers, so a validator that stops
// seeing a change fails here too: exit 1.
//
// Usage: validator_perftest [--iterations K]   (ctest runs it with a few as a smoke check)

#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cache/manifest.h"
#include "common/fs.h"
#include "common/hash.h"
#include "daemon/entry_validator.h"
#include "meta/file_metadata_cache.h"
#include "meta/watcher.h"

using namespace zc;

namespace {

constexpr size_t kDirectories = 10;

double ns_per_call(size_t calls, const std::chrono::steady_clock::duration& spent) {
    return static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(spent).count()) /
           static_cast<double>(calls);
}

// One project of `headers` headers spread over kDirectories directories, as one manifest entry.
struct Project {
    std::string root;
    cache::ManifestEntry entry;

    explicit Project(size_t headers) {
        char tmpl[] = "/tmp/zc-perftest-XXXXXX";
        root = ::mkdtemp(tmpl);
        for (size_t d = 0; d < kDirectories; ++d) common::make_dirs(root + "/d" + std::to_string(d));
        for (size_t i = 0; i < headers; ++i) {
            std::string path = root + "/d" + std::to_string(i % kDirectories) + "/h" + std::to_string(i) + ".h";
            std::string text = "#define H" + std::to_string(i) + " " + std::to_string(i) + "\n";
            common::write_file_atomic(path, text);
            entry.deps.push_back({path, common::hash_bytes(text).bytes()});
        }
        // Shadowing candidates that must stay absent, as a compile's search list gives them.
        for (size_t d = 0; d < kDirectories; ++d) entry.absent.push_back(root + "/d" + std::to_string(d) + "/none.h");
    }
    ~Project() { common::remove_tree(root); }
};

// Times `iterations` validations of an N-header entry; false when an answer is wrong.
bool measure(size_t headers, size_t iterations) {
    Project project(headers);
    auto watcher = meta::make_inotify_watcher();
    meta::FileMetadataCache files(*watcher);
    daemon::EntryValidator validator;
    files.drain();
    if (!validator.inputs_unchanged(files, *watcher, project.entry)) {
        std::fprintf(stderr, "%zu headers: a fresh entry was not proven unchanged\n", headers);
        return false;
    }

    auto started = std::chrono::steady_clock::now();
    bool all_unchanged = true;
    for (size_t i = 0; i < iterations; ++i) {
        files.drain();
        all_unchanged = validator.inputs_unchanged(files, *watcher, project.entry) && all_unchanged;
    }
    double validate_ns = ns_per_call(iterations, std::chrono::steady_clock::now() - started);

    const std::string& probe = project.entry.deps.back().path;
    started = std::chrono::steady_clock::now();
    for (size_t i = 0; i < iterations; ++i) all_unchanged = files.get(probe).regular && all_unchanged;
    double lookup_ns = ns_per_call(iterations, std::chrono::steady_clock::now() - started);
    if (!all_unchanged) {
        std::fprintf(stderr, "%zu headers: an unchanged entry failed validation\n", headers);
        return false;
    }

    // One header edited: the next validation must see it.
    common::write_file_atomic(probe, "#define CHANGED 1\n");
    files.drain();
    if (validator.inputs_unchanged(files, *watcher, project.entry)) {
        std::fprintf(stderr, "%zu headers: an edited header went unseen\n", headers);
        return false;
    }
    std::printf("%6zu headers  validate %10.0f ns  (%6.1f ns/header)  lookup %6.0f ns\n", headers, validate_ns,
                validate_ns / static_cast<double>(headers), lookup_ns);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    size_t iterations = 2000;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--iterations") == 0) iterations = std::strtoul(argv[i + 1], nullptr, 10);
    }
    if (iterations == 0) iterations = 1;
    bool ok = true;
    for (size_t headers : {10, 100, 1000, 5000}) ok = measure(headers, iterations) && ok;
    return ok ? 0 : 1;
}

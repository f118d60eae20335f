#pragma once
// Link side effects: files a link writes besides its output (a -Map file, split debug info, the
// .wasm beside an emscripten .js). They are found by comparing the output's directory before
// and after the link, and stored and restored with the binary.
//
// Only names that belong to this output count: "<output name>." followed by anything, and for
// .js/.mjs/.html outputs also "<stem>." (app.js -> app.wasm). Other files that change in the
// directory meanwhile are another build step's work (ninja links tests side by side in one
// directory), and restoring them from this link's entry would put stale files in place.

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace zc::daemon {

struct FileStamp {
    ino_t ino = 0;
    int64_t size = 0;
    int64_t mtime_ns = 0;
    bool operator==(const FileStamp&) const = default;
};

struct DirSnapshot {
    std::string dir;
    std::unordered_map<std::string, FileStamp> files;  // regular files by name
};

DirSnapshot snapshot_dir(const std::string& dir);

// Absolute paths of the files in `before`'s directory created or changed since, whose names
// `wanted` accepts.
std::vector<std::string> changed_since(const DirSnapshot& before, const std::function<bool(std::string_view)>& wanted);

// Absolute paths of the output's side files: each of `named` (e.g. -Map files) that exists,
// and with `unnamed_too` those created or changed since `before`; never `output` itself.
std::vector<std::string> link_side_files(const DirSnapshot& before, const std::string& output,
                                         const std::vector<std::string>& named, bool unnamed_too);

}  // namespace zc::daemon

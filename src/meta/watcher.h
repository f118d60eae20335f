#pragma once
// The file watcher seam: tells the metadata cache which directories may have changed.
// Linux implements it with inotify; other platforms implement the same small interface.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace zc::meta {

// A watched directory. Its generation moves whenever anything in it may have changed; once
// `valid` is false (directory removed, moved, or the watch dropped) it is never trusted again.
struct WatchedDir {
    std::atomic<uint64_t> generation{0};
    std::atomic<bool> valid{true};
};

class DirectoryWatcher {
public:
    virtual ~DirectoryWatcher() = default;
    // Starts (or reuses) a watch on `dir`; nullptr when it cannot be watched.
    virtual std::shared_ptr<WatchedDir> watch(const std::string& dir) = 0;
    // Applies every pending event without blocking. Called before each lookup, so that every
    // write that finished before the request arrived is known.
    virtual void drain() = 0;
    virtual size_t watch_count() const = 0;
};

// inotify on Linux.
std::unique_ptr<DirectoryWatcher> make_inotify_watcher();

}  // namespace zc::meta

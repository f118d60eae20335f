#pragma once
// The file watcher seam: tells the metadata cache which directories may have changed.
// Linux implements it with inotify; other platforms implement the same small interface.

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace zc::meta {

// A watched directory. Once `valid` is false (directory removed, moved, or the watch dropped)
// nothing in it is trusted again.
struct WatchedDir {
    // Moves on every event in the directory, so that an entry computed while an event arrived
    // is stored untrusted.
    std::atomic<uint64_t> events{0};
    // Moves when events may have been lost (queue overflow): every entry must be revalidated.
    std::atomic<uint64_t> generation{0};
    std::atomic<bool> valid{true};
    // The directory's path without symlinks, "." or "..", as its lookup found it ("" if unknown).
    std::string real;

    // Counts an event for `name` ("" for the directory itself) and remembers it.
    void record_event(std::string_view name);
    // The names of the entries changed after event number `after`; false when the log no longer
    // reaches back that far (then the caller must check everything).
    bool names_changed_since(uint64_t after, std::vector<std::string>& names) const;

  private:
    static constexpr size_t kLogSize = 4096;
    mutable std::mutex log_mutex_;
    std::deque<std::pair<uint64_t, std::string>> log_;  // (event number, name), oldest first
};

// Called for each changed entry: the watched directory's path and the entry's name.
using ChangeCallback = std::function<void(const std::string& dir, std::string_view name)>;

class DirectoryWatcher {
  public:
    virtual ~DirectoryWatcher() = default;
    // Starts (or reuses) a watch on `dir`; nullptr when it cannot be watched.
    virtual std::shared_ptr<WatchedDir> watch(const std::string& dir) = 0;
    // Also watches the file `name` in the watched directory `dir` by its inode, so that a write
    // through another hard link, one made anywhere, is seen as an event for `name` in `dir`.
    // Call it before reading the file. False when the file cannot be watched (gone, or the
    // daemon's share of the user's inotify watches is spent): then the watch does not vouch
    // for it.
    virtual bool watch_file(const std::string& dir, std::string_view name) = 0;
    // Applies every pending event without blocking. Called before each lookup, so that every
    // write that finished before the request arrived is known.
    virtual void drain(const ChangeCallback& changed) = 0;
    virtual size_t watch_count() const = 0;
};

// inotify on Linux.
std::unique_ptr<DirectoryWatcher> make_inotify_watcher();

}  // namespace zc::meta

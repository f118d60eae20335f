#pragma once
// path -> {identity, content hash, flags}, kept in memory. A watcher event for a path drops its
// entry; an entry is trusted while its directory is watched and no events were lost, else
// revalidated by stat (and rehashed if needed).

#include <sys/types.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/hash.h"
#include "meta/disk.h"
#include "meta/include_probes.h"
#include "meta/quoted_includes.h"
#include "meta/watcher.h"

namespace zc::meta {

struct FileInfo {
    bool exists = false;
    bool regular = false;
    bool executable = false;  // a regular file with an execute bit
    dev_t dev = 0;
    ino_t ino = 0;
    int64_t size = 0;
    int64_t mtime_ns = 0;
    int64_t ctime_ns = 0;
    common::Hash128 hash;                                   // content hash of a regular file
    bool has_time_macro = false;                            // __DATE__, __TIME__ or __TIMESTAMP__ appears in it
    bool has_assembler_include = false;                     // .incbin or .include: the assembler may read a file
    bool is_script = false;                                 // starts with "#!": run by an interpreter
    std::shared_ptr<const IncludeProbes> probes;            // __has_include probes, when it has any
    std::shared_ptr<const QuotedIncludes> quoted_includes;  // when it has any
    // The four text facts above were looked for: false only from content_of().
    bool text_scanned = false;
    // Its directory's watch sees every change to it: false for a symlink, whose target may
    // change in another directory, and for a file without its own watch (which could be written
    // through a hard link elsewhere).
    bool watch_covers = false;
};

// What the cache did, since it was made: the hot path's guard. A lookup the watches vouch for
// costs no system call; `stats` and `hashes` say how often one did.
struct MetadataCounters {
    uint64_t lookups = 0;
    uint64_t from_memory = 0;  // answered without touching the file
    uint64_t stats = 0;        // lstat, stat and fstat calls made for lookups
    uint64_t hashes = 0;       // files read and hashed
    uint64_t bytes_hashed = 0;
    uint64_t drains = 0;  // watcher queue drains (one per request)
};

class FileMetadataCache {
  public:
    // At most `capacity` files are remembered, least recently looked up out first (they are
    // looked at afresh next time): memory stays bounded however many files builds touch.
    static constexpr size_t kDefaultCapacity = 98'304;
    explicit FileMetadataCache(DirectoryWatcher& watcher, size_t capacity = kDefaultCapacity)
        : FileMetadataCache(watcher, system_disk(), capacity) {}
    // On `disk` rather than the real filesystem: the unit tests' virtual one.
    FileMetadataCache(DirectoryWatcher& watcher, Disk& disk, size_t capacity = kDefaultCapacity)
        : watcher_(watcher), disk_(disk), shard_capacity_(std::max<size_t>(1, capacity / kShards)) {}

    // Applies the watcher's pending events. Call before each lookup, so that every write that
    // finished before the request arrived is known.
    void drain();
    // The current state of `path` (absolute). Memory work when the watcher vouches for it.
    FileInfo get(const std::string& path) { return lookup(path, 0, true); }
    // The same, but for a file no compile reads as text (an archive's members, the archive
    // ranlib indexes): identity and content hash, without scanning megabytes of object code for
    // what only a compile's inputs can hold. Its text facts are unset (text_scanned false); a
    // later get() of the same file looks for them.
    FileInfo content_of(const std::string& path) { return lookup(path, 0, false); }
    // What realpath(3) gives for an existing `path`: memory work while the watches vouch for
    // every link on the way and the directory it ends in.
    std::string real_path(const std::string& path);
    void clear();
    size_t size() const;
    MetadataCounters counters() const;
    // The filesystem it looks at, for callers that need a plain stat beside its lookups.
    Disk& disk() { return disk_; }

  private:
    struct Entry {
        FileInfo info;
        std::shared_ptr<WatchedDir> dir;
        uint64_t generation = 0;
        bool trusted = false;  // no event arrived while it was computed
        int64_t hashed_at_ns = 0;
        // For a symlink: where it points (absolute). Its directory's watch sees it retargeted, so
        // the link itself is trusted like a file, and its state is that of the target's entry.
        std::string link_target;
        std::list<const std::string*>::iterator in_order;  // its place in the shard's use order
    };
    struct Shard {
        mutable std::mutex mutex;
        std::unordered_map<std::string, Entry> entries;
        std::list<const std::string*> order;  // the entries' keys, most recently used first
        MetadataCounters counted;             // under `mutex`, which each lookup takes anyway

        // Under `mutex`: stores `entry` as the most recent, dropping the least recent past `capacity`.
        void put(const std::string& path, Entry entry, size_t capacity);
        void touch(Entry& entry) { order.splice(order.begin(), order, entry.in_order); }
        void erase(const std::string& path);
    };
    static constexpr size_t kShards = 32;
    FileInfo lookup(const std::string& path, int links_followed, bool text);
    Shard& shard_for(const std::string& path);
    void invalidate(const std::string& path);

    DirectoryWatcher& watcher_;
    Disk& disk_;
    size_t shard_capacity_;
    std::array<Shard, kShards> shards_;
    std::atomic<uint64_t> drains_{0};
};

}  // namespace zc::meta

#pragma once
// A hardlinked output shares its inode with the cache, and root ignores 0444, so a blob can be
// changed through the user's file. After each touch we remember the blob's size and ctime; a
// blob whose ctime has moved since is rehashed before it is served. File times move in coarse
// ticks, so a ctime remembered within the racy window of its tick vouches for nothing: a write
// in the same tick would leave it as it was.

#include <mutex>
#include <string>
#include <unordered_map>

#include "common/hash.h"
#include "meta/disk.h"

namespace zc::daemon {

class BlobGuard {
  public:
    explicit BlobGuard(meta::Disk& disk = meta::system_disk()) : disk_(disk) {}
    // True when the file at `path` still holds the bytes that hash to `hash`.
    bool verify(const std::string& path, const common::Hash128& hash);
    // Call after anything that changes the blob's ctime (publish, link, utimensat).
    void remember(const std::string& path, const common::Hash128& hash);
    void clear();

  private:
    struct Seen {
        int64_t size = 0;
        int64_t ctime_ns = 0;
        bool settled = false;  // remembered well after its ctime: an unchanged ctime proves the bytes
    };
    Seen seen_now(const meta::DiskStat& st);
    meta::Disk& disk_;
    std::mutex mutex_;
    std::unordered_map<common::Hash128, Seen, common::Hash128Hasher> seen_;
};

}  // namespace zc::daemon

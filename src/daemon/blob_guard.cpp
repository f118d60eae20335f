#include "daemon/blob_guard.h"

#include <sys/stat.h>

namespace zc::daemon {

namespace {
// As the metadata cache's: longer than any filesystem's timestamp tick.
constexpr int64_t kBlobRacyWindowNs = 100'000'000;
}  // namespace

BlobGuard::Seen BlobGuard::seen_now(const meta::DiskStat& st) {
    return Seen{st.size, st.ctime_ns, st.ctime_ns + kBlobRacyWindowNs < disk_.now_realtime_ns()};
}

bool BlobGuard::verify(const std::string& path, const common::Hash128& hash) {
    std::optional<meta::DiskStat> st = disk_.lstat(path);
    if (!st || !S_ISREG(st->mode)) return false;
    {
        std::lock_guard lock(mutex_);
        auto it = seen_.find(hash);
        if (it != seen_.end() && it->second.settled && it->second.size == st->size &&
            it->second.ctime_ns == st->ctime_ns) {
            return true;
        }
    }
    std::string data;
    meta::DiskStat before, after;
    if (disk_.read(path, data, before, after) != meta::ReadStatus::kRead || common::hash_bytes(data) != hash) {
        return false;
    }
    // Written while we read it: these bytes vouch for nothing the blob holds now.
    if (before.ctime_ns != after.ctime_ns || before.size != after.size) return false;
    std::lock_guard lock(mutex_);
    seen_[hash] = seen_now(before);
    return true;
}

void BlobGuard::remember(const std::string& path, const common::Hash128& hash) {
    std::optional<meta::DiskStat> st = disk_.lstat(path);
    if (!st) return;
    Seen seen = seen_now(*st);
    std::lock_guard lock(mutex_);
    seen_[hash] = seen;
}

void BlobGuard::clear() {
    std::lock_guard lock(mutex_);
    seen_.clear();
}

}  // namespace zc::daemon

#include "daemon/blob_guard.h"

#include <sys/stat.h>

#include "common/fs.h"

namespace zc::daemon {

bool BlobGuard::verify(const std::string& path, const common::Hash128& hash) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    {
        std::lock_guard lock(mutex_);
        auto it = seen_.find(hash);
        if (it != seen_.end() && it->second.size == st.st_size &&
            it->second.ctime_ns == common::timespec_ns(st.st_ctim)) {
            return true;
        }
    }
    auto data = common::read_file(path);
    if (!data || common::hash_bytes(*data) != hash) return false;
    std::lock_guard lock(mutex_);
    seen_[hash] = Seen{st.st_size, common::timespec_ns(st.st_ctim)};
    return true;
}

void BlobGuard::remember(const std::string& path, const common::Hash128& hash) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) return;
    std::lock_guard lock(mutex_);
    seen_[hash] = Seen{st.st_size, common::timespec_ns(st.st_ctim)};
}

void BlobGuard::clear() {
    std::lock_guard lock(mutex_);
    seen_.clear();
}

}  // namespace zc::daemon

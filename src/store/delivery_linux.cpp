#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <unordered_map>

#include "common/fs.h"
#include "store/delivery.h"

namespace zc::store {

namespace {
constexpr mode_t kOutputMode = 0644;

// Whether FICLONE works on a device, probed once per device.
class ReflinkSupport {
  public:
    bool maybe(dev_t dev) {
        std::lock_guard lock(mutex_);
        auto it = supported_.find(dev);
        return it == supported_.end() || it->second;
    }
    void record(dev_t dev, bool ok) {
        std::lock_guard lock(mutex_);
        supported_[dev] = ok;
    }

  private:
    std::mutex mutex_;
    std::unordered_map<dev_t, bool> supported_;
};

ReflinkSupport& reflink_support() {
    static ReflinkSupport support;
    return support;
}

// Creates `dest` with exactly `file_mode`, whatever the daemon's umask (the caller applied the client's).
common::UniqueFd create_output(const std::string& dest, mode_t file_mode) {
    common::UniqueFd out(::open(dest.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (out.valid() && ::fchmod(out.get(), file_mode) != 0) {
        ::unlink(dest.c_str());
        return common::UniqueFd();
    }
    return out;
}

bool reflink(int src_fd, dev_t dev, const std::string& dest, mode_t file_mode) {
    if (!reflink_support().maybe(dev)) return false;
    common::UniqueFd out = create_output(dest, file_mode);
    if (!out.valid()) return false;
    if (::ioctl(out.get(), FICLONE, src_fd) == 0) {
        reflink_support().record(dev, true);
        return true;
    }
    if (errno == EOPNOTSUPP || errno == ENOTTY || errno == EINVAL || errno == EXDEV) {
        reflink_support().record(dev, false);
    }
    ::unlink(dest.c_str());
    return false;
}

bool copy(int src_fd, const std::string& dest, mode_t file_mode) {
    common::UniqueFd out = create_output(dest, file_mode);
    if (!out.valid()) return false;
    loff_t offset = 0;
    for (;;) {
        ssize_t n = ::copy_file_range(src_fd, &offset, out.get(), nullptr, 1 << 30, 0);
        if (n == 0) return true;
        if (n > 0) continue;
        if (errno == EINTR) continue;
        break;
    }
    // copy_file_range refused (old kernel, odd filesystem): plain read/write.
    if (::ftruncate(out.get(), 0) != 0 || ::lseek(src_fd, 0, SEEK_SET) != 0) return false;
    std::string data;
    if (!common::read_all(src_fd, data) || !common::write_all(out.get(), data)) {
        ::unlink(dest.c_str());
        return false;
    }
    return true;
}
}  // namespace

DeliveryMode parse_delivery_mode(std::string_view text) {
    if (text == "reflink") return DeliveryMode::kReflink;
    if (text == "hardlink") return DeliveryMode::kHardlink;
    if (text == "copy") return DeliveryMode::kCopy;
    return DeliveryMode::kAuto;
}

Delivered deliver(const std::string& blob, const std::string& dest, DeliveryMode mode, uint32_t file_mode) {
    common::UniqueFd src(::open(blob.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    struct stat st;
    if (!src.valid() || ::fstat(src.get(), &st) != 0) return Delivered::kFailed;
    struct stat existing;
    bool exists = ::lstat(dest.c_str(), &existing) == 0;
    if (exists ? !S_ISREG(existing.st_mode) : errno != ENOENT) return Delivered::kFailed;  // see replaceable_output
    // Unlink first: writing into the old file could write through a hardlink into the cache.
    // Only what is there: an unlink locks the directory, which a restore of a whole build's
    // objects into one directory would queue behind. One created since is refused by O_EXCL.
    if (exists && ::unlink(dest.c_str()) != 0 && errno != ENOENT) return Delivered::kFailed;

    mode_t bits = static_cast<mode_t>(file_mode & 07777);
    if ((mode == DeliveryMode::kAuto || mode == DeliveryMode::kReflink) && reflink(src.get(), st.st_dev, dest, bits)) {
        return Delivered::kReflink;
    }
    // A hardlink shares the blob's read-only mode, which an executable cannot have.
    bool can_share_mode = (bits & 0111) == 0;
    // Only when asked: an output sharing the blob's inode lets strip, objcopy or an append in one
    // build tree change the cache and every other tree's object, and fails them for a normal user.
    if (mode == DeliveryMode::kHardlink && can_share_mode && ::link(blob.c_str(), dest.c_str()) == 0) {
        // One output per blob at most: the fresh mtime below is the inode's, so a second output
        // of the same bytes would make a first one look newer than it is to make and ninja, and
        // a stale object could pass for up to date. Another link already there: copy instead.
        struct stat linked;
        if (::lstat(dest.c_str(), &linked) == 0 && linked.st_nlink == 2) {
            // A hardlink keeps the blob's old mtime; make and ninja need it to look fresh.
            ::utimensat(AT_FDCWD, dest.c_str(), nullptr, 0);
            return Delivered::kHardlink;
        }
        if (::unlink(dest.c_str()) != 0) return Delivered::kFailed;
    }
    return copy(src.get(), dest, bits) ? Delivered::kCopy : Delivered::kFailed;
}

bool clone_file(const std::string& src, const std::string& dest) {
    common::UniqueFd in(::open(src.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    struct stat st;
    if (!in.valid() || ::fstat(in.get(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    return reflink(in.get(), st.st_dev, dest, kOutputMode) || copy(in.get(), dest, kOutputMode);
}

}  // namespace zc::store

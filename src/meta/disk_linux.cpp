#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>

#include "common/fs.h"
#include "meta/disk.h"

namespace zc::meta {

namespace {

DiskStat from_stat(const struct stat& st) {
    return DiskStat{st.st_mode,
                    st.st_dev,
                    st.st_ino,
                    static_cast<int64_t>(st.st_size),
                    common::timespec_ns(st.st_mtim),
                    common::timespec_ns(st.st_ctim)};
}

class SystemDisk final : public Disk {
  public:
    std::optional<DiskStat> lstat(const std::string& path) override {
        stats_.fetch_add(1, std::memory_order_relaxed);
        struct stat st;
        if (::lstat(path.c_str(), &st) != 0) return std::nullopt;
        return from_stat(st);
    }
    std::optional<DiskStat> stat(const std::string& path) override {
        stats_.fetch_add(1, std::memory_order_relaxed);
        struct stat st;
        if (::stat(path.c_str(), &st) != 0) return std::nullopt;
        return from_stat(st);
    }
    std::optional<std::string> read_link(const std::string& path) override {
        stats_.fetch_add(1, std::memory_order_relaxed);
        char buf[4096];
        ssize_t n = ::readlink(path.c_str(), buf, sizeof buf);
        if (n <= 0 || static_cast<size_t>(n) == sizeof buf) return std::nullopt;
        return std::string(buf, static_cast<size_t>(n));
    }
    ReadStatus read(const std::string& path, std::string& data, DiskStat& before, DiskStat& after) override {
        reads_.fetch_add(1, std::memory_order_relaxed);
        // O_NONBLOCK: a FIFO put where a header was must not block the open.
        common::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
        struct stat st;
        if (!fd.valid() || ::fstat(fd.get(), &st) != 0) return ReadStatus::kGone;
        before = from_stat(st);
        if (!S_ISREG(st.st_mode)) return ReadStatus::kNotRegular;
        data.clear();
        data.reserve(static_cast<size_t>(st.st_size));
        if (!common::read_all(fd.get(), data) || ::fstat(fd.get(), &st) != 0) return ReadStatus::kFailed;
        after = from_stat(st);
        bytes_read_.fetch_add(data.size(), std::memory_order_relaxed);
        return ReadStatus::kRead;
    }
    std::optional<std::string> real_path(const std::string& path) override {
        stats_.fetch_add(1, std::memory_order_relaxed);  // one for all its components
        char real[PATH_MAX];
        if (!::realpath(path.c_str(), real)) return std::nullopt;
        return std::string(real);
    }
    int64_t now_realtime_ns() override { return common::now_realtime_ns(); }

    DiskCounters counters() const {
        return {stats_.load(std::memory_order_relaxed), reads_.load(std::memory_order_relaxed),
                bytes_read_.load(std::memory_order_relaxed)};
    }

  private:
    std::atomic<uint64_t> stats_{0}, reads_{0}, bytes_read_{0};
};

SystemDisk& the_system_disk() {
    static SystemDisk disk;
    return disk;
}

}  // namespace

Disk& system_disk() {
    return the_system_disk();
}

DiskCounters system_disk_counters() {
    return the_system_disk().counters();
}

}  // namespace zc::meta

#pragma once
// The filesystem as the metadata cache and the validator see it (ninja's DiskInterface is the
// model): the few calls they make, so that unit tests can run them on a virtual filesystem with
// a clock of their own and count every call. The daemon uses system_disk().

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

namespace zc::meta {

struct DiskStat {
    mode_t mode = 0;
    dev_t dev = 0;
    ino_t ino = 0;
    int64_t size = 0;
    int64_t mtime_ns = 0;
    int64_t ctime_ns = 0;
};

enum class ReadStatus {
    kGone,        // could not be opened (absent, no permission): the path counts as absent
    kRead,        // `data` holds the file as it was between the two stats
    kNotRegular,  // opened, but not a regular file: never read (a FIFO must not block)
    kFailed,      // a read error: nothing is known
};

class Disk {
  public:
    virtual ~Disk() = default;
    virtual std::optional<DiskStat> lstat(const std::string& path) = 0;
    virtual std::optional<DiskStat> stat(const std::string& path) = 0;
    // A symlink's target as written in it; nullopt when `path` is not a readable link.
    virtual std::optional<std::string> read_link(const std::string& path) = 0;
    // Opens `path` without blocking, stats it (`before`), and for a regular file reads all of it
    // and stats it again (`after`), so that the caller can tell a file written while it was read.
    virtual ReadStatus read(const std::string& path, std::string& data, DiskStat& before, DiskStat& after) = 0;
    // realpath(3); nullopt when a component is missing.
    virtual std::optional<std::string> real_path(const std::string& path) = 0;
    // The wall clock that file times are compared with.
    virtual int64_t now_realtime_ns() = 0;
};

// The real filesystem and clock.
Disk& system_disk();

// What system_disk() did since the daemon started, for every caller (metadata cache,
// validator, blob guard): the hot path's guard counts these beside the metadata cache's own.
struct DiskCounters {
    uint64_t stats = 0;  // lstat, stat, readlink and realpath calls
    uint64_t reads = 0;  // files opened and read
    uint64_t bytes_read = 0;
};
DiskCounters system_disk_counters();

inline bool is_directory(const DiskStat& st) {
    return S_ISDIR(st.mode);
}

}  // namespace zc::meta

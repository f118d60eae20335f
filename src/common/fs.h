#pragma once
// Small POSIX file helpers: an owning fd, whole-file reads and writes, directory creation.

#include <sys/stat.h>

#include <optional>
#include <string>
#include <string_view>

namespace zc::common {

class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() { reset(); }

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    int release() {
        int fd = fd_;
        fd_ = -1;
        return fd;
    }
    void reset(int fd = -1);

  private:
    int fd_ = -1;
};

// Writes all of `data`, retrying on EINTR and short writes.
bool write_all(int fd, std::string_view data);
// Reads until EOF.
bool read_all(int fd, std::string& out);

// A file's contents; nullopt for a character or block device in its place (/dev/zero never
// ends), and a FIFO is not waited on.
std::optional<std::string> read_file(const std::string& path);
// The same, for a regular file only: nullopt for a FIFO too.
std::optional<std::string> read_regular_file(const std::string& path);
// Writes to a temp file beside `path` and renames it into place. Both writers give the file
// exactly `mode`, whatever the daemon's own umask: it is the client's umask that counts.
bool write_file_atomic(const std::string& path, std::string_view data, mode_t mode = 0644);
// Unlinks `path` and creates it anew (never writing through a link or into a file that another
// hardlink shares), falling back to write_file_atomic if another writer got there between the
// two. For build outputs that the build reads only after the command ends, and whose command
// is rerun bare if this fails: a rename costs more than the rest of a cache hit's file work.
bool write_file_replacing(const std::string& path, std::string_view data, mode_t mode = 0644);

// Whether the cache may replace `path` with a file of its own: it is absent or a regular file.
// `-o /dev/null`, a FIFO, a socket or a symlink are the user's: the compiler writes into (or
// through) them, while replacing would destroy them, so such outputs are left to the compiler.
bool replaceable_output(const std::string& path);
// Whether two paths name one file: the same text, or the same inode.
bool same_file(const std::string& a, const std::string& b);

// mkdir -p with the given mode for each directory it creates.
bool make_dirs(const std::string& path, mode_t mode = 0755);
// Creates `path` (0700, parents as needed) or checks the one there: a real directory (not a
// symlink) owned by this user that nobody else may write to. A directory planted by another
// user, or a symlink to one, would let them read or redirect what the cache writes.
bool private_directory(const std::string& path, std::string& error);
// rm -rf; returns false if anything could not be removed.
bool remove_tree(const std::string& path);

int64_t timespec_ns(const struct timespec& ts);
int64_t now_realtime_ns();
int64_t now_monotonic_ns();  // for intervals

// The directory of the running executable (where zccache, zccache-daemon and zccache-cli live).
std::string executable_directory();

}  // namespace zc::common

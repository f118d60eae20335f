#include "common/fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "common/paths.h"

namespace zc::common {

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
}

void UniqueFd::reset(int fd) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
}

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

bool read_all(int fd, std::string& out) {
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (n == 0) return true;
        out.append(buf, static_cast<size_t>(n));
    }
}

namespace {
std::optional<std::string> read_if(const std::string& path, bool (*wanted)(mode_t)) {
    // O_NONBLOCK: a FIFO in a file's place is not waited on; a regular file reads as ever.
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (!fd.valid()) return std::nullopt;
    struct stat st;
    // Checked on the open file, so that nothing can be swapped in between.
    if (::fstat(fd.get(), &st) != 0 || !wanted(st.st_mode)) return std::nullopt;
    std::string out;
    if (st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
    if (!read_all(fd.get(), out)) return std::nullopt;
    return out;
}
}  // namespace

std::optional<std::string> read_file(const std::string& path) {
    return read_if(path, [](mode_t mode) { return !S_ISCHR(mode) && !S_ISBLK(mode); });
}

std::optional<std::string> read_regular_file(const std::string& path) {
    return read_if(path, [](mode_t mode) { return S_ISREG(mode); });
}

bool write_file_atomic(const std::string& path, std::string_view data, mode_t mode) {
    std::string tmp = path + ".tmp." + std::to_string(::getpid());
    UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!fd.valid()) return false;
    if (::fchmod(fd.get(), mode) != 0 || !write_all(fd.get(), data)) {
        ::unlink(tmp.c_str());
        return false;
    }
    fd.reset();
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return false;
    }
    return true;
}

bool replaceable_output(const std::string& path) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) return errno == ENOENT;
    return S_ISREG(st.st_mode);
}

bool same_file(const std::string& a, const std::string& b) {
    if (a == b) return true;
    struct stat sa;
    struct stat sb;
    return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

bool write_file_replacing(const std::string& path, std::string_view data, mode_t mode) {
    struct stat st;
    bool exists = ::lstat(path.c_str(), &st) == 0;
    if (exists ? !S_ISREG(st.st_mode) : errno != ENOENT) return false;  // as replaceable_output
    // Only what is there: an unlink locks the directory even for a name that is not in it.
    if (exists && ::unlink(path.c_str()) != 0 && errno != ENOENT) return false;
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!fd.valid()) return errno == EEXIST && write_file_atomic(path, data, mode);
    if (::fchmod(fd.get(), mode) != 0 || !write_all(fd.get(), data)) {
        ::unlink(path.c_str());
        return false;
    }
    return true;
}

bool make_dirs(const std::string& path, mode_t mode) {
    if (path.empty()) return false;
    struct stat st;
    if (::stat(path.c_str(), &st) == 0) return S_ISDIR(st.st_mode);
    size_t slash = path.find_last_of('/');
    if (slash != std::string::npos && slash > 0 && !make_dirs(path.substr(0, slash), mode)) {
        return false;
    }
    return ::mkdir(path.c_str(), mode) == 0 || errno == EEXIST;
}

bool private_directory(const std::string& path, std::string& error) {
    if (!make_dirs(path, 0700)) {
        error = "cannot create " + path + ": " + std::strerror(errno);
        return false;
    }
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        error = path + " is not a directory (a symlink?): refusing to use it";
        return false;
    }
    if (st.st_uid != ::geteuid() || (st.st_mode & 022) != 0) {
        error = path + " belongs to another user or others may write to it: refusing to use it";
        return false;
    }
    return true;
}

bool remove_tree(const std::string& path) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) return errno == ENOENT;
    if (!S_ISDIR(st.st_mode)) return ::unlink(path.c_str()) == 0 || errno == ENOENT;
    bool ok = true;
    if (DIR* dir = ::opendir(path.c_str())) {
        while (struct dirent* entry = ::readdir(dir)) {
            std::string_view name = entry->d_name;
            if (name == "." || name == "..") continue;
            ok = remove_tree(path + "/" + entry->d_name) && ok;
        }
        ::closedir(dir);
    }
    return ::rmdir(path.c_str()) == 0 && ok;
}

int64_t timespec_ns(const struct timespec& ts) {
    return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

int64_t now_realtime_ns() {
    struct timespec ts;
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return timespec_ns(ts);
}

int64_t now_monotonic_ns() {
    struct timespec ts;
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return timespec_ns(ts);
}

std::string executable_directory() {
    char buf[4096];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return ".";
    return std::string(dir_name(std::string_view(buf, static_cast<size_t>(n))));
}

}  // namespace zc::common

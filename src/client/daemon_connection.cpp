#include "client/daemon_connection.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/fs.h"
#include "common/paths.h"

namespace zc::client {

using common::UniqueFd;

namespace {
constexpr int kStartAttempts = 2;

// The socket's directory must be ours and private; create it 0700 when missing.
bool ensure_private_directory(const std::string& dir) {
    if (!common::make_dirs(dir, 0700)) return false;
    struct stat st;
    if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid()) return false;
    if ((st.st_mode & 077) != 0 && ::chmod(dir.c_str(), 0700) != 0) return false;
    return true;
}

// Starts zccache-daemon detached and waits until it listens (it writes to the ready pipe) or dies.
bool spawn_daemon() {
    std::string daemon = own_directory() + "/zccache-daemon";
    int ready[2];
    if (::pipe2(ready, O_CLOEXEC) != 0) return false;
    pid_t pid = ::fork();
    if (pid < 0) {
        ::close(ready[0]);
        ::close(ready[1]);
        return false;
    }
    if (pid == 0) {
        ::setsid();
        // The build's pipes must not stay open in a process that outlives the build.
        int null_fd = ::open("/dev/null", O_RDWR);
        for (int fd = 0; fd < 3; ++fd) ::dup2(null_fd, fd);
        if (null_fd > 2) ::close(null_fd);
        ::fcntl(ready[1], F_SETFD, 0);
        std::string ready_fd = std::to_string(ready[1]);
        const char* args[] = {daemon.c_str(), "--ready-fd", ready_fd.c_str(), nullptr};
        ::execv(daemon.c_str(), const_cast<char* const*>(args));
        ::_exit(127);
    }
    ::close(ready[1]);
    char byte = 0;
    ssize_t n;
    do {
        n = ::read(ready[0], &byte, 1);
    } while (n < 0 && errno == EINTR);
    ::close(ready[0]);
    return n == 1;
}
}  // namespace

std::string own_directory() {
    char buf[4096];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return ".";
    return std::string(common::dir_name(std::string_view(buf, static_cast<size_t>(n))));
}

int connect_to_daemon(const std::string& endpoint, std::string* refused) {
    auto refuse = [&](std::string why) {
        if (refused) *refused = "refusing the endpoint " + endpoint + ": " + why;
        return -1;
    };
    struct sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (endpoint.size() >= sizeof addr.sun_path) return -1;
    std::memcpy(addr.sun_path, endpoint.c_str(), endpoint.size() + 1);
    std::string dir(common::dir_name(endpoint));
    struct stat st;
    if (::lstat(dir.c_str(), &st) != 0) return -1;  // nothing there yet: the daemon is started
    if (!S_ISDIR(st.st_mode)) return refuse(dir + " is not a directory");
    if (st.st_uid != ::getuid()) return refuse(dir + " belongs to another user");
    if ((st.st_mode & 022) != 0) return refuse(dir + " is writable by other users");
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.valid() || ::connect(fd.get(), reinterpret_cast<struct sockaddr*>(&addr), sizeof addr) != 0) return -1;
    struct ucred cred{};
    socklen_t len = sizeof cred;
    if (::getsockopt(fd.get(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return refuse("no peer credentials");
    if (cred.uid != ::getuid()) return refuse("it is served by uid " + std::to_string(cred.uid));
    return fd.release();
}

int connect_or_start_daemon(const std::string& endpoint, std::string* refused) {
    std::string why;
    int fd = connect_to_daemon(endpoint, &why);
    if (fd >= 0) return fd;
    if (!why.empty()) {
        if (refused) *refused = why;
        return -1;
    }
    if (!ensure_private_directory(std::string(common::dir_name(endpoint)))) return -1;
    UniqueFd lock(::open((endpoint + ".start.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!lock.valid() || ::flock(lock.get(), LOCK_EX) != 0) return -1;
    for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
        // Another client may have started it while we waited for the lock.
        fd = connect_to_daemon(endpoint);
        if (fd >= 0) return fd;
        if (!spawn_daemon()) continue;
        fd = connect_to_daemon(endpoint);
        if (fd >= 0) return fd;
    }
    return -1;
}

}  // namespace zc::client

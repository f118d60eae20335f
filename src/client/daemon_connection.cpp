#include "client/daemon_connection.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "common/env.h"
#include "common/fs.h"
#include "common/paths.h"

namespace zc::client {

using common::UniqueFd;

namespace {
constexpr int kStartAttempts = 2;
constexpr int kDefaultSilenceLimitMs = 10'000;

// A deadline that never comes when the limit is -1.
struct Deadline {
    explicit Deadline(int limit_ms)
        : at_ns(limit_ms < 0 ? INT64_MAX : common::now_monotonic_ns() + int64_t{limit_ms} * 1'000'000) {}
    bool passed() const { return common::now_monotonic_ns() >= at_ns; }
    // What is left, for poll(): -1 without a bound.
    int left_ms() const {
        if (at_ns == INT64_MAX) return -1;
        int64_t left = (at_ns - common::now_monotonic_ns()) / 1'000'000;
        return left < 0 ? 0 : static_cast<int>(left);
    }
    int64_t at_ns;
};

// Waits a little, longer each time (up to 50 ms), for something polled: a lock, a backlog.
void back_off(int& round) {
    int ms = round < 5 ? 1 << round : 50;
    ++round;
    ::usleep(static_cast<useconds_t>(ms) * 1000);
}

// The socket's directory must be ours and private; create it 0700 when missing.
bool ensure_private_directory(const std::string& dir) {
    if (!common::make_dirs(dir, 0700)) return false;
    struct stat st;
    if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid()) return false;
    if ((st.st_mode & 077) != 0 && ::chmod(dir.c_str(), 0700) != 0) return false;
    return true;
}

// Starts zccache-daemon detached and waits until it listens (it writes to the ready pipe), dies,
// or the silence limit passes.
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
    ssize_t n = -1;
    struct pollfd p{ready[0], POLLIN, 0};
    Deadline deadline(daemon_silence_limit_ms());
    while (true) {
        int ready_n = ::poll(&p, 1, deadline.left_ms());
        if (ready_n < 0 && errno == EINTR) continue;
        if (ready_n > 0) {
            do {
                n = ::read(ready[0], &byte, 1);
            } while (n < 0 && errno == EINTR);
        }
        break;
    }
    ::close(ready[0]);
    // The child is not reaped: it becomes the daemon (or exits, reparented, on its own).
    return n == 1;
}
}  // namespace

int daemon_silence_limit_ms() {
    std::optional<std::string_view> value = common::process_env("ZCCACHE_DAEMON_TIMEOUT_SECS");
    if (!value || value->empty()) return kDefaultSilenceLimitMs;
    unsigned secs = 0;
    auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), secs);
    if (error != std::errc() || end != value->data() + value->size() || secs > 86'400) return kDefaultSilenceLimitMs;
    return secs == 0 ? -1 : static_cast<int>(secs) * 1000;
}

std::string own_directory() {
    char buf[4096];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return ".";
    return std::string(common::dir_name(std::string_view(buf, static_cast<size_t>(n))));
}

int connect_to_daemon(const std::string& endpoint, std::string* refused, DaemonPeer* peer) {
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
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd.valid()) return -1;
    // A Unix socket connects at once, or fails with EAGAIN while the listener's backlog is full:
    // a daemon that stopped accepting. Retried until the silence limit, then given up.
    Deadline deadline(daemon_silence_limit_ms());
    for (int round = 0;; ) {
        if (::connect(fd.get(), reinterpret_cast<struct sockaddr*>(&addr), sizeof addr) == 0) break;
        if (errno == EINTR) continue;
        if (errno != EAGAIN) return -1;
        // A daemon is there (another cannot start beside it), it just does not take us.
        if (deadline.passed()) return refuse("its backlog stayed full (it is not accepting connections)");
        back_off(round);
    }
    struct ucred cred{};
    socklen_t len = sizeof cred;
    if (::getsockopt(fd.get(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return refuse("no peer credentials");
    if (cred.uid != ::getuid()) return refuse("it is served by uid " + std::to_string(cred.uid));
    if (peer) peer->pid = cred.pid;
    return fd.release();
}

int connect_or_start_daemon(const std::string& endpoint, std::string* refused, DaemonPeer* peer) {
    std::string why;
    int fd = connect_to_daemon(endpoint, &why, peer);
    if (fd >= 0) return fd;
    if (!why.empty()) {
        if (refused) *refused = why;
        return -1;
    }
    if (!ensure_private_directory(std::string(common::dir_name(endpoint)))) return -1;
    UniqueFd lock(::open((endpoint + ".start.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!lock.valid()) return -1;
    // The client holding the lock is starting a daemon; it cannot hold it longer than a start
    // takes, but a stopped client could: the wait is bounded too.
    Deadline deadline(daemon_silence_limit_ms());
    for (int round = 0; ::flock(lock.get(), LOCK_EX | LOCK_NB) != 0;) {
        if (errno != EWOULDBLOCK && errno != EINTR) return -1;
        if (deadline.passed()) return -1;
        back_off(round);
    }
    for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
        // Another client may have started it while we waited for the lock.
        fd = connect_to_daemon(endpoint, nullptr, peer);
        if (fd >= 0) return fd;
        if (!spawn_daemon()) continue;
        fd = connect_to_daemon(endpoint, nullptr, peer);
        if (fd >= 0) return fd;
    }
    return -1;
}

}  // namespace zc::client

#include "ipc/daemon_start.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "common/fs.h"
#include "common/paths.h"
#include "ipc/deadline.h"

namespace zc::ipc {

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

// Starts zccache-daemon detached and waits until it listens (it writes to the ready pipe), dies,
// or the silence limit passes.
bool spawn_daemon() {
    std::string daemon = common::executable_directory() + "/zccache-daemon";
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
    struct pollfd p {
        ready[0], POLLIN, 0
    };
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

}  // namespace zc::ipc

#include "ipc/wedged_daemon.h"

#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/fs.h"
#include "common/pidfd.h"

namespace zc::ipc {

namespace {
constexpr int kExitWaitMs = 2000;

// The daemon's children, from every thread's list (a child belongs to the thread that forked
// it). Stopped, the daemon cannot reap them, so their pids stay theirs while we look.
std::vector<pid_t> children_of(pid_t pid) {
    std::vector<pid_t> out;
    std::string tasks = "/proc/" + std::to_string(pid) + "/task";
    DIR* dir = ::opendir(tasks.c_str());
    if (!dir) return out;
    while (struct dirent* entry = ::readdir(dir)) {
        if (entry->d_name[0] == '.') continue;
        std::string list = common::read_file(tasks + "/" + entry->d_name + "/children").value_or("");
        for (char* p = list.data(); *p != '\0';) {
            char* end = nullptr;
            long child = std::strtol(p, &end, 10);
            if (end == p) break;
            if (child > 0) out.push_back(static_cast<pid_t>(child));
            p = end;
        }
    }
    ::closedir(dir);
    return out;
}
}  // namespace

WedgedDaemon stop_wedged_daemon(int fd, pid_t pid) {
    if (pid <= 0) return WedgedDaemon::kUnreachable;
    // The pidfd first, then the connection: if the daemon still holds it after the pidfd was
    // taken, the pidfd is the daemon's and not a later process's with a reused pid.
    common::UniqueFd pidfd(common::open_pidfd(pid));
    int open_error = errno;  // the poll below may change errno
    struct pollfd conn {
        fd, POLLRDHUP, 0
    };
    if (::poll(&conn, 1, 0) > 0 && (conn.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0) return WedgedDaemon::kGone;
    if (!pidfd.valid()) return open_error == ESRCH ? WedgedDaemon::kGone : WedgedDaemon::kUnreachable;
    if (!common::signal_pidfd(pidfd.get(), SIGSTOP))
        return errno == ESRCH ? WedgedDaemon::kGone : WedgedDaemon::kUnreachable;
    for (pid_t child : children_of(pid)) {
        ::kill(-child, SIGKILL);  // its compiler's process group: cc1, as, ld
        ::kill(child, SIGKILL);   // and the child itself, if it had not made its group yet
    }
    if (!common::signal_pidfd(pidfd.get(), SIGKILL)) return WedgedDaemon::kUnreachable;
    struct pollfd exited {
        pidfd.get(), POLLIN, 0
    };
    ::poll(&exited, 1, kExitWaitMs);
    return WedgedDaemon::kKilled;
}

}  // namespace zc::ipc

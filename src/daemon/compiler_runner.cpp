#include "daemon/compiler_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "common/fs.h"
#include "daemon/compile_priority.h"

namespace zc::daemon {

namespace {
std::vector<char*> c_strings(const std::vector<std::string>& strings) {
    std::vector<char*> out;
    out.reserve(strings.size() + 1);
    for (const std::string& s : strings) out.push_back(const_cast<char*>(s.c_str()));
    out.push_back(nullptr);
    return out;
}

// Appends what is readable on `fd`; false at EOF.
bool pump(int fd, std::string& out) {
    char buf[16384];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
        out.append(buf, static_cast<size_t>(n));
        return true;
    }
    return n < 0 && (errno == EINTR || errno == EAGAIN);
}
}  // namespace

RunResult run_compiler(const std::string& path, const std::vector<std::string>& argv,
                       const std::vector<std::string>& env, const std::string& cwd, int client_fd,
                       int nice_increment) {
    RunResult result;
    int out_pipe[2], err_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0) return result;
    if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
        ::close(out_pipe[0]);
        ::close(out_pipe[1]);
        return result;
    }
    common::UniqueFd out_read(out_pipe[0]), out_write(out_pipe[1]);
    common::UniqueFd err_read(err_pipe[0]), err_write(err_pipe[1]);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_write.get(), 1);
    posix_spawn_file_actions_adddup2(&actions, err_write.get(), 2);
    posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());

    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);  // the daemon ignores it; the compiler must not inherit that
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setpgroup(&attr, 0);  // its own group, so that Ctrl-C cleanup kills cc1 and as too
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

    std::vector<char*> args = c_strings(argv);
    std::vector<char*> envp = c_strings(env);
    pid_t pid = 0;
    int rc;
    {
        ScopedThreadNice niced(nice_increment);
        rc = ::posix_spawn(&pid, path.c_str(), &actions, &attr, args.data(), envp.data());
    }
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    out_write.reset();
    err_write.reset();
    if (rc != 0) return result;
    result.started = true;

    bool out_open = true, err_open = true;
    while (out_open || err_open) {
        struct pollfd fds[3] = {{out_read.get(), POLLIN, 0}, {err_read.get(), POLLIN, 0},
                                {client_fd, POLLIN | POLLRDHUP, 0}};
        fds[0].fd = out_open ? out_read.get() : -1;
        fds[1].fd = err_open ? err_read.get() : -1;
        if (::poll(fds, 3, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        // The client sends nothing after its request: anything readable means it is gone.
        if (fds[2].revents != 0) {
            result.client_gone = true;
            ::kill(-pid, SIGKILL);
            break;
        }
        if (fds[0].revents) out_open = pump(out_read.get(), result.stdout_data);
        if (fds[1].revents) err_open = pump(err_read.get(), result.stderr_data);
    }

    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

}  // namespace zc::daemon

#include "daemon/compiler_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "common/fs.h"
#include "common/pidfd.h"
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

constexpr int kPipeBytes = 1 << 20;        // the most an unprivileged process may ask for by default
constexpr size_t kStreamingBytes = 65536;  // a read this large means output is streaming: no pause
constexpr int kCoalesceMs = 2;

// Appends what is readable on `fd`, counting it in `read_bytes`; false at EOF.
bool pump(int fd, std::string& out, size_t& read_bytes) {
    char buf[65536];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
        out.append(buf, static_cast<size_t>(n));
        read_bytes += static_cast<size_t>(n);
        return true;
    }
    return n < 0 && (errno == EINTR || errno == EAGAIN);
}

// Starts `path` in its own process group (so that Ctrl-C cleanup kills cc1 and as too), stdin
// /dev/null, stdout and stderr into the pipes, in `cwd`, with the client's umask: the compiler's
// own outputs (a link's binary, a .gcno beside an in-place object) get their modes from it.
// posix_spawn cannot set a umask, so this is vfork + exec as glibc's posix_spawn does it: the
// child shares our memory until it execs, makes system calls only, and runs with every signal
// blocked until its handlers are reset (the daemon ignores SIGPIPE; the compiler must not).
// Returns the pid, or -1 with nothing left running.
pid_t spawn_child(const char* path, char* const* argv, char* const* envp, const char* cwd, mode_t umask_bits,
                  int out_fd, int err_fd) {
    int exec_error[2];
    if (::pipe2(exec_error, O_CLOEXEC) != 0) return -1;
    sigset_t all, saved;
    sigfillset(&all);
    ::pthread_sigmask(SIG_SETMASK, &all, &saved);
    pid_t pid = ::vfork();
    if (pid == 0) {
        for (int sig = 1; sig < NSIG; ++sig) {
            struct sigaction sa;
            if (::sigaction(sig, nullptr, &sa) != 0) continue;
            if (sig == SIGPIPE || (sa.sa_handler != SIG_IGN && sa.sa_handler != SIG_DFL)) {
                sa.sa_handler = SIG_DFL;
                sa.sa_flags = 0;
                ::sigaction(sig, &sa, nullptr);
            }
        }
        int null_fd = ::open("/dev/null", O_RDONLY);
        int err = 0;
        if (null_fd < 0 || ::dup2(null_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0 ||
            ::setpgid(0, 0) != 0 || ::chdir(cwd) != 0) {
            err = errno;
        } else {
            ::umask(umask_bits);
            sigset_t none;
            sigemptyset(&none);
            ::sigprocmask(SIG_SETMASK, &none, nullptr);
            ::execve(path, argv, envp);
            err = errno;
        }
        ssize_t ignored = ::write(exec_error[1], &err, sizeof err);
        (void)ignored;
        ::_exit(127);
    }
    ::pthread_sigmask(SIG_SETMASK, &saved, nullptr);
    ::close(exec_error[1]);
    if (pid < 0) {
        ::close(exec_error[0]);
        return -1;
    }
    // The write end closes at exec (CLOEXEC): nothing to read means the compiler is running.
    int err = 0;
    ssize_t n;
    do {
        n = ::read(exec_error[0], &err, sizeof err);
    } while (n < 0 && errno == EINTR);
    ::close(exec_error[0]);
    if (n > 0) {
        while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
        }
        return -1;
    }
    return pid;
}
}  // namespace

RunResult run_compiler(const std::string& path, const std::vector<std::string>& argv,
                       const std::vector<std::string>& env, const std::string& cwd, ClientLink& client,
                       int nice_increment, mode_t umask_bits) {
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

    std::vector<char*> args = c_strings(argv);
    std::vector<char*> envp = c_strings(env);
    pid_t pid;
    {
        ScopedThreadNice niced(nice_increment);
        pid = spawn_child(path.c_str(), args.data(), envp.data(), cwd.c_str(), umask_bits, out_write.get(),
                          err_write.get());
    }
    out_write.reset();
    err_write.reset();
    if (pid < 0) return result;
    result.started = true;

    // A compiler writes its output a line at a time (gcc's -H trace: one write per header), and
    // waking for each write was most of the daemon's CPU in a miss. After reading what is there,
    // the loop waits a moment on the compiler's exit and the client only, so that lines pile up
    // in the pipe (grown to hold them) and come out in one read. When output streams faster
    // than that (a full read), it reads on at once.
    ::fcntl(out_read.get(), F_SETPIPE_SZ, kPipeBytes);
    ::fcntl(err_read.get(), F_SETPIPE_SZ, kPipeBytes);
    common::UniqueFd exited(common::open_pidfd(pid));
    bool out_open = true, err_open = true, child_exited = false;
    // Every wait is bounded by the client's heartbeat: it hears from us while the compiler runs.
    while (out_open || err_open) {
        struct pollfd fds[3] = {
            {out_read.get(), POLLIN, 0}, {err_read.get(), POLLIN, 0}, {client.fd(), POLLIN | POLLRDHUP, 0}};
        fds[0].fd = out_open ? out_read.get() : -1;
        fds[1].fd = err_open ? err_read.get() : -1;
        int ready = ::poll(fds, 3, client.wait_ms());
        client.check_in();
        if (ready < 0) {
            if (errno == EINTR) continue;
            break;
        }
        // The client sends nothing after its request: anything readable means it is gone.
        if (fds[2].revents != 0) {
            result.client_gone = true;
            ::kill(-pid, SIGKILL);
            break;
        }
        size_t read_bytes = 0;
        if (fds[0].revents) out_open = pump(out_read.get(), result.stdout_data, read_bytes);
        if (fds[1].revents) err_open = pump(err_read.get(), result.stderr_data, read_bytes);
        if (ready > 0 && exited.valid() && !child_exited && (out_open || err_open) && read_bytes < kStreamingBytes) {
            struct pollfd wait_fds[2] = {{exited.get(), POLLIN, 0}, {client.fd(), POLLIN | POLLRDHUP, 0}};
            if (::poll(wait_fds, 2, kCoalesceMs) > 0 && wait_fds[0].revents != 0) child_exited = true;
        }
    }

    // A compiler can close its output and still run (or leave a child holding it): wait for its
    // exit as for its output, beating, and killing it if the client leaves. Without a pidfd (a
    // kernel before 5.3) the exit is polled for, never waited on without a bound.
    constexpr int kReapPollMs = 10;
    int status = 0;
    while (true) {
        pid_t reaped = ::waitpid(pid, &status, WNOHANG);
        if (reaped == pid) break;
        if (reaped < 0) {
            if (errno == EINTR) continue;
            // Its exit status is lost (ECHILD: something reaped it): nothing of this run may be
            // reported or stored, as if it never started; the caller passes the compile through.
            result.started = false;
            return result;
        }
        // A client that left stays readable (hung up): watching it then would wake at once, again
        // and again, until the killed compiler is reaped.
        struct pollfd fds[2] = {{exited.get(), POLLIN, 0},  // -1 without a pidfd: poll skips it
                                {result.client_gone ? -1 : client.fd(), POLLIN | POLLRDHUP, 0}};
        ::poll(fds, 2, exited.valid() ? client.wait_ms() : std::min(client.wait_ms(), kReapPollMs));
        client.check_in();
        if (fds[1].revents != 0 && !result.client_gone) {
            result.client_gone = true;
            ::kill(-pid, SIGKILL);
        }
    }
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

}  // namespace zc::daemon

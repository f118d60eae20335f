#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>

#include "common/fs.h"
#include "daemon/crash_report.h"

namespace zc::daemon {

namespace {
// Filled before any crash: the handler may only use async-signal-safe calls.
char g_crash_dir[4096];

void write_text(int fd, const char* text) {
    [[maybe_unused]] ssize_t n = ::write(fd, text, ::strlen(text));
}

void on_crash(int sig) {
    char path[4200];
    std::snprintf(path, sizeof path, "%s/crash-%d-%ld.txt", g_crash_dir, static_cast<int>(::getpid()),
                  static_cast<long>(::time(nullptr)));
    int fd = ::open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0) {
        char header[256];
        std::snprintf(header, sizeof header, "zccache-daemon %s crashed: signal %d (%s)\nbacktrace:\n", ZCCACHE_VERSION,
                      sig, ::sigabbrev_np(sig) ? ::sigabbrev_np(sig) : "?");
        write_text(fd, header);
        void* frames[64];
        int count = ::backtrace(frames, 64);
        ::backtrace_symbols_fd(frames, count, fd);
        ::close(fd);
    }
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}
}  // namespace

void install_crash_reporter(const std::string& cache_root) {
    std::string dir = cache_root + "/crashes";
    common::make_dirs(dir, 0700);
    std::snprintf(g_crash_dir, sizeof g_crash_dir, "%s", dir.c_str());
    void* warm[1];
    ::backtrace(warm, 1);  // loads libgcc now, not inside the handler
    for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) ::signal(sig, on_crash);
}

}  // namespace zc::daemon

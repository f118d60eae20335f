#pragma once
// Process file descriptors: a handle on one process that a reused pid cannot redirect.
// glibc 2.36 has no C-linkage declarations of these for C++: the system calls themselves.

#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

namespace zc::common {

// A pidfd for `pid`, or -1 with errno set (ESRCH: no such process).
inline int open_pidfd(pid_t pid) {
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

// False with errno set when the signal could not be sent (ESRCH: the process is gone).
inline bool signal_pidfd(int pidfd, int sig) {
    return ::syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0) == 0;
}

}  // namespace zc::common

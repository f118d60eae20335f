#pragma once
// A daemon that sent nothing for the silence limit (it sends heartbeats while a compile waits or
// runs) is stopped (SIGSTOP, a debugger) or wedged. Before a client compiles by itself, that
// daemon must never again write the outputs it was asked for: it could wake and deliver them
// over the ones the client is writing. So it is frozen, the compilers it runs (each in its own
// process group, and so beyond a SIGKILL of the daemon alone) are killed, and then it is.
// The next client starts a fresh daemon; the cache on disk survives a kill.

#include <sys/types.h>

namespace zc::ipc {

enum class WedgedDaemon {
    kKilled,      // it and its compilers are gone
    kGone,        // it had already let go of the connection: nothing left to stop
    kUnreachable  // no pid we can signal (another pid namespace): it may still wake
};

// `fd` is the connection it went silent on, `pid` its pid from SO_PEERCRED.
WedgedDaemon stop_wedged_daemon(int fd, pid_t pid);

}  // namespace zc::ipc

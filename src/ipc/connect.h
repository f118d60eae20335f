#pragma once
// The client's end: connect to the daemon's socket once the endpoint is trusted.

#include <sys/types.h>

#include <string>

namespace zc::ipc {

// How long a daemon may stay silent (not accept, not start, send no frame) before it is given
// up, in ms: ZCCACHE_DAEMON_TIMEOUT_SECS, 10 by default; -1 (for "0") waits without a bound.
// The socket a connect returns is non-blocking: every read and write on it passes this bound.
int daemon_silence_limit_ms();

// The daemon's end of a connection.
struct DaemonPeer {
    pid_t pid = 0;  // 0 when it lives in a pid namespace we cannot see
};

// Connected socket fd to a running daemon, or -1; never starts one. Nothing is sent to an
// endpoint before it is trusted: its directory is a real directory of this user that no one
// else can write into, and the process listening on it runs as this user (SO_PEERCRED).
// Anyone else there would receive every compile's environment and could answer it. A daemon
// whose backlog stays full (it is not accepting) is given up after the silence limit.
// `refused` (when given) says why an endpoint was not trusted.
int connect_to_daemon(const std::string& endpoint, std::string* refused = nullptr, DaemonPeer* peer = nullptr);

}  // namespace zc::ipc

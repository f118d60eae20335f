#pragma once
// Reaching the daemon: connect to its socket, or start it (once, under a lock) and connect.

#include <string>

namespace zc::client {

// Connected socket fd, or -1 when the daemon could not be reached or started within the budget.
// `refused` (when given) says why an endpoint was not trusted; then no daemon is started there.
int connect_or_start_daemon(const std::string& endpoint, std::string* refused = nullptr);

// Connected socket fd to a running daemon, or -1; never starts one. Nothing is sent to an
// endpoint before it is trusted: its directory is a real directory of this user that no one
// else can write into, and the process listening on it runs as this user (SO_PEERCRED).
// Anyone else there would receive every compile's environment and could answer it.
int connect_to_daemon(const std::string& endpoint, std::string* refused = nullptr);

// Directory of this executable (where zccache-daemon and zccache-cli live).
std::string own_directory();

}  // namespace zc::client

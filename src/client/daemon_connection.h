#pragma once
// Reaching the daemon: connect to its socket, or start it (once, under a lock) and connect.

#include <string>

namespace zc::client {

// Connected socket fd, or -1 when the daemon could not be reached or started within the budget.
int connect_or_start_daemon(const std::string& endpoint);

// Connected socket fd to a running daemon, or -1; never starts one.
int connect_to_daemon(const std::string& endpoint);

// Directory of this executable (where zccache-daemon and zccache-cli live).
std::string own_directory();

}  // namespace zc::client

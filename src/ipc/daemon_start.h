#pragma once
// Reaching the daemon, starting it first when none runs: once, under a lock, bounded in time.

#include <string>

#include "ipc/connect.h"

namespace zc::ipc {

// Connected socket fd, or -1 when the daemon could not be reached or started within the silence
// limit. `refused` (when given) says why an endpoint was not trusted; then no daemon is started
// there. The daemon is `zccache-daemon` beside this executable.
int connect_or_start_daemon(const std::string& endpoint, std::string* refused = nullptr, DaemonPeer* peer = nullptr);

}  // namespace zc::ipc

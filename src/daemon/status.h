#pragma once
// `status` and `clear` as the daemon answers them.

#include "daemon/context.h"
#include "protocol/messages.h"

namespace zc::daemon {

protocol::StatusReply collect_status(DaemonContext& ctx);
// Drops every entry and blob and resets the counters; waits for running compiles first.
// False when the index could not be cleared (memory and blobs are, all the same).
bool clear_cache(DaemonContext& ctx);

}  // namespace zc::daemon

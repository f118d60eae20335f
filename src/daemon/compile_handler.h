#pragma once
// One CompileEphemeral request: key it, serve a hit, or compile, store and deliver.

#include "daemon/context.h"
#include "protocol/messages.h"

namespace zc::daemon {

// `client_fd` is watched while a compile runs: if the client goes away the compile is killed.
protocol::CompileReply handle_compile(DaemonContext& ctx, const protocol::CompileRequest& request, int client_fd);

}  // namespace zc::daemon

#pragma once
// One CompileEphemeral request: key it, serve a hit, or compile, store and deliver.

#include "daemon/client_link.h"
#include "daemon/context.h"
#include "daemon/journal.h"
#include "protocol/messages.h"

namespace zc::daemon {

// `client` is watched while a compile runs: if the client goes away the compile is killed.
// `facts` receives what the journal needs beyond the reply.
protocol::CompileReply handle_compile(DaemonContext& ctx, const protocol::CompileRequest& request, ClientLink& client,
                                      CompileFacts& facts);

}  // namespace zc::daemon

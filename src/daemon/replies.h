#pragma once
// Replies every tool gives the same way.

#include <string_view>

#include "daemon/context.h"
#include "daemon/job.h"
#include "protocol/messages.h"
#include "reasons/reason.h"

namespace zc::daemon {

// Counts `reason` and tells the client to run the command itself. The client resolves the
// compiler on its own: it never executes a path taken from a reply.
protocol::CompileReply passthrough(DaemonContext& ctx, reasons::Reason reason);

// Writes a result's diagnostics into a reply, plain or coloured as this caller wants them.
void replay_output(const Job& job, std::string_view out, std::string_view err, protocol::CompileReply& reply);

}  // namespace zc::daemon

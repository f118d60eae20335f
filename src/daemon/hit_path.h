#pragma once
// The hit path shared by every tool: find a manifest entry whose recorded inputs are all
// unchanged, check its blobs, and put its outputs in place.

#include "daemon/context.h"
#include "daemon/job.h"
#include "protocol/messages.h"
#include "reasons/reason.h"

namespace zc::daemon {

// Looks up the key's manifest and, on a match, delivers its outputs. Fills `reply` on a hit,
// else says why in `why_missed`.
bool serve_hit(DaemonContext& ctx, const Job& job, protocol::CompileReply& reply, reasons::Reason& why_missed);

}  // namespace zc::daemon

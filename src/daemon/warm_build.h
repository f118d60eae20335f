#pragma once
// `zccache warm --compile-commands`: a whole build's compiles checked against the cache in one
// request, in parallel, and the hits restored before the build tool runs (see restore_compile).

#include "daemon/client_link.h"
#include "daemon/context.h"
#include "protocol/messages.h"

namespace zc::daemon {

protocol::WarmBuildReply warm_build(DaemonContext& ctx, const protocol::WarmBuildRequest& request, ClientLink& client);

}  // namespace zc::daemon

#pragma once
// Finding a program as the build would run it: a name without '/' on the request's PATH (cwd
// for empty entries), never zccache itself (a masquerade symlink on PATH).

#include <optional>
#include <string_view>

#include "compiler/compiler_locator.h"
#include "daemon/context.h"
#include "protocol/messages.h"

namespace zc::daemon {

std::optional<compiler::ResolvedCompiler> locate_on_build_path(DaemonContext& ctx,
                                                               const protocol::CompileRequest& request,
                                                               std::string_view name);

}  // namespace zc::daemon

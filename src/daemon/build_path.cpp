#include "daemon/build_path.h"

#include "common/env.h"

namespace zc::daemon {

std::optional<compiler::ResolvedCompiler> locate_on_build_path(const DaemonContext& ctx,
                                                               const protocol::CompileRequest& request,
                                                               std::string_view name) {
    std::string_view path_var = common::env_lookup(request.env, "PATH").value_or("/usr/bin:/bin");
    return compiler::locate_compiler(name, path_var, request.cwd, ctx.client_dev, ctx.client_ino);
}

}  // namespace zc::daemon

#include "daemon/build_path.h"

#include "common/env.h"

namespace zc::daemon {

std::optional<compiler::ResolvedCompiler> locate_on_build_path(DaemonContext& ctx,
                                                               const protocol::CompileRequest& request,
                                                               std::string_view name) {
    std::string_view path_var = common::env_lookup(request.env, "PATH").value_or("/usr/bin:/bin");
    compiler::ProgramFiles files;
    files.executable = [&](const std::string& path, dev_t& dev, ino_t& ino) {
        meta::FileInfo info = ctx.files.get(path);
        dev = info.dev;
        ino = info.ino;
        return info.executable;
    };
    files.real_path = [&](const std::string& path) { return ctx.files.real_path(path); };
    return compiler::locate_compiler(name, path_var, request.cwd, ctx.client_dev, ctx.client_ino, files);
}

}  // namespace zc::daemon

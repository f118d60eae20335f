#include "daemon/tools/emscripten_toolchain.h"

#include <algorithm>

#include "common/env.h"
#include "common/paths.h"
#include "compiler/emscripten.h"
#include "reasons/reason.h"

namespace zc::daemon {

using reasons::Reason;

namespace {

std::string content_id(DaemonContext& ctx, const std::string& path) {
    meta::FileInfo info = ctx.files.get(path);
    return path + "=" + (info.regular ? info.hash.hex() : "absent") + "\n";
}

}  // namespace

bool identify_emscripten(DaemonContext& ctx, const protocol::CompileRequest& request,
                         const std::vector<std::string>& args, compiler::ResolvedCompiler& emcc, Reason& refusal) {
    std::string root(common::dir_name(emcc.real_path));
    std::string name(common::base_name(emcc.path));
    if (name.ends_with(".py")) name.resize(name.size() - 3);
    std::string files = "called as " + name + "\n" + content_id(ctx, emcc.real_path) +
                        content_id(ctx, root + "/emcc.py") + content_id(ctx, root + "/" + name + ".py") +
                        content_id(ctx, root + "/emscripten-version.txt");

    auto config = compiler::emscripten_config(args, common::env_lookup(request.env, "EM_CONFIG"), root,
                                              common::env_lookup(request.env, "HOME"),
                                              [&](const std::string& path) { return ctx.files.get(path).regular; });
    if (!config) {
        refusal = Reason::kEmscriptenConfigMissing;
        return false;
    }
    if (config->starts_with("inline:")) {
        files += *config + "\n";
    } else {
        std::string path = common::absolute_from(request.cwd, *config);
        if (!ctx.files.get(path).regular) {
            refusal = Reason::kEmscriptenConfigMissing;
            return false;
        }
        files += "config " + content_id(ctx, path);
    }

    std::vector<std::string> variables;
    for (const std::string& entry : request.env) {
        if (compiler::is_emscripten_variable(std::string_view(entry).substr(0, entry.find('='))))
            variables.push_back(entry);
    }
    std::sort(variables.begin(), variables.end());
    std::string version = ctx.tools.describe(files, {emcc.path, "-v"}, request.env, request.cwd);
    if (version.empty()) {
        refusal = Reason::kToolVersionUnknown;
        return false;
    }
    emcc.identity = files + version;
    for (const std::string& variable : variables) emcc.identity += "env " + variable + "\n";
    return true;
}

bool identify_wasm_ld(DaemonContext& ctx, const protocol::CompileRequest& request, compiler::ResolvedCompiler& linker,
                      Reason& refusal) {
    std::string files =
        "called as " + std::string(common::base_name(linker.path)) + "\n" + content_id(ctx, linker.real_path);
    std::string version = ctx.tools.describe(files, {linker.path, "--version"}, request.env, request.cwd);
    if (version.empty()) {
        refusal = Reason::kToolVersionUnknown;
        return false;
    }
    linker.identity = files + version;
    return true;
}

}  // namespace zc::daemon

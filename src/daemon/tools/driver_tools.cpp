#include "daemon/tools/driver_tools.h"

#include <array>

#include "common/paths.h"
#include "daemon/build_path.h"
#include "daemon/tool_identity.h"

namespace zc::daemon {

namespace {
constexpr std::array<std::string_view, 2> kLookupEnv = {"GCC_EXEC_PREFIX", "COMPILER_PATH"};

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    return text;
}
}  // namespace

std::optional<std::string> driver_program(DaemonContext& ctx, const protocol::CompileRequest& request,
                                          const compiler::ResolvedCompiler& driver, const meta::FileInfo& driver_file,
                                          const std::vector<std::string>& driver_args, const std::string& name,
                                          ClientLink& client) {
    std::string memo =
        tool_memo_key(driver.real_path, driver_file.hash, request.env, request.cwd) + "tools\n" + request.cwd;
    std::vector<std::string> env = driver_query_env(request.env, kLookupEnv, memo);
    std::vector<std::string> argv{driver.path};
    argv.insert(argv.end(), driver_args.begin(), driver_args.end());
    argv.push_back("-print-prog-name=" + name);
    std::string path = trimmed(ctx.tools.describe(memo, argv, env, request.cwd, client));
    if (path.empty()) return std::nullopt;
    if (path.find('/') == std::string::npos) {  // not found where it looked: the driver runs it from PATH
        auto located = locate_on_build_path(ctx, request, path);
        return located ? located->real_path : std::string();
    }
    return common::absolute_from(request.cwd, path);
}

std::optional<std::string> driver_tools_identity(DaemonContext& ctx, const protocol::CompileRequest& request,
                                                 const compiler::ResolvedCompiler& driver,
                                                 const meta::FileInfo& driver_file,
                                                 const std::vector<std::string>& driver_args,
                                                 const std::vector<std::string>& names, ClientLink& client) {
    std::string identity;
    for (const std::string& name : names) {
        std::optional<std::string> found = driver_program(ctx, request, driver, driver_file, driver_args, name, client);
        if (!found) return std::nullopt;
        const std::string& path = *found;
        meta::FileInfo info = path.empty() ? meta::FileInfo{} : ctx.files.get(path);
        identity += name + "=" + path + ":" + (info.regular ? info.hash.hex() : std::string("absent")) + "\n";
    }
    return identity;
}

}  // namespace zc::daemon

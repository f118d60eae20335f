#include "daemon/tools/link_search.h"

#include <array>

#include "common/fs.h"
#include "common/paths.h"
#include "daemon/tool_identity.h"
#include "daemon/tools/driver_tools.h"

namespace zc::daemon {

namespace {
// What moves the driver's -L list or the programs it finds.
constexpr std::array<std::string_view, 3> kSearchEnv = {"LIBRARY_PATH", "GCC_EXEC_PREFIX", "COMPILER_PATH"};
}  // namespace

std::optional<compiler::LibrarySearch> link_library_search(DaemonContext& ctx, const protocol::CompileRequest& request,
                                                           const compiler::ResolvedCompiler& driver,
                                                           const meta::FileInfo& driver_file,
                                                           const compiler::LinkInvocation& link,
                                                           const std::vector<std::string>& driver_args,
                                                           const std::string& linker_name, ClientLink& client) {
    std::string memo =
        tool_memo_key(driver.real_path, driver_file.hash, request.env, request.cwd) + "link\n" + request.cwd;
    std::vector<std::string> env = driver_query_env(request.env, kSearchEnv, memo);
    std::vector<std::string> argv{driver.path, "-###"};
    argv.insert(argv.end(), link.args.begin(), link.args.end());
    std::optional<std::vector<std::string>> linker_command =
        compiler::last_driver_command(ctx.tools.describe(memo, argv, env, request.cwd, client));
    if (!linker_command || linker_command->empty()) return std::nullopt;

    compiler::LibrarySearch search;
    // A linker response file is read now, as the linker will: its words may name libraries, and
    // the file itself is a dependency (its content is not in the key).
    auto read = [&](const std::string& path) -> std::optional<std::string> {
        if (!ctx.files.get(path).regular) return std::nullopt;
        return common::read_file(path);
    };
    std::vector<std::string> linker_args(linker_command->begin() + 1, linker_command->end());
    if (!compiler::read_library_search(linker_args, request.cwd, read, search)) return std::nullopt;

    // GNU ld then looks in the directories its built-in script names.
    std::optional<std::string> linker =
        driver_program(ctx, request, driver, driver_file, driver_args, linker_name, client);
    if (!linker) return std::nullopt;
    if (!linker->empty()) {
        meta::FileInfo linker_file = ctx.files.get(*linker);
        if (!linker_file.regular) return std::nullopt;
        std::string linker_memo = tool_memo_key(*linker, linker_file.hash, request.env, request.cwd) + "ld-verbose\n";
        std::vector<std::string> linker_env = driver_query_env(request.env, {}, linker_memo);
        std::string verbose = ctx.tools.describe(linker_memo, {*linker, "--verbose"}, linker_env, request.cwd, client);
        for (std::string& dir : compiler::linker_builtin_dirs(verbose, search.sysroot))
            search.dirs.push_back(std::move(dir));
    }
    return search;
}

}  // namespace zc::daemon

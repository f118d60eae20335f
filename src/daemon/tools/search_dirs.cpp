#include "daemon/tools/search_dirs.h"

#include <algorithm>
#include <array>

#include "common/env.h"
#include "common/paths.h"
#include "compiler/option_table.h"
#include "daemon/tool_identity.h"

namespace zc::daemon {

namespace {

// Arguments that can change the search list. Everything else (-D, -O, warnings, -M…, outputs)
// is left out: it cannot move a directory, and -M… with -E would write a dep file.
constexpr std::array<std::string_view, 22> kSearchOptions = {
    "-I",
    "-iquote",
    "-isystem",
    "-idirafter",
    "-iprefix",
    "-iwithprefix",
    "-isysroot",
    "--sysroot",
    "-nostdinc",
    "-stdlib=",
    "-target",
    "--target",
    "-m",
    "-B",
    "--gcc-toolchain",
    "-gcc-toolchain",
    "-cxx-isystem",
    "-Xclang",
    "--include-directory",
    "-F",
    "-iframework",
    "--prefix",
};

constexpr std::array<std::string_view, 6> kSearchEnv = {
    "CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH", "GCC_EXEC_PREFIX", "COMPILER_PATH"};

bool affects_search(std::string_view arg) {
    for (std::string_view option : kSearchOptions) {
        if (arg.starts_with(option)) return true;
    }
    return false;
}

}  // namespace

std::vector<std::string> search_arguments(const compiler::Invocation& inv) {
    std::vector<std::string> out;
    for (size_t i = 0; i < inv.args.size(); ++i) {
        if (inv.roles[i] != compiler::ArgRole::kKeyed ||
            std::find(inv.source_indices.begin(), inv.source_indices.end(), i) != inv.source_indices.end()) {
            continue;
        }
        const std::string& arg = inv.args[i];
        std::string_view joined;
        const compiler::OptionSpec* spec = compiler::find_option(arg, joined);
        bool separate = spec && compiler::takes_separate_value(*spec, arg, joined) && i + 1 < inv.args.size();
        if (affects_search(arg)) {
            out.push_back(arg);
            if (separate) out.push_back(inv.args[i + 1]);
        }
        if (separate) ++i;
    }
    return out;
}

std::optional<compiler::SearchList> compiler_search_list(DaemonContext& ctx, const Job& compile,
                                                         const compiler::Invocation& inv,
                                                         const meta::FileInfo& compiler_file, ClientLink& client) {
    const protocol::CompileRequest& request = *compile.request;
    std::vector<std::string> argv{compile.compiler.path};
    for (std::string& arg : search_arguments(inv)) argv.push_back(std::move(arg));
    argv.insert(argv.end(), {"-E", "-v", "-x", inv.language, "/dev/null"});
    std::string memo = tool_memo_key(compile.compiler.real_path, compiler_file.hash, request.env, request.cwd) +
                       "search\n" + request.cwd;
    std::vector<std::string> env = driver_query_env(request.env, kSearchEnv, memo);  // only what can move a directory
    std::optional<compiler::SearchList> list =
        compiler::parse_search_list(ctx.tools.describe(memo, argv, env, request.cwd, client));
    if (!list) return std::nullopt;
    for (auto* dirs : {&list->quote_dirs, &list->angle_dirs, &list->missing_dirs}) {
        for (std::string& dir : *dirs) dir = common::absolute_from(request.cwd, dir);
    }
    return list;
}

std::vector<std::string> shadowing_order(const std::string& source_dir, const compiler::SearchList& list) {
    std::vector<std::string> out{source_dir};
    for (const auto* dirs : {&list.missing_dirs, &list.quote_dirs, &list.angle_dirs}) {
        for (const std::string& dir : *dirs) {
            // A directory named twice is searched where it first appears.
            if (std::find(out.begin(), out.end(), dir) == out.end()) out.push_back(dir);
        }
    }
    return out;
}

}  // namespace zc::daemon

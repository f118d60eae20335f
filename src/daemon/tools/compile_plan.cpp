// C and C++ compiles (gcc, clang, emcc -c): how a single-source command becomes a keyed job.
// The miss path is in compile_miss.cpp (in_place_compile.cpp when the object names its own path).

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <optional>

#include "cache/context_key.h"
#include "common/env.h"
#include "common/fs.h"
#include "common/paths.h"
#include "daemon/job.h"
#include "daemon/tools/compile_miss.h"
#include "daemon/tools/compiler_check.h"
#include "daemon/tools/driver_tools.h"
#include "daemon/tools/plans.h"
#include "daemon/tools/search_dirs.h"
#include "daemon/tools/translation_unit.h"
#include "reasons/reason.h"

namespace zc::daemon {

using reasons::Reason;

namespace {

// The profile an -fprofile-use compile reads, or nullopt when we cannot tell which file it is.
std::optional<std::string> profile_path(const Job& compile, const compiler::Invocation& inv) {
    const std::string& cwd = compile.request->cwd;
    if (compile.compiler.family == compiler::Family::kClang) {
        std::string path =
            common::absolute_from(cwd, inv.profile_use_path.empty() ? "default.profdata" : inv.profile_use_path);
        struct stat st;
        if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) path += "/default.profdata";
        return path;
    }
    const std::string& out = compile.output_path;
    std::string stem = out.substr(0, out.size() - common::extension(out).size());
    if (inv.profile_use_path.empty()) return stem + ".gcda";
    // -fprofile-use=DIR: DIR/<absolute output path, '/' as '#'>.gcda. A path we might spell
    // differently from gcc (dot components, a '#' already) or a non-directory: not ours to key.
    std::string dir = common::absolute_from(cwd, inv.profile_use_path);
    struct stat st;
    if ((::stat(dir.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) || out.find("/./") != std::string::npos ||
        out.find("/../") != std::string::npos || out.find('#') != std::string::npos) {
        return std::nullopt;
    }
    std::replace(stem.begin(), stem.end(), '/', '#');
    return dir + "/" + stem + ".gcda";
}

// What a compile runs behind the driver: gcc's compiler proper and assembler; clang's assembler
// only when it does not use its own (its compiler proper is its own binary, already keyed).
std::vector<std::string> programs_behind_the_driver(const Job& compile, const compiler::Invocation& inv) {
    std::vector<std::string> names;
    if (compile.compiler.kind != compiler::ToolKind::kCompiler) return names;
    bool assembles = !inv.assembly_only;
    if (compile.compiler.family == compiler::Family::kGcc) {
        names.push_back(inv.language == "c++" ? "cc1plus" : "cc1");
        if (assembles) names.push_back("as");
    } else if (assembles && std::find_if(inv.args.begin(), inv.args.end(), [](const std::string& a) {
                                return a == "-fno-integrated-as" || a == "-no-integrated-as";
                            }) != inv.args.end()) {
        names.push_back("as");
    }
    return names;
}

bool wants_colour(const protocol::CompileRequest& request) {
    auto term = common::env_lookup(request.env, "TERM");
    return request.stderr_is_tty && !(term && *term == "dumb");
}

// gcc and clang: the key is the compiler (binary, --version, what runs behind the driver), the
// arguments that change the output, the keyed environment, the cwd and the source; the
// manifest entry adds every header the compile read and every header path that would shadow one.
class CompilePlan final : public ToolPlan {
  public:
    CompilePlan(DaemonContext& ctx, ClientLink& client, compiler::Invocation invocation) : ToolPlan(ctx, client) {
        unit_.invocation = std::move(invocation);
    }

    Reason prepare(Job& compile, const WatcherDrained& drained) override;

    protocol::CompileReply run_and_store(const Job& compile, Reason why_missed) override {
        return compile_and_store(ctx_, compile, unit_, client_, why_missed);
    }

    bool restorable() const override { return true; }

  private:
    TranslationUnit unit_;
};

Reason CompilePlan::prepare(Job& compile, const WatcherDrained& /*drained*/) {
    const protocol::CompileRequest& request = *compile.request;
    CompileFacts& facts = *compile.facts;
    compiler::apply_family(unit_.invocation, compile.compiler.family);
    compile.remap = cache::remap_for(request.env, request.cwd);
    if (compile.remap.active() && unit_.invocation.cacheable()) {
        // First, so that a narrower map of the user's still wins (gcc takes the last match,
        // clang the longest), as the Rust zccache defines it.
        compiler::prepend_keyed_args(unit_.invocation, cache::prefix_map_flags(compile.remap, unit_.invocation.args));
    }
    const compiler::Invocation& inv = unit_.invocation;
    if (!inv.output.empty()) facts.output = common::absolute_from(request.cwd, inv.output);
    if (!inv.cacheable()) return inv.uncacheable_reason;

    unit_.source_path = common::absolute_from(request.cwd, inv.source);
    compile.output_path = common::absolute_from(request.cwd, inv.output);
    if (inv.dep_mode != compiler::DepMode::kNone)
        compile.dep_file_path = common::absolute_from(request.cwd, inv.dep_file);
    for (const std::string* output : {&compile.output_path, &compile.dep_file_path}) {
        if (output->empty()) continue;
        struct stat st;
        bool exists = ::lstat(output->c_str(), &st) == 0;
        if (exists ? !S_ISREG(st.st_mode) : errno != ENOENT) return Reason::kOutputNotARegularFile;
        // `-o a.c`: the compiler refuses it, or overwrites its own input as the user asked.
        if (exists && common::same_file(*output, unit_.source_path)) return Reason::kOutputIsInput;
    }
    // gcc pins __DATE__ and __TIME__ to SOURCE_DATE_EPOCH; clang 14 does not (it reads the clock).
    unit_.source_date_epoch = compile.compiler.family == compiler::Family::kGcc &&
                              common::env_lookup(request.env, "SOURCE_DATE_EPOCH").has_value();
    compile.strip_colour = !inv.user_colour && !wants_colour(request);

    // The watcher was drained: every write that finished before this request arrived is known
    // to the metadata cache.
    const meta::FileInfo& compiler_file = compile.tool_file;
    meta::FileInfo source = ctx_.files.get(unit_.source_path);
    if (!source.regular) return Reason::kSourceMissing;
    std::optional<compiler::SearchList> search = compiler_search_list(ctx_, compile, inv, compiler_file, client_);
    if (!search) return Reason::kSearchListUnknown;
    unit_.search_dirs = shadowing_order(std::string(common::dir_name(unit_.source_path)), *search);
    std::vector<std::string> behind = programs_behind_the_driver(compile, inv);
    if (!behind.empty()) {
        std::optional<std::string> tools = driver_tools_identity(ctx_, request, compile.compiler, compiler_file,
                                                                 search_arguments(inv), behind, client_);
        if (!tools) return Reason::kCompilerToolsUnknown;
        compile.compiler.identity += *tools;
    }
    if ((source.has_time_macro || inv.time_macro_in_args) && !unit_.source_date_epoch) {
        return Reason::kTimeMacros;
    }

    cache::ContextInputs inputs;
    inputs.compiler_path = compile.compiler.real_path;
    inputs.driver_name = compiler::keyed_driver_name(compile.compiler);
    inputs.toolchain = compile.compiler.identity;
    std::optional<common::Hash128> compiler_key =
        compiler_check_hash(ctx_, request, compile.compiler, compiler_file, client_);
    if (!compiler_key) return Reason::kCompilerCheckFailed;
    inputs.compiler_hash = *compiler_key;
    inputs.family = compile.compiler.family;
    inputs.invocation = &inv;
    inputs.env = request.env;
    inputs.cwd = request.cwd;
    inputs.source_hash = source.hash;
    if (inv.native_cpu) inputs.host_cpu = cache::host_cpu_identity();
    inputs.remap = &compile.remap;
    if (inv.compile_in_place) inputs.in_place_output = compile.output_path;
    if (inv.profile_use) {
        std::optional<std::string> profile = profile_path(compile, inv);
        if (!profile) return Reason::kProfileOrCoverage;
        meta::FileInfo info = ctx_.files.get(*profile);
        inputs.profile = info.regular ? info.hash.hex() : "absent";
        compile.keyed_files.push_back(*profile);
    }
    bool path_sensitive = false;
    inputs.path_sensitive = &path_sensitive;
    compile.key = cache::context_key(inputs);
    if (compile.remap.active()) {
        if (path_sensitive) {
            facts.worktree = reasons::Worktree::kPathSensitiveArg;
        } else if (!compile.remap.covers(unit_.source_path)) {
            facts.worktree = reasons::Worktree::kPathOutsideRoot;
        }
        // The same compile with any toolchain: a sibling's other compiler is then named as the cause.
        cache::ContextInputs toolless = inputs;
        toolless.compiler_path.clear();
        toolless.compiler_hash = {};
        toolless.toolchain.clear();
        toolless.path_sensitive = nullptr;
        compile.toolless_key = cache::context_key(toolless);
        common::Hasher toolchain;
        toolchain.field("compiler", inputs.compiler_path);
        toolchain.field("hash", inputs.compiler_hash);
        toolchain.field("toolchain", inputs.toolchain);
        compile.toolchain = toolchain.digest();
    }
    facts.inputs = KeyInputs{compile.compiler.real_path, compiler_file.hash.hex(), {}, {}, request.cwd,
                             unit_.source_path,          source.hash.hex()};
    for (std::string_view arg : compiler::key_args(inv)) facts.inputs.args.emplace_back(arg);
    for (std::string_view name : cache::keyed_environment()) {
        if (auto value = common::env_lookup(request.env, name)) facts.inputs.env[std::string(name)] = *value;
    }
    return Reason::kNone;
}

}  // namespace

std::unique_ptr<ToolPlan> compile_plan(DaemonContext& ctx, ClientLink& client, compiler::Invocation invocation) {
    return std::make_unique<CompilePlan>(ctx, client, std::move(invocation));
}

}  // namespace zc::daemon

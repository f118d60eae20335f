// Link caching. The key is the driver, its arguments (but the output path), the environment and
// the cwd; the manifest's dependencies are every file the linker read, from the dependency file
// it writes on request (GNU ld, gold, lld and mold all can), so a changed object, archive,
// shared library, crt file or linker script misses. The linker writes the real output path
// itself, so that files it derives from that name land where the user expects; the binary and
// its side files are copied into the store afterwards and restored together on a hit.

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "cache/context_key.h"
#include "cache/manifest.h"
#include "cache/negative_deps.h"
#include "common/env.h"
#include "common/fs.h"
#include "common/paths.h"
#include "compiler/depfile.h"
#include "compiler/emscripten.h"
#include "daemon/compiler_runner.h"
#include "daemon/job.h"
#include "daemon/tools/compiler_check.h"
#include "daemon/tools/driver_tools.h"
#include "daemon/tools/link_search.h"
#include "daemon/tools/plans.h"
#include "daemon/tools/result_store.h"
#include "daemon/tools/side_effects.h"
#include "reasons/reason.h"
#include "store/delivery.h"

namespace zc::daemon {

using reasons::Reason;

namespace {

// wasm-ld (directly or under emcc) cannot write a dependency file; it lists inputs on stdout.
bool lists_inputs_by_trace(const compiler::ResolvedCompiler& linker) {
    return linker.kind == compiler::ToolKind::kWasmLd || linker.kind == compiler::ToolKind::kEmscripten;
}

// The linker a gcc or clang driver runs (collect2 and ld for gcc; -fuse-ld=X means ld.X), and the
// arguments that choose it.
void linker_programs(const compiler::LinkInvocation& link, compiler::Family family,
                     std::vector<std::string>& driver_args, std::vector<std::string>& names) {
    std::string linker = "ld";
    for (size_t i = 0; i < link.args.size(); ++i) {
        const std::string& arg = link.args[i];
        if (arg.starts_with("-B") || arg.starts_with("--prefix") || arg.starts_with("--ld-path")) {
            driver_args.push_back(arg);
            if ((arg == "-B" || arg == "--prefix") && i + 1 < link.args.size()) driver_args.push_back(link.args[++i]);
        }
        if (arg.starts_with("-fuse-ld=")) {
            driver_args.push_back(arg);
            std::string_view choice = std::string_view(arg).substr(9);
            linker = choice.find('/') != std::string_view::npos ? std::string(choice) : "ld." + std::string(choice);
        }
    }
    if (family == compiler::Family::kGcc) names.push_back("collect2");
    names.push_back(linker);
}

class LinkPlan final : public ToolPlan {
  public:
    LinkPlan(DaemonContext& ctx, ClientLink& client, compiler::LinkInvocation link)
        : ToolPlan(ctx, client), link_(std::move(link)) {}

    Reason prepare(Job& job, const WatcherDrained& drained) override;
    protocol::CompileReply run_and_store(const Job& job, Reason why_missed) override;
    std::string_view hit_outcome() const override { return protocol::outcome::kLinkHit; }

  private:
    compiler::LinkInvocation link_;
    std::vector<std::string> named_inputs_;          // absolute: files options name (emcc's, response files)
    std::optional<compiler::LibrarySearch> search_;  // the driver's library search, for gcc and clang
};

protocol::CompileReply LinkPlan::run_and_store(const Job& compile, Reason why_missed) {
    const protocol::CompileRequest& request = *compile.request;
    let_fresh_inputs_settle(common::absolute_all_from(request.cwd, link_.inputs));
    DirSnapshot before = snapshot_dir(std::string(common::dir_name(compile.output_path)));
    TempFile dep_file{ctx_.artifacts.temp_path(".ld.d")};
    std::vector<std::string> argv{compile.compiler.path};
    argv.insert(argv.end(), link_.args.begin(), link_.args.end());
    bool traced = lists_inputs_by_trace(compile.compiler);
    if (!traced) {
        argv.push_back(compiler::dependency_file_option(dep_file.path));
    } else if (!link_.user_trace) {
        argv.push_back(compile.compiler.kind == compiler::ToolKind::kWasmLd ? "--trace" : "-Wl,--trace");
    }

    int64_t started_ns = 0, link_ns = 0;
    RunResult run = run_tool(ctx_, compile, argv, client_, started_ns, link_ns);
    if (!run.started) return passthrough(ctx_, Reason::kCompilerSpawnFailed);

    std::vector<std::string> deps;
    if (traced) {
        deps = compiler::take_trace_lines(run.stdout_data, request.cwd, link_.user_trace,
                                          [&](const std::string& path) { return ctx_.files.get(path).regular; });
    } else {
        deps = common::absolute_all_from(request.cwd,
                                         compiler::parse_dep_file(common::read_file(dep_file.path).value_or("")));
    }
    add_dependencies(deps, named_inputs_);
    if (search_) add_dependencies(deps, search_->response_files);  // nested ones too

    protocol::CompileReply reply = miss_reply(ctx_, compile, run, run.client_gone || run.exit_code != 0, why_missed);
    if (reply.outcome == protocol::outcome::kError) return reply;
    reply.outcome = protocol::outcome::kLinkMiss;
    if (deps.empty() || !inputs_settled(ctx_, deps, started_ns)) {
        ctx_.stats.count(Reason::kNotStored);
        return reply;
    }

    cache::ManifestEntry entry;
    if (!capture_output(ctx_, compile, compile.output_path, cache::output_kind::kBinary, "", entry.outputs)) {
        ctx_.stats.count(Reason::kNotStored);
        return reply;
    }
    // A plain gcc or clang link writes only the files its arguments name: a file named after the
    // output that changed meanwhile is another job's, and a hit must not put it back.
    bool unnamed_are_ours = link_.writes_unnamed_files || compile.compiler.kind != compiler::ToolKind::kCompiler ||
                            common::env_lookup(request.env, "COMPILER_PATH") ||
                            common::env_lookup(request.env, "GCC_EXEC_PREFIX");
    for (const std::string& side : link_side_files(
             before, compile.output_path, common::absolute_all_from(request.cwd, link_.map_files), unnamed_are_ours)) {
        if (!capture_output(ctx_, compile, side, cache::output_kind::kSideFile, side, entry.outputs)) {
            ctx_.stats.count(Reason::kNotStored);
            return reply;
        }
    }
    // Libraries along the whole search, the driver's and the linker's directories too when the
    // driver said; else (emcc, wasm-ld) the -L directories given.
    cache::SearchCandidates libraries = cache::library_shadowing_candidates(
        search_ ? search_->dirs : common::absolute_all_from(request.cwd, link_.lib_dirs),
        search_ ? search_->libs : link_.libs, deps,
        [&](const std::string& path) { return ctx_.files.get(path).exists; });
    add_dependencies(deps, libraries.present);
    for (const std::string& dep : deps) {
        meta::FileInfo info = ctx_.files.get(dep);
        if (!info.regular) {
            ctx_.stats.count(Reason::kNotStored);
            return reply;
        }
        entry.deps.push_back({dep, info.hash.bytes()});
    }
    entry.absent = std::move(libraries.absent);
    add_run_to_manifest(ctx_, compile, std::move(entry), run, link_ns);
    return reply;
}

Reason LinkPlan::prepare(Job& compile, const WatcherDrained& /*drained*/) {
    const protocol::CompileRequest& request = *compile.request;
    const compiler::ResolvedCompiler resolved = compile.compiler;  // before its identity grows
    CompileFacts& facts = *compile.facts;
    if (!link_.cacheable()) return link_.uncacheable_reason;
    compile.output_path = common::absolute_from(request.cwd, link_.output);
    facts.output = compile.output_path;
    // `-o /dev/null` (configure's checks) and other non-files are the linker's to write.
    if (!common::replaceable_output(compile.output_path)) return Reason::kOutputNotARegularFile;

    const meta::FileInfo& compiler_file = compile.tool_file;
    for (const std::string& input : link_.inputs) {
        // The linker says what is wrong with a missing input better than we could.
        if (!ctx_.files.get(common::absolute_from(request.cwd, input)).regular) {
            return Reason::kLinkInputMissing;
        }
    }
    // Files emcc's options name (--pre-js, --js-library, --embed-file, ...): dependencies too.
    if (resolved.kind == compiler::ToolKind::kEmscripten) {
        for (const std::string& named : compiler::emscripten_named_inputs(link_.args)) {
            named_inputs_.push_back(common::absolute_from(request.cwd, named));
            if (!ctx_.files.get(named_inputs_.back()).regular) return Reason::kLinkInputNotAFile;
        }
    }
    // A linker response file's content is not in the key: it is a dependency.
    for (const std::string& response : link_.linker_response_files) {
        named_inputs_.push_back(common::absolute_from(request.cwd, response));
        if (!ctx_.files.get(named_inputs_.back()).regular) return Reason::kLinkInputNotAFile;
    }
    if (resolved.kind == compiler::ToolKind::kCompiler) {
        std::vector<std::string> driver_args, names;
        linker_programs(link_, resolved.family, driver_args, names);
        std::optional<std::string> tools =
            driver_tools_identity(ctx_, request, resolved, compiler_file, driver_args, names, client_);
        if (!tools) return Reason::kCompilerToolsUnknown;
        compile.compiler.identity += *tools;
        search_ =
            link_library_search(ctx_, request, resolved, compiler_file, link_, driver_args, names.back(), client_);
        if (!search_) return Reason::kLibrarySearchUnknown;
    }
    compile.remap = cache::remap_for(request.env, request.cwd);
    std::optional<common::Hash128> compiler_key = compiler_check_hash(ctx_, request, resolved, compiler_file, client_);
    if (!compiler_key) return Reason::kCompilerCheckFailed;
    cache::LinkContextInputs inputs{
        resolved.real_path, *compiler_key, resolved.family, compile.compiler.identity, &link_,
        request.env,        request.cwd,   &compile.remap};
    inputs.driver_name = compiler::keyed_driver_name(resolved);
    bool path_sensitive = false;
    inputs.path_sensitive = &path_sensitive;
    compile.key = cache::link_context_key(inputs);
    if (path_sensitive) facts.worktree = reasons::Worktree::kPathSensitiveArg;
    facts.inputs = KeyInputs{resolved.real_path,
                             compiler_file.hash.hex(),
                             cache::keyed_args(link_.args, link_.keyed),
                             {},
                             request.cwd,
                             {},
                             {}};

    return Reason::kNone;
}

}  // namespace

std::unique_ptr<ToolPlan> link_plan(DaemonContext& ctx, ClientLink& client, compiler::LinkInvocation link) {
    return std::make_unique<LinkPlan>(ctx, client, std::move(link));
}

}  // namespace zc::daemon

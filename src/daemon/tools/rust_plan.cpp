// rustc and clippy-driver through RUSTC_WRAPPER. The key is the toolchain (what `rustc -vV`
// and `--print sysroot` say, the binaries' content), the arguments with every `--extern`
// crate's path replaced by the crate file's content hash, the CARGO_* environment rustc sees,
// the cwd and the root source. The manifest entry adds every file the dep-info lists (modules,
// include_str!/include_bytes! files) and the `# env-dep:` variables with their values; for
// clippy also clippy.toml. rustc writes its outputs into the out dir itself (cargo reads them
// from there); they are copied into the store afterwards and restored together on a hit.

#include <sys/stat.h>

#include <algorithm>

#include "analysis/config_files.h"
#include "cache/context_key.h"
#include "common/env.h"
#include "common/fs.h"
#include "common/paths.h"
#include "compiler/compiler_locator.h"
#include "daemon/build_path.h"
#include "daemon/job.h"
#include "daemon/tools/plans.h"
#include "daemon/tools/result_store.h"
#include "reasons/reason.h"
#include "rust/dep_info.h"
#include "rust/diagnostics.h"
#include "rust/rustc_invocation.h"

namespace zc::daemon {

using reasons::Reason;

namespace {

bool is_clippy(const compiler::ResolvedCompiler& tool) {
    return tool.kind == compiler::ToolKind::kClippyDriver;
}

// What rustc sees of cargo (env!("CARGO_PKG_VERSION") and friends; not the jobserver's fds),
// and clippy's own settings.
std::string cargo_environment(const std::vector<std::string>& env) {
    std::vector<std::string> vars;
    for (const std::string& entry : env) {
        std::string_view name = std::string_view(entry).substr(0, entry.find('='));
        bool cargo = (name.starts_with("CARGO") && name != "CARGO_MAKEFLAGS") || name == "RUSTC_BOOTSTRAP";
        if (cargo || name.starts_with("CLIPPY_")) vars.push_back(entry);
    }
    std::sort(vars.begin(), vars.end());
    std::string out;
    for (const std::string& var : vars) out += var + "\n";
    return out;
}

// A rustc's identity: `-vV` (release and commit) and its sysroot. rustup's proxy picks the
// toolchain from RUSTUP_TOOLCHAIN and rust-toolchain files above the cwd, so for it those count.
std::string rustc_identity(DaemonContext& ctx, const protocol::CompileRequest& request, const std::string& path,
                           const std::string& real_path, const common::Hash128& hash) {
    std::string memo = tool_memo_key(real_path, hash, request.env, request.cwd);
    std::string version = ctx.tools.describe(memo, {path, "-vV"}, request.env, request.cwd);
    std::string sysroot = ctx.tools.describe(memo, {path, "--print", "sysroot"}, request.env, request.cwd);
    if (version.empty() || sysroot.empty()) return {};
    return version + sysroot;
}

struct RustRun {
    rust::RustInvocation inv;
    std::vector<std::string> argv;  // what runs: the tool, (for clippy) rustc's path, the arguments
    std::string out_dir;            // absolute
    std::vector<std::pair<std::string, common::Hash128>> externs;  // absolute path, content hash keyed
};

bool externs_unchanged(DaemonContext& ctx, const RustRun& run) {
    for (const auto& [path, hash] : run.externs) {
        if (ctx.files.get(path).hash != hash) return false;
    }
    return true;
}

protocol::CompileReply rust_compile_and_store(DaemonContext& ctx, const Job& compile, const RustRun& rr,
                                              ClientLink& client, Reason why_missed) {
    const protocol::CompileRequest& request = *compile.request;
    // cargo's jobserver pipes are the client's, not ours: rustc would warn that it cannot reach
    // them (and a bare run would not), so it runs with its own.
    std::vector<std::string> env;
    for (const std::string& entry : request.env) {
        if (!entry.starts_with("CARGO_MAKEFLAGS=") && !entry.starts_with("MAKEFLAGS=") &&
            !entry.starts_with("MFLAGS=")) {
            env.push_back(entry);
        }
    }
    ActiveCompile active(ctx);
    int64_t started_ns = 0, compile_ns = 0;
    RunResult run = run_tool(ctx, compile, rr.argv, client, started_ns, compile_ns, &env);
    if (!run.started) return passthrough(ctx, Reason::kCompilerSpawnFailed);

    // clippy failing on denied lints is its verdict, replayed like a result; a real error is not.
    bool lint_verdict = is_clippy(compile.compiler) && !run.client_gone && run.exit_code != 0 && run.exit_code < 128 &&
                        rust::failed_only_on_lints(run.stderr_data);
    protocol::CompileReply reply =
        miss_reply(ctx, compile, run, run.client_gone || (run.exit_code != 0 && !lint_verdict), why_missed);
    if (reply.outcome == protocol::outcome::kError) return reply;

    std::string dep_text = common::read_file(compile.dep_file_path).value_or("");
    struct stat dep_stat;
    bool dep_info_fresh = ::stat(compile.dep_file_path.c_str(), &dep_stat) == 0 &&
                          common::timespec_ns(dep_stat.st_mtim) >= started_ns - kTimestampTickMarginNs;
    rust::DepInfo dep_info = rust::parse_dep_info(dep_text);
    std::vector<std::string> deps;
    for (const std::string& file : dep_info.files) deps.push_back(common::absolute_from(request.cwd, file));
    Reason not_storable = why_not_storable(ctx, compile, deps, started_ns);
    if (not_storable == Reason::kNone && (!externs_unchanged(ctx, rr) || !dep_info_fresh))
        not_storable = Reason::kNotStored;

    cache::ManifestEntry entry;
    for (const std::string& name : rr.inv.output_names()) {
        std::string path = rr.out_dir + "/" + name;
        if (path == compile.dep_file_path || lint_verdict) continue;  // a failed run writes no crate
        if (not_storable == Reason::kNone &&
            !capture_output(ctx, compile, path, cache::output_kind::kRustOutput, path, entry.outputs)) {
            not_storable = Reason::kNotStored;
        }
    }
    if (not_storable != Reason::kNone) {
        count_unstored(ctx, not_storable);
        return reply;
    }
    for (const std::string& dep : deps) entry.deps.push_back({dep, ctx.files.get(dep).hash.bytes()});
    for (const std::string& dep : compile.extra_deps) entry.deps.push_back({dep, ctx.files.get(dep).hash.bytes()});
    entry.absent = compile.extra_absent;
    for (const rust::EnvDep& var : dep_info.env) {
        entry.env_deps.push_back({var.name, var.value.value_or(""), var.value.has_value()});
    }
    entry.has_dep_file = true;
    entry.dep_file_text = std::move(dep_text);
    add_run_to_manifest(ctx, compile, std::move(entry), run, compile_ns);
    return reply;
}

// clippy.toml or .clippy.toml, from CLIPPY_CONF_DIR or the package's directory upwards; the
// first found is the one clippy reads, and none nearer may appear.
void clippy_config(DaemonContext& ctx, const protocol::CompileRequest& request, Job& compile) {
    auto start = common::env_lookup(request.env, "CLIPPY_CONF_DIR");
    if (!start) start = common::env_lookup(request.env, "CARGO_MANIFEST_DIR");
    std::string dir = common::absolute_from(request.cwd, start.value_or(request.cwd));
    for (std::string& path : analysis::config_candidates(dir, {"clippy.toml", ".clippy.toml"})) {
        if (ctx.files.get(path).regular) {
            compile.extra_deps.push_back(std::move(path));
            return;
        }
        compile.extra_absent.push_back(std::move(path));
    }
}

class RustPlan final : public ArgumentsPlan {
  public:
    using ArgumentsPlan::ArgumentsPlan;

    Reason prepare(Job& job, const WatcherDrained& drained) override;

    protocol::CompileReply run_and_store(const Job& job, Reason why_missed) override {
        return rust_compile_and_store(ctx_, job, rr_, client_, why_missed);
    }

  private:
    RustRun rr_;
};

Reason RustPlan::prepare(Job& compile, const WatcherDrained& /*drained*/) {
    const protocol::CompileRequest& request = *compile.request;
    const compiler::ResolvedCompiler& tool = compile.compiler;
    CompileFacts& facts = *compile.facts;
    // clippy-driver is called with rustc's path first.
    bool clippy = is_clippy(tool);
    if (clippy && args_.empty()) return Reason::kNotACompile;
    std::vector<std::string> rustc_args(args_.begin() + (clippy ? 1 : 0), args_.end());
    std::vector<std::string> expanded;
    if (!rust::expand_rustc_argfiles(rustc_args, request.cwd, expanded)) return Reason::kResponseFileMissing;
    rr_ = {rust::parse_rustc(expanded), {tool.path}, {}, {}};
    if (!rr_.inv.cacheable()) return rr_.inv.uncacheable_reason;
    rr_.argv.insert(rr_.argv.end(), args_.begin(), args_.end());
    rr_.out_dir = common::absolute_from(request.cwd, rr_.inv.out_dir);

    // Worktree sharing: the roots become markers in the key and the manifest, and rustc maps
    // them to "." in what it embeds, so the crate files do not depend on the checkout's path.
    compile.remap = cache::remap_for(request.env, request.cwd);
    std::vector<std::string> remaps = cache::remap_path_prefix_flags(compile.remap, expanded);
    // Before the user's arguments (after clippy-driver's rustc path): rustc applies the last
    // matching map, so a narrower one of the user's still wins. The key has them at the end,
    // where they move no extern's argument index.
    rr_.argv.insert(rr_.argv.begin() + (clippy ? 2 : 1), remaps.begin(), remaps.end());
    rr_.inv.args.insert(rr_.inv.args.end(), remaps.begin(), remaps.end());
    compile.result_is_output = clippy;  // a replayed lint failure restores no crate files
    // The dep-info is text that names paths: kept in the manifest (remapped), not as a blob.
    compile.dep_file_path = rr_.out_dir + "/" + rr_.inv.dep_info_name();
    std::string source = common::absolute_from(request.cwd, rr_.inv.source);
    facts.output = rr_.out_dir + "/" + rr_.inv.dep_info_name();

    const meta::FileInfo& tool_file = compile.tool_file;
    meta::FileInfo source_file = ctx_.files.get(source);
    if (!source_file.regular) return Reason::kSourceMissing;
    std::string identity;
    if (clippy) {
        // Older cargo names the rustc by name ("rustc", found on PATH), newer by its path.
        std::string rustc_path = common::absolute_from(request.cwd, args_.front());
        if (args_.front().find('/') == std::string::npos) {
            auto located = locate_on_build_path(ctx_, request, args_.front());
            if (!located) return Reason::kCompilerNotFound;
            rustc_path = located->path;
        }
        meta::FileInfo rustc_file = ctx_.files.get(rustc_path);
        if (!rustc_file.regular) return Reason::kCompilerNotFound;
        identity = ctx_.tools.describe(tool_memo_key(tool.real_path, tool_file.hash, request.env, request.cwd),
                                       {tool.path, "-vV"}, request.env, request.cwd);
        std::string rustc = rustc_identity(ctx_, request, rustc_path, rustc_path, rustc_file.hash);
        identity = identity.empty() || rustc.empty() ? "" : identity + rustc;
        clippy_config(ctx_, request, compile);
    } else {
        identity = rustc_identity(ctx_, request, tool.path, tool.real_path, tool_file.hash);
    }
    if (identity.empty()) return Reason::kToolVersionUnknown;

    cache::ToolContextInputs inputs;
    inputs.tool_kind = clippy ? "clippy" : "rustc";
    inputs.tool_path = tool.real_path;
    inputs.tool_hash = tool_file.hash;
    inputs.tool_version = identity;
    inputs.args = rr_.inv.args;
    // An extern crate by its content: a rebuilt dependency with the same bytes still hits.
    for (const rust::ExternCrate& crate : rr_.inv.externs) {
        if (crate.path.empty()) continue;
        std::string path = common::absolute_from(request.cwd, crate.path);
        meta::FileInfo info = ctx_.files.get(path);
        if (!info.regular) return Reason::kExternCrateMissing;
        inputs.args[crate.arg_index] = crate.name + "=" + info.hash.hex();
        rr_.externs.emplace_back(std::move(path), info.hash);
    }
    inputs.env = request.env;
    inputs.cwd = request.cwd;
    inputs.source_path = source;
    inputs.source_hash = source_file.hash;
    inputs.extra = cargo_environment(request.env);
    if (compile.remap.active()) {
        for (std::string& arg : inputs.args) arg = compile.remap.to_portable(arg);
        inputs.cwd = compile.remap.to_portable(inputs.cwd);
        inputs.source_path = compile.remap.to_portable(inputs.source_path);
        inputs.extra = compile.remap.to_portable(inputs.extra);
        // A registry crate: keyed by its own path, which is the same in every checkout.
        if (!compile.remap.covers(source)) facts.worktree = reasons::Worktree::kPathOutsideRoot;
    }
    compile.key = cache::tool_context_key(inputs);
    facts.inputs =
        KeyInputs{tool.real_path, tool_file.hash.hex(), inputs.args, {}, request.cwd, source, source_file.hash.hex()};

    return Reason::kNone;
}

}  // namespace

std::unique_ptr<ToolPlan> rust_plan(DaemonContext& ctx, ClientLink& client, std::vector<std::string> args) {
    return std::make_unique<RustPlan>(ctx, client, std::move(args));
}

}  // namespace zc::daemon

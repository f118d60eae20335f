// rustfmt. The key is rustfmt's identity and arguments (files made absolute) and the cwd; the
// manifest entry's dependencies are every file it formats (the given ones and their
// out-of-line modules, from `-v`'s "Formatting" lines) and every rustfmt.toml that applies.
//
// --check and --emit stdout runs replay their output and exit code (a diff found fails again).
// A write run is made as `--emit stdout`, so that the files' original contents stay the
// dependencies and their formatted texts become the outputs; the daemon then writes only the
// files whose text changes, on the miss as on every hit, leaving formatted files untouched.

#include <sys/stat.h>

#include "analysis/config_files.h"
#include "cache/context_key.h"
#include "common/env.h"
#include "common/fs.h"
#include "common/paths.h"
#include "daemon/job.h"
#include "daemon/tools/plans.h"
#include "daemon/tools/result_store.h"
#include "reasons/reason.h"
#include "rust/rustfmt_command.h"

namespace zc::daemon {

using reasons::Reason;

namespace {

// rustfmt.toml / .rustfmt.toml from each file's directory up, then the user's config dir.
void rustfmt_config(DaemonContext& ctx, const protocol::CompileRequest& request, const std::vector<std::string>& files,
                    Job& compile) {
    std::vector<std::string> candidates;
    for (const std::string& file : files) {
        for (std::string& path :
             analysis::config_candidates(std::string(common::dir_name(file)), {"rustfmt.toml", ".rustfmt.toml"})) {
            if (std::find(candidates.begin(), candidates.end(), path) == candidates.end())
                candidates.push_back(std::move(path));
        }
    }
    if (auto home = common::env_lookup(request.env, "HOME")) {
        candidates.push_back(std::string(*home) + "/.config/rustfmt/rustfmt.toml");
        candidates.push_back(std::string(*home) + "/.config/rustfmt/.rustfmt.toml");
    }
    for (std::string& path : candidates) {
        (ctx.files.get(path).regular ? compile.extra_deps : compile.extra_absent).push_back(std::move(path));
    }
}

// The user's run as `rustfmt -v --emit stdout`: each file it formats (modules included) with
// its formatted text, written nowhere. (-v cannot go on the user's own run: it changes how
// --check shows line ends.)
std::vector<std::string> emit_stdout_command(const compiler::ResolvedCompiler& tool, const rust::RustfmtCommand& cmd) {
    std::vector<std::string> argv{tool.path, "-v", "--emit", "stdout"};
    for (size_t i = 0; i < cmd.args.size(); ++i) {
        std::string_view arg = cmd.args[i];
        if (arg == "--emit") {
            ++i;
        } else if (!arg.starts_with("--emit=") && arg != "--check" && arg != "-l" && arg != "--files-with-diff" &&
                   arg != "-q" && arg != "--quiet") {
            argv.push_back(cmd.args[i]);
        }
    }
    return argv;
}

bool failed_to_parse(const RunResult& run) {
    return run.stderr_data.find("error") != std::string::npos;
}

// --check / --emit stdout: the run is the result.
protocol::CompileReply report_and_store(DaemonContext& ctx, const Job& compile, const rust::RustfmtCommand& cmd,
                                        ClientLink& client, Reason why_missed) {
    const protocol::CompileRequest& request = *compile.request;
    std::vector<std::string> argv{compile.compiler.path};
    argv.insert(argv.end(), cmd.args.begin(), cmd.args.end());
    ActiveCompile active(ctx);
    int64_t started_ns = 0, run_ns = 0;
    RunResult run = run_tool(ctx, compile, argv, client, started_ns, run_ns);
    if (!run.started) return passthrough(ctx, Reason::kCompilerSpawnFailed);

    protocol::CompileReply reply = miss_reply(ctx, compile, run, run.client_gone || run.exit_code >= 128, why_missed);
    if (reply.outcome == protocol::outcome::kError) return reply;

    int64_t scan_started = 0, scan_ns = 0;
    RunResult scan = run_tool(ctx, compile, emit_stdout_command(compile.compiler, cmd), client, scan_started, scan_ns);
    std::vector<std::string> deps;
    for (auto& [path, text] : rust::split_emitted_files(scan.stdout_data))
        deps.push_back(common::absolute_from(request.cwd, path));
    Reason not_storable = why_not_storable(ctx, compile, deps, started_ns);
    if (not_storable == Reason::kNone && (failed_to_parse(run) || scan.exit_code != 0))
        not_storable = Reason::kNotStored;
    if (not_storable != Reason::kNone) {
        count_unstored(ctx, not_storable);
        return reply;
    }
    store_entry(ctx, compile, deps, {}, "", run, run_ns);
    return reply;
}

// A write run: formatted by `--emit stdout`, written by us where the text changes.
protocol::CompileReply format_and_store(DaemonContext& ctx, const Job& compile, const rust::RustfmtCommand& cmd,
                                        ClientLink& client, Reason why_missed) {
    const protocol::CompileRequest& request = *compile.request;
    ActiveCompile active(ctx);
    int64_t started_ns = 0, run_ns = 0;
    RunResult run = run_tool(ctx, compile, emit_stdout_command(compile.compiler, cmd), client, started_ns, run_ns);
    if (!run.started) return passthrough(ctx, Reason::kCompilerSpawnFailed);
    std::vector<std::pair<std::string, std::string>> formatted = rust::split_emitted_files(run.stdout_data);
    if (run.client_gone || run.exit_code != 0 || formatted.empty() || failed_to_parse(run)) {
        // Let rustfmt itself write what it can and report what it cannot.
        return passthrough(ctx, Reason::kRustfmtFailed);
    }
    std::vector<std::string> deps;
    for (auto& [path, text] : formatted) deps.push_back(common::absolute_from(request.cwd, path));
    Reason not_storable = why_not_storable(ctx, compile, deps, started_ns);

    std::vector<cache::OutputRecord> outputs;
    for (size_t i = 0; i < formatted.size(); ++i) {
        const std::string& path = deps[i];
        const std::string& text = formatted[i].second;
        struct stat st;
        uint32_t mode = ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0644;
        if (common::read_file(path).value_or("") != text && !common::write_file_atomic(path, text, mode)) {
            return passthrough(ctx, Reason::kDestinationWriteFailed);
        }
        std::string temp = ctx.artifacts.temp_path(".rs");
        common::Hash128 blob;
        int64_t size = 0;
        if (not_storable == Reason::kNone && common::write_file_atomic(temp, text) &&
            ctx.artifacts.publish(temp, *compile.pins, blob, size)) {
            outputs.push_back({std::string(cache::output_kind::kFormatted), blob.bytes(), size, path, mode});
        } else {
            ::unlink(temp.c_str());
            if (not_storable == Reason::kNone) not_storable = Reason::kNotStored;
        }
    }
    RunResult shown = run;  // what a bare write run shows: no formatted text on stdout
    shown.stdout_data.clear();
    protocol::CompileReply reply = miss_reply(ctx, compile, shown, false, why_missed);
    if (not_storable != Reason::kNone) {
        count_unstored(ctx, not_storable);
        return reply;
    }
    store_entry(ctx, compile, deps, std::move(outputs), "", shown, run_ns);
    return reply;
}

class RustfmtPlan final : public ArgumentsPlan {
  public:
    using ArgumentsPlan::ArgumentsPlan;

    Reason prepare(Job& job, const WatcherDrained& drained) override;

    protocol::CompileReply run_and_store(const Job& job, Reason why_missed) override {
        return cmd_.writes_files() ? format_and_store(ctx_, job, cmd_, client_, why_missed)
                                   : report_and_store(ctx_, job, cmd_, client_, why_missed);
    }

  private:
    rust::RustfmtCommand cmd_;
};

Reason RustfmtPlan::prepare(Job& compile, const WatcherDrained& /*drained*/) {
    const protocol::CompileRequest& request = *compile.request;
    const compiler::ResolvedCompiler& tool = compile.compiler;
    CompileFacts& facts = *compile.facts;
    cmd_ = rust::parse_rustfmt(args_);
    if (!cmd_.cacheable()) return cmd_.uncacheable_reason;
    if (cmd_.writes_files() && cmd_.verbose) return Reason::kVerboseWrite;

    compile.result_is_output = true;
    const meta::FileInfo& tool_file = compile.tool_file;
    std::vector<std::string> files;
    for (const std::string& file : cmd_.files) {
        files.push_back(common::absolute_from(request.cwd, file));
        if (!ctx_.files.get(files.back()).regular) return Reason::kSourceMissing;
    }
    for (const std::string& config : cmd_.config_paths) {
        std::string path = common::absolute_from(request.cwd, config);
        if (!ctx_.files.get(path).regular) return Reason::kConfigFileMissing;
        compile.extra_deps.push_back(std::move(path));
    }
    rustfmt_config(ctx_, request, files, compile);

    std::string version = ctx_.tools.describe(tool_memo_key(tool.real_path, tool_file.hash, request.env, request.cwd),
                                              {tool.path, "--version"}, request.env, request.cwd);
    if (version.empty()) return Reason::kToolVersionUnknown;

    cache::ToolContextInputs inputs;
    inputs.tool_kind = "rustfmt";
    inputs.tool_path = tool.real_path;
    inputs.tool_hash = tool_file.hash;
    inputs.tool_version = version;
    size_t next_file = 0;
    for (const std::string& arg : cmd_.args) {
        bool is_file = next_file < cmd_.files.size() && arg == cmd_.files[next_file];
        inputs.args.push_back(is_file ? files[next_file++] : arg);
    }
    inputs.env = request.env;
    inputs.cwd = request.cwd;
    compile.key = cache::tool_context_key(inputs);
    facts.inputs = KeyInputs{tool.real_path, tool_file.hash.hex(), inputs.args, {}, request.cwd, {}, {}};

    return Reason::kNone;
}

}  // namespace

std::unique_ptr<ToolPlan> rustfmt_plan(DaemonContext& ctx, ClientLink& client, std::vector<std::string> args) {
    return std::make_unique<RustfmtPlan>(ctx, client, std::move(args));
}

}  // namespace zc::daemon

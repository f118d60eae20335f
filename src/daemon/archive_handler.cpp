// Static libraries: `ar qc lib.a a.o b.o` and `ranlib lib.a`. The key is the tool (binary,
// `--version`), its arguments but the archive path, the cwd and the content of every file it
// reads: the members for ar, the archive before indexing for ranlib. The result is the archive,
// delivered as a copy or reflink (ranlib writes into it, so never a hardlink to the blob).

#include <optional>

#include "cache/context_key.h"
#include "common/fs.h"
#include "common/paths.h"
#include "compiler/archive_invocation.h"
#include "daemon/compile_handler.h"
#include "daemon/prepared_compile.h"
#include "daemon/result_store.h"
#include "daemon/tool_identity.h"
#include "reasons/reason.h"

namespace zc::daemon {

using reasons::Reason;

namespace {

// What a run reads: the members (ar) or the archive itself (ranlib), absolute.
std::vector<std::string> archive_inputs(const PreparedCompile& compile, const compiler::ArchiveInvocation& archive,
                                        bool ranlib) {
    if (ranlib) return {compile.output_path};
    std::vector<std::string> out;
    out.reserve(archive.members.size());
    for (const std::string& member : archive.members)
        out.push_back(common::absolute_from(compile.request->cwd, member));
    return out;
}

// The content hashes of `inputs`, one per line, or nullopt when one is not a regular file.
// The caller drains the watcher's events first.
std::optional<std::string> input_hashes(DaemonContext& ctx, const std::vector<std::string>& inputs) {
    std::string out;
    for (const std::string& input : inputs) {
        meta::FileInfo info = ctx.files.get(input);
        if (!info.regular) return std::nullopt;
        out += info.hash.hex() + "\n";
    }
    return out;
}

protocol::CompileReply archive_and_store(DaemonContext& ctx, const PreparedCompile& compile,
                                         const std::vector<std::string>& inputs, const std::string& keyed_hashes,
                                         bool ranlib, ClientLink& client, Reason why_missed) {
    let_fresh_inputs_settle(inputs);
    // Old enough that a later change shows in its time (this drains), and still the content the key was made of.
    bool storable = inputs_settled(ctx, inputs, common::now_realtime_ns()) && input_hashes(ctx, inputs) == keyed_hashes;
    std::vector<std::string> argv{compile.compiler.path};
    argv.insert(argv.end(), compile.request->argv.begin() + 1, compile.request->argv.end());
    int64_t started_ns = 0, run_ns = 0;
    RunResult run = run_tool(ctx, compile, argv, client, started_ns, run_ns);
    if (!run.started) return passthrough(ctx, Reason::kCompilerSpawnFailed);
    protocol::CompileReply reply = miss_reply(ctx, compile, run, run.client_gone || run.exit_code != 0, why_missed);
    if (reply.outcome == protocol::outcome::kError) return reply;
    reply.outcome = protocol::outcome::kLinkMiss;
    // ranlib's input is its output, so only ar's members can be checked after the run.
    if (!storable || (!ranlib && !inputs_settled(ctx, inputs, started_ns))) {
        ctx.stats.count(Reason::kNotStored);
        return reply;
    }
    cache::ManifestEntry entry;
    if (!capture_output(ctx, compile.output_path, cache::output_kind::kArchive, "", entry.outputs)) {
        ctx.stats.count(Reason::kNotStored);
        return reply;
    }
    add_run_to_manifest(ctx, compile, std::move(entry), run, run_ns);
    return reply;
}

}  // namespace

protocol::CompileReply handle_archive(DaemonContext& ctx, const protocol::CompileRequest& request,
                                      const compiler::ResolvedCompiler& tool, const std::vector<std::string>& args,
                                      ClientLink& client, CompileFacts& facts) {
    bool ranlib = tool.kind == compiler::ToolKind::kRanlib;
    compiler::ArchiveInvocation archive = ranlib ? compiler::parse_ranlib(args) : compiler::parse_ar(args);
    if (!archive.cacheable()) return passthrough(ctx, archive.uncacheable_reason);
    PreparedCompile compile;
    compile.request = &request;
    compile.facts = &facts;
    compile.compiler = tool;
    compile.output_path = common::absolute_from(request.cwd, archive.archive);
    facts.output = compile.output_path;

    meta::FileInfo tool_file = ctx.files.get(tool.real_path);
    if (!tool_file.regular) return passthrough(ctx, Reason::kCompilerNotFound);
    // `ar q`/`r` add to an archive that exists: its old members are an input we do not key.
    bool archive_exists = ctx.files.get(compile.output_path).exists;
    if (!ranlib && archive_exists) return passthrough(ctx, Reason::kArchiveExists);
    if (ranlib && !archive_exists) return passthrough(ctx, Reason::kArchiveMissing);

    std::string memo = tool_memo_key(tool.real_path, tool_file.hash, request.env, request.cwd);
    std::string version = ctx.tools.describe(memo, {tool.path, "--version"}, request.env, request.cwd);
    if (version.empty()) return passthrough(ctx, Reason::kToolVersionUnknown);
    // Timestamps in the archive would make a cached one differ from a fresh one.
    if (!archive.deterministic_asked && !compiler::deterministic_by_default(ctx.tools.describe(
                                            memo, {tool.path, "--help"}, request.env, request.cwd))) {
        return passthrough(ctx, Reason::kArchiveTimestamps);
    }

    std::vector<std::string> inputs = archive_inputs(compile, archive, ranlib);
    std::optional<std::string> hashes = input_hashes(ctx, inputs);
    // ar says what is wrong with a missing member better than we could.
    if (!hashes) return passthrough(ctx, Reason::kLinkInputMissing);
    cache::ToolContextInputs key;
    key.tool_kind = ranlib ? "ranlib" : "ar";
    key.tool_path = tool.real_path;
    key.tool_hash = tool_file.hash;
    key.tool_version = version;
    key.args = cache::keyed_args(archive.args, archive.keyed);
    key.env = request.env;
    key.cwd = request.cwd;
    key.extra = *hashes;
    compile.key = cache::tool_context_key(key);
    facts.inputs = KeyInputs{tool.real_path, tool_file.hash.hex(), key.args, {}, request.cwd, {}, {}};

    protocol::CompileReply reply = lookup_or_run(ctx, compile, client, [&](Reason why_missed) {
        return archive_and_store(ctx, compile, inputs, *hashes, ranlib, client, why_missed);
    });
    if (reply.outcome == protocol::outcome::kHit) reply.outcome = protocol::outcome::kLinkHit;
    return reply;
}

}  // namespace zc::daemon

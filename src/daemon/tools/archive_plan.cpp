// Static libraries: `ar qc lib.a a.o b.o` and `ranlib lib.a`. The key is the tool (binary,
// `--version`), its arguments but the archive path, the cwd and the content of every file it
// reads: the members for ar, the archive before indexing for ranlib. The result is the archive,
// delivered as a copy or reflink (ranlib writes into it, so never a hardlink to the blob).

#include <optional>

#include "cache/context_key.h"
#include "common/fs.h"
#include "common/paths.h"
#include "compiler/archive_invocation.h"
#include "daemon/job.h"
#include "daemon/tool_identity.h"
#include "daemon/tools/plans.h"
#include "daemon/tools/result_store.h"
#include "reasons/reason.h"

namespace zc::daemon {

using reasons::Reason;

namespace {

// What a run reads: the members (ar) or the archive itself (ranlib), absolute.
std::vector<std::string> archive_inputs(const Job& compile, const compiler::ArchiveInvocation& archive, bool ranlib) {
    if (ranlib) return {compile.output_path};
    return common::absolute_all_from(compile.request->cwd, archive.members);
}

// The content hashes of `inputs`, one per line, or nullopt when one is not a regular file.
// The caller drains the watcher's events first. `known`: contents a restore vouches for.
std::optional<std::string> input_hashes(DaemonContext& ctx, const std::vector<std::string>& inputs,
                                        const KnownContents* known = nullptr) {
    std::string out;
    for (const std::string& input : inputs) {
        auto vouched = known ? known->find(input) : KnownContents::const_iterator();
        if (known && vouched != known->end()) {
            out += vouched->second.hex() + "\n";
            continue;
        }
        meta::FileInfo info = ctx.files.content_of(input);
        if (!info.regular) return std::nullopt;
        out += info.hash.hex() + "\n";
    }
    return out;
}

class ArchivePlan final : public ArgumentsPlan {
  public:
    using ArgumentsPlan::ArgumentsPlan;

    Reason prepare(Job& job, const WatcherDrained& drained) override;
    protocol::CompileReply run_and_store(const Job& job, Reason why_missed) override;
    std::string_view hit_outcome() const override { return protocol::outcome::kLinkHit; }

  private:
    bool ranlib_ = false;
    std::vector<std::string> inputs_;  // absolute: the members, or the archive ranlib indexes
    std::string keyed_hashes_;         // their content hashes, as keyed
};

Reason ArchivePlan::prepare(Job& job, const WatcherDrained& /*drained*/) {
    const protocol::CompileRequest& request = *job.request;
    const compiler::ResolvedCompiler& tool = job.compiler;
    ranlib_ = tool.kind == compiler::ToolKind::kRanlib;
    compiler::ArchiveInvocation archive = ranlib_ ? compiler::parse_ranlib(args_) : compiler::parse_ar(args_);
    if (!archive.cacheable()) return archive.uncacheable_reason;
    job.output_path = common::absolute_from(request.cwd, archive.archive);
    job.facts->output = job.output_path;

    // `ar q`/`r` add to an archive that exists: its old members are an input we do not key. A
    // restore's ranlib is given the archive it would index, which is not written yet.
    bool indexed_given = ranlib_ && job.restore_only && job.indexed_archive;
    bool archive_exists = !indexed_given && ctx_.files.content_of(job.output_path).exists;
    if (!ranlib_ && archive_exists) return Reason::kArchiveExists;
    if (ranlib_ && !archive_exists && !indexed_given) return Reason::kArchiveMissing;

    std::string memo = tool_memo_key(tool.real_path, job.tool_file.hash, request.env, request.cwd);
    std::string version = ctx_.tools.describe(memo, {tool.path, "--version"}, request.env, request.cwd);
    if (version.empty()) return Reason::kToolVersionUnknown;
    // Timestamps in the archive would make a cached one differ from a fresh one.
    if (!archive.deterministic_asked && !compiler::deterministic_by_default(ctx_.tools.describe(
                                            memo, {tool.path, "--help"}, request.env, request.cwd))) {
        return Reason::kArchiveTimestamps;
    }

    inputs_ = archive_inputs(job, archive, ranlib_);
    std::optional<std::string> hashes =
        indexed_given ? std::optional(job.indexed_archive->hex() + "\n")
                      : input_hashes(ctx_, inputs_, job.restore_only ? job.known_members : nullptr);
    // ar says what is wrong with a missing member better than we could.
    if (!hashes) return Reason::kLinkInputMissing;
    keyed_hashes_ = *hashes;
    cache::ToolContextInputs key;
    key.tool_kind = ranlib_ ? "ranlib" : "ar";
    key.tool_path = tool.real_path;
    key.tool_hash = job.tool_file.hash;
    key.tool_version = version;
    key.args = cache::keyed_args(archive.args, archive.keyed);
    key.env = request.env;
    key.cwd = request.cwd;
    key.extra = keyed_hashes_;
    job.key = cache::tool_context_key(key);
    job.facts->inputs = KeyInputs{tool.real_path, job.tool_file.hash.hex(), key.args, {}, request.cwd, {}, {}};
    return Reason::kNone;
}

protocol::CompileReply ArchivePlan::run_and_store(const Job& job, Reason why_missed) {
    let_fresh_inputs_settle(inputs_);
    // Old enough that a later change shows in its time (this drains), and still the content the key was made of.
    bool storable =
        inputs_settled(ctx_, inputs_, common::now_realtime_ns()) && input_hashes(ctx_, inputs_) == keyed_hashes_;
    std::vector<std::string> argv{job.compiler.path};
    argv.insert(argv.end(), job.request->argv.begin() + 1, job.request->argv.end());
    int64_t started_ns = 0, run_ns = 0;
    RunResult run = run_tool(ctx_, job, argv, client_, started_ns, run_ns);
    if (!run.started) return passthrough(ctx_, Reason::kCompilerSpawnFailed);
    protocol::CompileReply reply = miss_reply(ctx_, job, run, run.client_gone || run.exit_code != 0, why_missed);
    if (reply.outcome == protocol::outcome::kError) return reply;
    reply.outcome = protocol::outcome::kLinkMiss;
    // ranlib's input is its output, so only ar's members can be checked after the run.
    if (!storable || (!ranlib_ && !inputs_settled(ctx_, inputs_, started_ns))) {
        ctx_.stats.count(Reason::kNotStored);
        return reply;
    }
    cache::ManifestEntry entry;
    if (!capture_output(ctx_, job, job.output_path, cache::output_kind::kArchive, "", entry.outputs)) {
        ctx_.stats.count(Reason::kNotStored);
        return reply;
    }
    add_run_to_manifest(ctx_, job, std::move(entry), run, run_ns);
    return reply;
}

}  // namespace

std::unique_ptr<ToolPlan> archive_plan(DaemonContext& ctx, ClientLink& client, std::vector<std::string> args) {
    return std::make_unique<ArchivePlan>(ctx, client, std::move(args));
}

}  // namespace zc::daemon

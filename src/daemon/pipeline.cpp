#include "daemon/pipeline.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "common/env.h"
#include "common/paths.h"
#include "compiler/response_file.h"
#include "compiler/strict_paths.h"
#include "daemon/build_path.h"
#include "daemon/hit_path.h"
#include "daemon/replies.h"
#include "daemon/single_flight.h"
#include "daemon/tools/tool_table.h"

namespace zc::daemon {

using reasons::Reason;

namespace {

// The arguments after the compiler with every `@file` expanded, or a reason to pass through.
Reason expanded_arguments(const protocol::CompileRequest& request, std::vector<std::string>& out) {
    std::vector<std::string> args(request.argv.begin() + 1, request.argv.end());
    bool any = false;
    for (const std::string& arg : args) any = any || arg.starts_with("@");
    if (!any) {
        out = std::move(args);
        return {};
    }
    auto read = [](const std::string& path) { return common::read_file(path); };
    switch (compiler::expand_response_files(args, request.cwd, read, out)) {
        case compiler::Expansion::kDone:
            return {};
        case compiler::Expansion::kMissingFile:
            return Reason::kResponseFileMissing;
        case compiler::Expansion::kCycle:
            return Reason::kResponseFileCycle;
        case compiler::Expansion::kTooDeep:
            return Reason::kResponseFileTooDeep;
    }
    return Reason::kResponseFileMissing;
}

// The path argument that breaks the strict path rules the user asked for, if one does.
std::string strict_path_violation(const protocol::CompileRequest& request, const std::vector<std::string>& args,
                                  compiler::StrictPaths& mode) {
    auto setting = common::env_lookup(request.env, "ZCCACHE_STRICT_PATHS");
    if (!setting) return {};
    // The client warns about a value it does not know; here it means off.
    mode = compiler::parse_strict_paths(*setting).value_or(compiler::StrictPaths::kOff);
    std::string_view driver = common::base_name(request.argv[0]);
    bool msvc_style = driver == "clang-cl" || driver == "cl" || driver == "cl.exe";
    return compiler::strict_path_violation(args, mode, msvc_style);
}

// The reply for a command line that breaks the strict path rules the user asked for: it fails
// without compiling, naming the flag and the whole command.
std::optional<protocol::CompileReply> strict_path_failure(DaemonContext& ctx, const protocol::CompileRequest& request,
                                                          const std::vector<std::string>& args) {
    compiler::StrictPaths mode = compiler::StrictPaths::kOff;
    std::string violation = strict_path_violation(request, args, mode);
    if (violation.empty()) return std::nullopt;
    protocol::CompileReply reply;
    reply.outcome = protocol::outcome::kError;
    reply.reason = reasons::name(Reason::kStrictPathsViolation);
    reply.exit_code = 1;
    std::string command;
    for (const std::string& arg : request.argv) command += (command.empty() ? "" : " ") + arg;
    reply.stderr_data = "zccache: strict path check (" + std::string(common::strict_paths_name(mode)) +
                        ") failed: " + violation + "\nzccache: command: " + command + "\n";
    ctx.stats.count_uncacheable(Reason::kStrictPathsViolation);
    return reply;
}

}  // namespace

WatcherDrained drain_watcher(DaemonContext& ctx) {
    ctx.files.drain();
    return {};
}

Reason prepare_job(DaemonContext& ctx, ToolPlan& plan, Job& job, const protocol::CompileRequest& request,
                   CompileFacts& facts, const compiler::ResolvedCompiler& tool, const WatcherDrained& drained) {
    job.request = &request;
    job.facts = &facts;
    job.compiler = tool;
    job.tool_file = ctx.files.get(tool.real_path);
    if (!job.tool_file.regular) return Reason::kCompilerNotFound;
    Reason refusal = plan.prepare(job, drained);
    if (refusal == Reason::kNone && cache::remap_requested(request.env) &&
        facts.worktree == reasons::Worktree::kNotAsked) {
        if (job.remap.active()) {
            facts.worktree = reasons::Worktree::kShared;
        } else {
            // The plan did not remap: for want of a root, or because it remaps nothing.
            facts.worktree = cache::remap_for(request.env, request.cwd).active()
                                 ? reasons::Worktree::kUnsupportedLanguage
                                 : reasons::Worktree::kGitRootUnavailable;
        }
    }
    return refusal;
}

protocol::CompileReply look_up_or(DaemonContext& ctx, const Job& job, ClientLink& client,
                                  const std::function<protocol::CompileReply(Reason)>& on_miss) {
    SingleFlight::Guard flight(ctx.flights, job.key, client);
    protocol::CompileReply reply;
    Reason miss_reason = Reason::kNone;
    if (serve_hit(ctx, job, reply, miss_reason)) {
        ctx.stats.count(Reason::kHit);
        return reply;
    }
    if (miss_reason == Reason::kContextNotFound && job.toolless_key && job.facts &&
        job.facts->worktree == reasons::Worktree::kShared &&
        ctx.worktree_toolchains.mismatch(*job.toolless_key, job.toolchain, job.remap.origin())) {
        job.facts->worktree = reasons::Worktree::kToolchainMismatch;
    }
    return on_miss(miss_reason);
}

protocol::CompileReply serve_job(DaemonContext& ctx, ToolPlan& plan, const Job& job, ClientLink& client) {
    protocol::CompileReply reply =
        look_up_or(ctx, job, client, [&](Reason why_missed) { return plan.run_and_store(job, why_missed); });
    if (reply.outcome == protocol::outcome::kHit) reply.outcome = plan.hit_outcome();
    return reply;
}

protocol::CompileReply handle_compile(DaemonContext& ctx, const protocol::CompileRequest& request, ClientLink& client,
                                      CompileFacts& facts) {
    if (request.argv.empty()) return passthrough(ctx, Reason::kEmptyCommand);

    std::vector<std::string> args;
    Reason rsp_problem = expanded_arguments(request, args);
    if (rsp_problem != Reason::kNone) return passthrough(ctx, rsp_problem);
    if (auto failure = strict_path_failure(ctx, request, args)) return *failure;

    // Before anything reads the metadata cache (finding the compiler on PATH is the first).
    WatcherDrained drained = drain_watcher(ctx);
    auto located = locate_on_build_path(ctx, request, request.argv[0]);
    if (!located) return passthrough(ctx, Reason::kCompilerNotFound);
    facts.compiler = located->path;
    compiler::ResolvedCompiler tool = std::move(*located);

    Route route = route_request(ctx, request, tool, std::move(args), client);
    if (route.refusal != Reason::kNone) return passthrough(ctx, route.refusal);
    if (!route.plan) return serve_sources(ctx, request, tool, std::move(route.sources), client, facts, drained);
    Job job;
    Reason refusal = prepare_job(ctx, *route.plan, job, request, facts, tool, drained);
    if (refusal != Reason::kNone) return passthrough(ctx, refusal);
    return serve_job(ctx, *route.plan, job, client);
}

void RestoreTally::add(Restore outcome, std::string output) {
    switch (outcome) {
        case Restore::kRestored:
            ++restored;
            outputs.push_back(std::move(output));
            break;
        case Restore::kMissed:
            ++missed;
            break;
        case Restore::kPresent:
            ++present;
            break;
        case Restore::kSkipped:
            ++skipped;
            break;
    }
}

Restore restore_compile(DaemonContext& ctx, const protocol::CompileRequest& request, ClientLink& client,
                        const WatcherDrained& drained, const NinjaBuild* ninja, RestoredObject& restored) {
    if (request.argv.empty()) return Restore::kSkipped;
    std::vector<std::string> args;
    compiler::StrictPaths mode = compiler::StrictPaths::kOff;
    if (expanded_arguments(request, args) != Reason::kNone || !strict_path_violation(request, args, mode).empty()) {
        return Restore::kSkipped;
    }
    auto located = locate_on_build_path(ctx, request, request.argv[0]);
    if (!located) return Restore::kSkipped;
    compiler::ResolvedCompiler tool = std::move(*located);
    Route route = route_request(ctx, request, tool, std::move(args), client);
    if (!route.plan || !route.plan->restorable()) return Restore::kSkipped;
    CompileFacts facts;
    Job job;
    job.restore_only = true;
    if (prepare_job(ctx, *route.plan, job, request, facts, tool, drained) != Reason::kNone) return Restore::kSkipped;
    // What is there may be newer than the cache's, or the user's: the build decides about it.
    struct stat st;
    for (const std::string* output : {&job.output_path, &job.dep_file_path}) {
        if (!output->empty() && ::lstat(output->c_str(), &st) == 0) return Restore::kPresent;
    }
    if (ninja) {
        std::string output = common::lexically_normal(job.output_path);
        if (ninja->feeding_present.contains(output)) return Restore::kSkipped;
        // Without the entry's dep file there is nothing to hold ninja's record against.
        if (ninja->deps_log && (job.ninja_record = ninja->deps_log->find(output)) && job.dep_file_path.empty()) {
            return Restore::kSkipped;
        }
    }
    protocol::CompileReply reply = look_up_or(ctx, job, client, [](Reason) { return protocol::CompileReply{}; });
    if (facts.ninja_record_differs && reply.outcome != protocol::outcome::kHit) return Restore::kSkipped;
    if (reply.outcome != protocol::outcome::kHit) {
        // A delivery that failed half way: no object without its dep file, nothing half there.
        for (const std::string& path : facts.delivered) ::unlink(path.c_str());
        return Restore::kMissed;
    }
    // Dated as NinjaBuild says. An input written within a timestamp tick of now could change
    // again with the same time: such an output is taken back, and the build compiles it.
    int64_t now = common::now_realtime_ns();
    bool dated = facts.newest_input_ns > 0 && facts.newest_input_ns < now - kRestoreSettledNs;
    int64_t when = ninja ? facts.newest_input_ns : now;
    for (const std::string& path : facts.delivered) {
        struct timespec times[2] = {{when / 1'000'000'000, when % 1'000'000'000},
                                    {when / 1'000'000'000, when % 1'000'000'000}};
        dated = dated && ::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) == 0;
    }
    if (!dated || !facts.delivered_output || ::lstat(job.output_path.c_str(), &restored.state) != 0) {
        for (const std::string& path : facts.delivered) ::unlink(path.c_str());
        return Restore::kSkipped;
    }
    restored.path = job.output_path;
    restored.hash = *facts.delivered_output;
    return Restore::kRestored;
}

namespace {

// A step of a restored static library through the pipeline, hits only: `indexed` given, the
// ranlib of that archive, delivered; else the ar before it, looked up.
std::optional<common::Hash128> serve_archive_step(DaemonContext& ctx, const protocol::CompileRequest& request,
                                                  ClientLink& client, const WatcherDrained& drained,
                                                  const common::Hash128* indexed, const KnownContents* members) {
    std::vector<std::string> args;
    if (request.argv.empty() || expanded_arguments(request, args) != Reason::kNone) return std::nullopt;
    auto located = locate_on_build_path(ctx, request, request.argv[0]);
    compiler::ToolKind kind = indexed ? compiler::ToolKind::kRanlib : compiler::ToolKind::kArchiver;
    if (!located || located->kind != kind) return std::nullopt;
    compiler::ResolvedCompiler tool = std::move(*located);
    Route route = route_request(ctx, request, tool, std::move(args), client);
    if (!route.plan) return std::nullopt;
    CompileFacts facts;
    Job job;
    job.restore_only = true;
    job.look_up_only = !indexed;
    if (indexed) job.indexed_archive = *indexed;
    job.known_members = members;
    if (prepare_job(ctx, *route.plan, job, request, facts, tool, drained) != Reason::kNone) return std::nullopt;
    protocol::CompileReply reply = look_up_or(ctx, job, client, [](Reason) { return protocol::CompileReply{}; });
    bool clean = reply.outcome == protocol::outcome::kHit && reply.exit_code == 0 && reply.stdout_data.empty() &&
                 reply.stderr_data.empty();
    if (clean && !indexed && facts.looked_up) return facts.looked_up;
    if (clean && indexed && facts.delivered.size() == 1) return *indexed;
    for (const std::string& path : facts.delivered) ::unlink(path.c_str());
    return std::nullopt;
}

}  // namespace

std::optional<common::Hash128> look_up_archive(DaemonContext& ctx, const protocol::CompileRequest& request,
                                               ClientLink& client, const WatcherDrained& drained,
                                               const KnownContents& members) {
    return serve_archive_step(ctx, request, client, drained, nullptr, &members);
}

bool restore_indexed_archive(DaemonContext& ctx, const protocol::CompileRequest& request, ClientLink& client,
                             const WatcherDrained& drained, const common::Hash128& archive) {
    return serve_archive_step(ctx, request, client, drained, &archive, nullptr).has_value();
}

}  // namespace zc::daemon

// `gcc -c a.c b.c c.c`: each source is keyed, served and stored as the single-source compile it
// would be on its own, so any subset hits later. Lookups run in parallel; misses then run one
// after another as separate compiler processes, as the driver runs them, which keeps each
// file's diagnostics exact; the driver also carries on after a failing file, and so do we.

#include <algorithm>
#include <atomic>
#include <thread>

#include "daemon/job.h"
#include "daemon/pipeline.h"
#include "daemon/replies.h"
#include "daemon/tools/plans.h"
#include "daemon/tools/tool_table.h"

namespace zc::daemon {

using reasons::Reason;

namespace {

// The combined reply: outputs in source order, the first failure's exit code.
protocol::CompileReply combine(const std::vector<CompilePart>& parts) {
    protocol::CompileReply out;
    bool all_hits = true;
    bool any_error = false;
    for (const CompilePart& part : parts) {
        const protocol::CompileReply& r = part.reply;
        out.stdout_data += r.stdout_data;
        out.stderr_data += r.stderr_data;
        if (out.exit_code == 0) out.exit_code = r.exit_code;
        all_hits = all_hits && r.outcome == protocol::outcome::kHit;
        any_error = any_error || r.outcome == protocol::outcome::kError;
        if (out.reason.empty()) out.reason = r.reason;
    }
    out.outcome = any_error ? protocol::outcome::kError : all_hits ? protocol::outcome::kHit : protocol::outcome::kMiss;
    return out;
}

}  // namespace

protocol::CompileReply serve_sources(DaemonContext& ctx, const protocol::CompileRequest& request,
                                     const compiler::ResolvedCompiler& tool,
                                     std::vector<std::vector<std::string>> sources, ClientLink& client,
                                     CompileFacts& facts, const WatcherDrained& drained) {
    std::vector<CompilePart>& parts = facts.parts;
    parts.resize(sources.size());  // never resized again: each job points at its part's request
    std::vector<std::unique_ptr<ToolPlan>> plans(parts.size());
    std::vector<Job> jobs(parts.size());
    for (size_t i = 0; i < parts.size(); ++i) {
        parts[i].request = request;
        parts[i].request.argv.assign(1, request.argv[0]);
        parts[i].request.argv.insert(parts[i].request.argv.end(), sources[i].begin(), sources[i].end());
        parts[i].facts.compiler = tool.path;
        plans[i] = compile_plan(ctx, client, compiler::parse_invocation(sources[i]));
        Reason refusal = prepare_job(ctx, *plans[i], jobs[i], parts[i].request, parts[i].facts, tool, drained);
        if (refusal != Reason::kNone) {
            parts.clear();  // the compiler gets the whole command, as the user wrote it
            return passthrough(ctx, refusal);
        }
    }
    // Hits first, looked up and delivered in parallel, before any miss waits for the compiler.
    std::atomic<size_t> next{0};
    auto look_up = [&] {
        for (size_t i = next++; i < parts.size(); i = next++) {
            int64_t started = common::now_monotonic_ns();
            parts[i].reply = look_up_or(ctx, jobs[i], client, [](Reason) { return protocol::CompileReply{}; });
            parts[i].facts.latency_ns = common::now_monotonic_ns() - started;
        }
    };
    std::vector<std::thread> workers;
    size_t helpers = std::min<size_t>(parts.size(), std::max(1u, std::thread::hardware_concurrency())) - 1;
    for (size_t w = 0; w < helpers; ++w) workers.emplace_back(look_up);
    look_up();
    for (std::thread& worker : workers) worker.join();
    for (size_t i = 0; i < parts.size(); ++i) {
        if (!parts[i].reply.outcome.empty()) continue;
        if (client.gone()) {
            parts[i].reply.outcome = protocol::outcome::kError;  // nobody is waiting for the rest
            parts[i].reply.exit_code = 1;
            continue;
        }
        int64_t started = common::now_monotonic_ns();
        parts[i].reply = serve_job(ctx, *plans[i], jobs[i], client);
        parts[i].facts.latency_ns += common::now_monotonic_ns() - started;  // its lookup, then its compile
        if (parts[i].reply.outcome == protocol::outcome::kUncacheable) {
            protocol::CompileReply refused = std::move(parts[i].reply);
            parts.clear();
            return refused;
        }
    }
    return combine(parts);
}

}  // namespace zc::daemon

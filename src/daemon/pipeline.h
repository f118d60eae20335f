#pragma once
// The request pipeline every tool goes through: resolve the tool, drain the watcher (once),
// let the tool's plan key the job, then under single flight look up, validate and deliver a
// hit or run and store a miss. The plans are in daemon/tools/; this is their only caller.

#include <sys/stat.h>

#include <functional>
#include <unordered_set>

#include "analysis/ninja_deps_log.h"
#include "daemon/client_link.h"
#include "daemon/compile_facts.h"
#include "daemon/context.h"
#include "daemon/job.h"
#include "daemon/tools/tool_plan.h"
#include "protocol/messages.h"
#include "reasons/reason.h"

namespace zc::daemon {

// One CompileEphemeral request, answered. `client` is watched while a tool runs: if the client
// goes away the run is killed. `facts` receives what the journal needs beyond the reply.
protocol::CompileReply handle_compile(DaemonContext& ctx, const protocol::CompileRequest& request, ClientLink& client,
                                      CompileFacts& facts);

// Drains the watcher's events into the metadata cache: it then knows every change made before
// this moment. The start of every request's pipeline.
WatcherDrained drain_watcher(DaemonContext& ctx);

// Starts `job` for `request` (its facts, the tool and the tool's file) and lets `plan` prepare
// it; kNone when it is keyed.
reasons::Reason prepare_job(DaemonContext& ctx, ToolPlan& plan, Job& job, const protocol::CompileRequest& request,
                            CompileFacts& facts, const compiler::ResolvedCompiler& tool, const WatcherDrained& drained);

// Serves a prepared job's hit, or calls `on_miss` with the reason; one lookup or run per key
// at a time. A wait for the same key in flight keeps `client`'s heartbeat going.
protocol::CompileReply look_up_or(DaemonContext& ctx, const Job& job, ClientLink& client,
                                  const std::function<protocol::CompileReply(reasons::Reason)>& on_miss);

// A prepared job through to its reply: a hit as the plan reports it, or the plan's run.
protocol::CompileReply serve_job(DaemonContext& ctx, ToolPlan& plan, const Job& job, ClientLink& client);

// `zccache warm --compile-commands`: one compile of a build, restored from the cache if it
// hits, never compiled. Its outputs must all be absent; a hit's files are dated to its newest
// input, so that the build tool finds them up to date and any later edit newer.
enum class Restore { kRestored, kMissed, kPresent, kSkipped };
// How many of a warm request's restores ended each way, and the outputs restored.
struct RestoreTally {
    uint64_t restored = 0, missed = 0, present = 0, skipped = 0;
    std::vector<std::string> outputs;  // absolute
    void add(Restore outcome, std::string output);
};
// Younger inputs than this are not dated against (their time could repeat with new contents).
inline constexpr int64_t kRestoreSettledNs = 100'000'000;
// The object a restore delivered: its content (the blob's hash) and its state just after it was
// dated. While the file's state is that, its content is known without reading it: any write
// since would have dated it now, not to its inputs' older time.
struct RestoredObject {
    std::string path;  // absolute
    common::Hash128 hash;
    struct stat state {};
};
// What a restore knows of the ninja build it restores into (null where make builds).
struct NinjaBuild {
    const analysis::NinjaDepsLog* deps_log = nullptr;  // `.ninja_deps`, when ninja keeps one
    // The inputs (absolute, lexically normal) of every step whose output exists. Such a step was
    // built from what its input was; a restored input dated to its own inputs' time could be
    // older than the step's output, and ninja would not run the step again, where a compile of
    // the missing input (dated now) would make it: inputs of existing outputs are not restored.
    std::unordered_set<std::string> feeding_present;
};
// Where ninja builds, a restored object is dated to its newest input (ninja's deps record, made
// at the first build's later time, then still vouches for it); where make builds, to now, as a
// compile would leave it, so that whatever make builds from it is made again.
Restore restore_compile(DaemonContext& ctx, const protocol::CompileRequest& request, ClientLink& client,
                        const WatcherDrained& drained, const NinjaBuild* ninja, RestoredObject& restored);

// The two steps of a static library that warm restores, each a hit or nothing, and a hit only
// when it is a clean run's (exit 0, no output), so that skipping the step loses nothing:
// `ar qc` of a fresh archive, only looked up (the archive it would write, by hash), then
// `ranlib`, keyed with that archive as it would read it, its hit delivered where it writes.
// `members`: contents known without reading them (see Job::known_members).
std::optional<common::Hash128> look_up_archive(DaemonContext& ctx, const protocol::CompileRequest& request,
                                               ClientLink& client, const WatcherDrained& drained,
                                               const KnownContents& members);
bool restore_indexed_archive(DaemonContext& ctx, const protocol::CompileRequest& request, ClientLink& client,
                             const WatcherDrained& drained, const common::Hash128& archive);

}  // namespace zc::daemon

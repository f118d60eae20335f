#pragma once
// One tool's rules, and all a new tool has to write: how its command becomes a keyed job (what
// keys it, which files it depends on, where its outputs go) and how it runs on a miss. The
// request pipeline (daemon/pipeline.cpp) does the rest the same way for every tool: resolving
// the tool, draining the watcher once, single flight, the lookup, validating and delivering a
// hit, counting a passthrough; the server then journals the reply.

#include <string>
#include <string_view>
#include <vector>

#include "daemon/client_link.h"
#include "daemon/context.h"
#include "daemon/job.h"
#include "protocol/messages.h"
#include "reasons/reason.h"

namespace zc::daemon {

// Proof that the watcher's events were drained for this request, so that the metadata cache
// knows every change made before it came. Only draining makes one, and preparing a job takes
// one: no plan can read a file's state before the drain.
class WatcherDrained {
    WatcherDrained() = default;
    friend WatcherDrained drain_watcher(DaemonContext& ctx);
};

class ToolPlan {
  public:
    virtual ~ToolPlan() = default;
    ToolPlan(const ToolPlan&) = delete;
    ToolPlan& operator=(const ToolPlan&) = delete;

    // Understands the command and fills `job` (key, outputs, dependencies beyond the key, what
    // the journal shows). `job` arrives with the request, the resolved tool and its file.
    // Returns kNone when the cache takes the job, else why the client runs it itself.
    virtual reasons::Reason prepare(Job& job, const WatcherDrained& drained) = 0;

    // A miss: runs the tool, stores the result when it may be stored, and replies as the bare
    // run would have.
    virtual protocol::CompileReply run_and_store(const Job& job, reasons::Reason why_missed) = 0;

    // The outcome a hit reports (a link or an archive says `link_hit`).
    virtual std::string_view hit_outcome() const { return protocol::outcome::kHit; }

    // Whether `zccache warm` may restore a hit before the build runs: a compile whose outputs
    // the build tool dates against its inputs.
    virtual bool restorable() const { return false; }

  protected:
    ToolPlan(DaemonContext& ctx, ClientLink& client) : ctx_(ctx), client_(client) {}

    DaemonContext& ctx_;
    ClientLink& client_;  // what a run watches: it stops when the client goes away
};

// A plan that parses the tool's own arguments in prepare.
class ArgumentsPlan : public ToolPlan {
  public:
    ArgumentsPlan(DaemonContext& ctx, ClientLink& client, std::vector<std::string> args)
        : ToolPlan(ctx, client), args_(std::move(args)) {}

  protected:
    std::vector<std::string> args_;  // after the tool
};

}  // namespace zc::daemon

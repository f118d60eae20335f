#pragma once
// Which plan takes a request, by the kind of tool it runs, and the one fan-out: a C or C++
// command with several sources.

#include <memory>
#include <string>
#include <vector>

#include "compiler/compiler_locator.h"
#include "daemon/client_link.h"
#include "daemon/compile_facts.h"
#include "daemon/context.h"
#include "daemon/tools/tool_plan.h"
#include "protocol/messages.h"
#include "reasons/reason.h"

namespace zc::daemon {

struct Route {
    std::unique_ptr<ToolPlan> plan;                    // one keyed job
    std::vector<std::vector<std::string>> sources;     // else `-c a.c b.c`: each source's arguments
    reasons::Reason refusal = reasons::Reason::kNone;  // else why the client runs it itself
};

// `args`: the arguments after the tool, `@file`s expanded. Completes `tool`'s identity where
// its kind needs more than its binary (emcc's toolchain, wasm-ld's flavour).
Route route_request(DaemonContext& ctx, const protocol::CompileRequest& request, compiler::ResolvedCompiler& tool,
                    std::vector<std::string> args, ClientLink& client);

// `-c a.c b.c ...`: every source as its own cached compile, results combined in source order.
protocol::CompileReply serve_sources(DaemonContext& ctx, const protocol::CompileRequest& request,
                                     const compiler::ResolvedCompiler& tool,
                                     std::vector<std::vector<std::string>> sources, ClientLink& client,
                                     CompileFacts& facts, const WatcherDrained& drained);

}  // namespace zc::daemon

#include "daemon/tools/tool_table.h"

#include <algorithm>

#include "cache/context_key.h"
#include "common/env.h"
#include "compiler/emscripten.h"
#include "compiler/invocation.h"
#include "compiler/link_invocation.h"
#include "daemon/tools/emscripten_toolchain.h"
#include "daemon/tools/plans.h"

namespace zc::daemon {

using reasons::Reason;

namespace {

Route refused(Reason reason) {
    Route route;
    route.refusal = reason;
    return route;
}

Route planned(std::unique_ptr<ToolPlan> plan) {
    Route route;
    route.plan = std::move(plan);
    return route;
}

// gcc, clang and emcc: a compile, a link, or several compiles.
Route route_compiler(DaemonContext& ctx, const protocol::CompileRequest& request,
                     const compiler::ResolvedCompiler& tool, const std::vector<std::string>& args, ClientLink& client) {
    for (std::string_view name : cache::uncacheable_environment()) {
        if (common::env_lookup(request.env, name)) return refused(Reason::kDependencyOutputEnv);
    }
    compiler::Invocation inv = compiler::parse_invocation(args);
    if (inv.uncacheable_reason == Reason::kLinking) {
        compiler::LinkInvocation link = compiler::parse_link(args);
        bool output_named = std::find(link.keyed.begin(), link.keyed.end(), false) != link.keyed.end();
        if (tool.kind == compiler::ToolKind::kEmscripten && !output_named) link.output = "a.out.js";
        return planned(link_plan(ctx, client, std::move(link)));
    }
    if (inv.uncacheable_reason == Reason::kMultipleSourceFiles) {
        Route route;
        route.sources = compiler::split_sources(inv);
        if (!route.sources.empty()) return route;
    }
    return planned(compile_plan(ctx, client, std::move(inv)));
}

}  // namespace

Route route_request(DaemonContext& ctx, const protocol::CompileRequest& request, compiler::ResolvedCompiler& tool,
                    std::vector<std::string> args, ClientLink& client) {
    Reason refusal = Reason::kNone;
    switch (tool.kind) {
        case compiler::ToolKind::kCompiler:
            return route_compiler(ctx, request, tool, args, client);
        case compiler::ToolKind::kEmscripten:
            args = compiler::join_setting_values(args);
            if (!identify_emscripten(ctx, request, args, tool, refusal)) return refused(refusal);
            return route_compiler(ctx, request, tool, args, client);
        case compiler::ToolKind::kWasmLd:
            if (!identify_wasm_ld(ctx, request, tool, refusal)) return refused(refusal);
            return planned(link_plan(ctx, client, compiler::parse_wasm_ld(args)));
        case compiler::ToolKind::kArchiver:
        case compiler::ToolKind::kRanlib:
            return planned(archive_plan(ctx, client, std::move(args)));
        case compiler::ToolKind::kClangTidy:
        case compiler::ToolKind::kIncludeWhatYouUse:
            return planned(analysis_plan(ctx, client, std::move(args)));
        // Rust tools read `@file` one argument per line, not by gcc's rules: they get the originals.
        case compiler::ToolKind::kRustc:
        case compiler::ToolKind::kClippyDriver:
            return planned(rust_plan(ctx, client, {request.argv.begin() + 1, request.argv.end()}));
        case compiler::ToolKind::kRustfmt:
            return planned(rustfmt_plan(ctx, client, {request.argv.begin() + 1, request.argv.end()}));
        case compiler::ToolKind::kUnknown:
            break;
    }
    return refused(Reason::kUnknownCompiler);
}

}  // namespace zc::daemon

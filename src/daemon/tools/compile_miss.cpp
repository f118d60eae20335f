// The miss path: compile with the outputs redirected into tmp/, then decide whether the result
// may be stored (every input older than the compile, no time macros), publish it, and deliver.

#include "daemon/tools/compile_miss.h"

#include <unistd.h>

#include "cache/manifest.h"
#include "common/env.h"
#include "common/fs.h"
#include "common/paths.h"
#include "compiler/depfile.h"
#include "daemon/compiler_runner.h"
#include "daemon/job.h"
#include "daemon/tools/assembler_reads.h"
#include "daemon/tools/result_store.h"
#include "reasons/reason.h"

namespace zc::daemon {

using reasons::Reason;

Reason why_unit_not_storable(DaemonContext& ctx, const Job& compile, const TranslationUnit& unit,
                             const IncludeTrace& trace, const AssemblerReads& assembler, std::vector<std::string>& deps,
                             int64_t started_ns) {
    add_dependencies(deps, trace.headers);
    if (!trace.complete) return Reason::kIncludeTraceUnknown;
    Reason why =
        why_not_storable(ctx, compile, deps, started_ns,
                         {.time_macros_pinned = unit.source_date_epoch, .assembler_reads_known = assembler.recorded()});
    return why != Reason::kNone ? why : assembler.why_not_storable(compile, unit, deps);
}

protocol::CompileReply compile_and_store(DaemonContext& ctx, const Job& compile, const TranslationUnit& unit,
                                         ClientLink& client, Reason why_missed) {
    if (unit.invocation.compile_in_place) return compile_in_place_and_store(ctx, compile, unit, client, why_missed);
    const protocol::CompileRequest& request = *compile.request;
    TempFile object{ctx.artifacts.temp_path(".o")}, dep_file{ctx.artifacts.temp_path(".d")};
    // argv[0] as the resolved path, for the reason given in client/passthrough.cpp.
    std::vector<std::string> argv{compile.compiler.path};
    for (std::string& arg :
         compiler::miss_command(unit.invocation, compile.compiler.family, object.path, dep_file.path)) {
        argv.push_back(std::move(arg));
    }
    AssemblerReads assembler(ctx, compile, unit, client);
    assembler.add_arguments(argv);

    ActiveCompile active(ctx);
    int64_t started_ns = 0, compile_ns = 0;
    RunResult run = run_tool(ctx, compile, argv, client, started_ns, compile_ns, assembler.environment());
    if (!run.started) return passthrough(ctx, Reason::kCompilerSpawnFailed);
    std::string dep_text = common::read_file(dep_file.path).value_or("");
    std::vector<std::string> deps = common::absolute_all_from(request.cwd, compiler::parse_dep_file(dep_text));
    IncludeTrace trace = trace_of_run(ctx, compile, unit, run, client, &deps);

    protocol::CompileReply reply;
    reply.exit_code = run.exit_code;
    replay_output(compile, run.stdout_data, run.stderr_data, reply);
    if (run.exit_code != 0 && !run.client_gone && cache_filesystem_unusable(ctx)) {
        return passthrough(ctx, Reason::kCacheDiskFull);
    }
    if (run.client_gone || run.exit_code != 0) {
        ctx.stats.count(Reason::kError);
        reply.outcome = protocol::outcome::kError;
        // clang removes its output when a compile fails; gcc leaves an old one alone.
        if (compile.compiler.family == compiler::Family::kClang) ::unlink(compile.output_path.c_str());
        return reply;
    }

    Reason not_storable = why_unit_not_storable(ctx, compile, unit, trace, assembler, deps, started_ns);

    std::string deliver_from = object.path;
    common::Hash128 blob;
    int64_t size = 0;
    bool stored = not_storable == Reason::kNone && ctx.artifacts.publish(object.path, *compile.pins, blob, size);
    if (stored) deliver_from = ctx.artifacts.blob_path(blob);

    if (store::deliver(deliver_from, compile.output_path, ctx.delivery, compile.output_mode()) ==
            store::Delivered::kFailed ||
        (!compile.dep_file_path.empty() &&
         !common::write_file_replacing(compile.dep_file_path, dep_text, compile.output_mode()))) {
        // Let the client run the compiler itself, so the user sees the compiler's own error.
        return passthrough(ctx, Reason::kDestinationWriteFailed);
    }
    if (stored) {
        ctx.blobs.remember(deliver_from, blob);
        store_entry(ctx, compile, deps, {{std::string(cache::output_kind::kObject), blob.bytes(), size}}, dep_text, run,
                    compile_ns, unit.search_dirs, trace.edges);
        ctx.stats.count(Reason::kMiss);
    } else if (not_storable == Reason::kNotStored) {
        ctx.stats.count(Reason::kMiss);
        ctx.stats.count(Reason::kNotStored);
    } else {
        ctx.stats.count_uncacheable(not_storable);
        why_missed = Reason::kUncacheableInput;
    }
    reply.outcome = protocol::outcome::kMiss;
    reply.reason = reasons::name(why_missed);
    return reply;
}

}  // namespace zc::daemon

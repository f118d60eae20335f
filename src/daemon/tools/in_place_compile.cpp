// The in-place miss path, for compiles whose object depends on its own path or that write more
// files named after it: split DWARF (the object names its .dwo), coverage (.gcno beside it, the
// .gcda path embedded), -save-temps (.i/.ii/.s/.bc kept). The compiler writes the real paths;
// afterwards the object and its companions are copied into the store as one result, keyed with
// the output path, and a hit restores them all.

#include <unistd.h>

#include <algorithm>

#include "cache/manifest.h"
#include "common/env.h"
#include "common/fs.h"
#include "common/paths.h"
#include "compiler/depfile.h"
#include "daemon/compiler_runner.h"
#include "daemon/job.h"
#include "daemon/tools/assembler_reads.h"
#include "daemon/tools/compile_miss.h"
#include "daemon/tools/result_store.h"
#include "daemon/tools/side_effects.h"
#include "reasons/reason.h"

namespace zc::daemon {

using reasons::Reason;

namespace {

constexpr std::string_view kTempExtensions[] = {".i", ".ii", ".s", ".bc"};

std::string stem_of(std::string_view path) {
    std::string_view base = common::base_name(path);
    return std::string(base.substr(0, base.size() - common::extension(base).size()));
}

// -save-temps files: gcc names them after the output, beside it; clang after the source, in
// the cwd or (=obj) beside the output. Either way: a temp extension and one of those stems.
std::vector<std::string> saved_temps(const std::vector<DirSnapshot>& before, const Job& compile,
                                     const TranslationUnit& unit) {
    std::string output_stem = stem_of(compile.output_path);
    std::string source_stem = stem_of(unit.source_path);
    auto wanted = [&](std::string_view name) {
        std::string_view ext = common::extension(name);
        if (std::find(std::begin(kTempExtensions), std::end(kTempExtensions), ext) == std::end(kTempExtensions)) {
            return false;
        }
        std::string_view stem = name.substr(0, name.size() - ext.size());
        return stem == output_stem || stem == source_stem;
    };
    std::vector<std::string> out;
    for (const DirSnapshot& snap : before) {
        for (std::string& path : changed_since(snap, wanted)) {
            if (path != compile.output_path && std::find(out.begin(), out.end(), path) == out.end()) {
                out.push_back(std::move(path));
            }
        }
    }
    return out;
}

}  // namespace

protocol::CompileReply compile_in_place_and_store(DaemonContext& ctx, const Job& compile, const TranslationUnit& unit,
                                                  ClientLink& client, Reason why_missed) {
    const protocol::CompileRequest& request = *compile.request;
    const compiler::Invocation& inv = unit.invocation;
    TempFile dep_file{ctx.artifacts.temp_path(".d")};
    std::vector<std::string> argv{compile.compiler.path};
    for (std::string& arg : compiler::in_place_command(inv, compile.compiler.family, dep_file.path)) {
        argv.push_back(std::move(arg));
    }
    AssemblerReads assembler(ctx, compile, unit, client);
    assembler.add_arguments(argv);
    std::vector<DirSnapshot> before;
    if (inv.save_temps) {
        before.push_back(snapshot_dir(request.cwd));
        std::string output_dir(common::dir_name(compile.output_path));
        if (output_dir != request.cwd) before.push_back(snapshot_dir(output_dir));
    }

    ActiveCompile active(ctx);
    int64_t started_ns = 0, compile_ns = 0;
    RunResult run = run_tool(ctx, compile, argv, client, started_ns, compile_ns, assembler.environment());
    if (!run.started) return passthrough(ctx, Reason::kCompilerSpawnFailed);
    std::string dep_text =
        common::read_file(inv.dep_mode == compiler::DepMode::kNone ? dep_file.path : compile.dep_file_path)
            .value_or("");
    std::vector<std::string> deps = common::absolute_all_from(request.cwd, compiler::parse_dep_file(dep_text));
    IncludeTrace trace = trace_of_run(ctx, compile, unit, run, client, &deps);

    protocol::CompileReply reply;
    reply.exit_code = run.exit_code;
    replay_output(compile, run.stdout_data, run.stderr_data, reply);
    if (run.client_gone || run.exit_code != 0) {
        // The compiler wrote (or removed) the real outputs itself, as it would without us.
        ctx.stats.count(Reason::kError);
        reply.outcome = protocol::outcome::kError;
        return reply;
    }
    reply.outcome = protocol::outcome::kMiss;
    reply.reason = reasons::name(why_missed);

    Reason not_storable = why_unit_not_storable(ctx, compile, unit, trace, assembler, deps, started_ns);
    if (not_storable != Reason::kNone && not_storable != Reason::kNotStored) {
        ctx.stats.count_uncacheable(not_storable);
        reply.reason = reasons::name(Reason::kUncacheableInput);
        return reply;
    }
    ctx.stats.count(Reason::kMiss);

    std::vector<cache::OutputRecord> outputs;
    bool captured = not_storable == Reason::kNone &&
                    capture_output(ctx, compile, compile.output_path, cache::output_kind::kObject, "", outputs);
    for (const std::string& ext : inv.extra_output_extensions) {
        std::string path = common::replace_extension(compile.output_path, ext);
        captured = captured && capture_output(ctx, compile, path, cache::output_kind::kSideFile, path, outputs);
    }
    for (const std::string& path : inv.save_temps ? saved_temps(before, compile, unit) : std::vector<std::string>{}) {
        captured = captured && capture_output(ctx, compile, path, cache::output_kind::kSideFile, path, outputs);
    }
    if (!captured) {
        ctx.stats.count(Reason::kNotStored);
        return reply;
    }
    store_entry(ctx, compile, deps, std::move(outputs), dep_text, run, compile_ns, unit.search_dirs, trace.edges);
    return reply;
}

}  // namespace zc::daemon

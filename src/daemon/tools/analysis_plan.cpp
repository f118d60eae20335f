// clang-tidy and include-what-you-use runs. The result (output, exit code, and clang-tidy's
// exported fixes) depends on the tool, its arguments, the compile flags it uses, its config
// files and every file the translation unit reads. The first four enter the key or the
// manifest's dependencies directly; the last come from a dependency file: clang-tidy's own front
// end writes one on request, for iwyu (which cannot) the clang it is built on scans the TU. For
// both, the clang of the same LLVM also says where the TU looks for headers (its search list,
// for shadowing checks) and which file included each header (-H), as for a compile.
//
// A run is stored with any exit code, so a failing check replays its failure, but not when the
// translation unit itself does not compile: a missing header would not be among the
// dependencies, and creating it must not be answered from the cache.

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <optional>
#include <regex>

#include "analysis/compile_database.h"
#include "analysis/config_files.h"
#include "analysis/iwyu_command.h"
#include "analysis/tidy_command.h"
#include "cache/context_key.h"
#include "common/fs.h"
#include "common/paths.h"
#include "compiler/depfile.h"
#include "compiler/invocation.h"
#include "daemon/build_path.h"
#include "daemon/job.h"
#include "daemon/tools/plans.h"
#include "daemon/tools/result_store.h"
#include "daemon/tools/search_dirs.h"
#include "daemon/tools/side_effects.h"
#include "reasons/reason.h"

namespace zc::daemon {

using reasons::Reason;

namespace {

bool is_tidy(const compiler::ResolvedCompiler& tool) {
    return tool.kind == compiler::ToolKind::kClangTidy;
}

// How the tool will see its compile flags, and what that adds to the key and to the manifest.
struct FlagSource {
    std::string key_text;             // the database entry, or how the flags were found
    std::vector<std::string> args;    // the compile flags, for the include search directories
    std::string directory;            // the flags' working directory
    std::vector<std::string> absent;  // databases that must not appear
    Reason refusal = Reason::kNone;   // why we cannot tell which flags it uses
};

FlagSource find_flags(DaemonContext& ctx, const analysis::AnalysisCommand& cmd, const std::string& cwd,
                      const std::string& source) {
    FlagSource flags;
    flags.directory = cwd;
    if (cmd.has_compile_args) {
        flags.key_text = "command line";
        flags.args = cmd.compile_args;
        return flags;
    }
    std::string start =
        cmd.build_path.empty() ? std::string(common::dir_name(source)) : common::absolute_from(cwd, cmd.build_path);
    analysis::DatabaseSearch search =
        analysis::find_compile_database(start, [&](const std::string& path) { return ctx.files.get(path).regular; });
    flags.absent = std::move(search.absent);
    if (search.found.empty()) {
        flags.key_text = "no database";
        return flags;
    }
    meta::FileInfo info = ctx.files.get(search.found);
    flags.directory = std::string(common::dir_name(search.found));
    if (common::base_name(search.found) == analysis::kCompileFlagsName) {
        // One flag per line, relative to the file's directory.
        flags.key_text = "compile_flags.txt " + info.hash.hex();
        std::string text = common::read_file(search.found).value_or("");
        for (size_t start_at = 0; start_at < text.size();) {
            size_t end = text.find('\n', start_at);
            if (end == std::string::npos) end = text.size();
            if (end > start_at) flags.args.push_back(text.substr(start_at, end - start_at));
            start_at = end + 1;
        }
        return flags;
    }
    auto db = ctx.databases.get(search.found, info.hash);
    if (!db) {
        flags.refusal = Reason::kCompileDatabaseUnreadable;
        return flags;
    }
    if (const analysis::DatabaseEntry* entry = db->entry_for(source)) {
        flags.key_text = "entry " + entry->text;
        flags.args = entry->arguments;
        flags.directory = entry->directory;
    } else {
        // clang-tidy infers this file's flags from other entries, -I directories among them,
        // in a way we do not reproduce: without them the search cannot be checked.
        flags.refusal = Reason::kCompileFlagsInferred;
    }
    return flags;
}

// Mapping files and the files they refer to, absolute; false if one is missing.
bool collect_config_files(DaemonContext& ctx, const analysis::AnalysisCommand& cmd, const std::string& cwd,
                          bool follow_refs, std::vector<std::string>& out) {
    std::vector<std::string> pending;
    for (const std::string& file : cmd.config_files) pending.push_back(common::absolute_from(cwd, file));
    while (!pending.empty()) {
        std::string path = std::move(pending.back());
        pending.pop_back();
        if (std::find(out.begin(), out.end(), path) != out.end()) continue;
        if (!ctx.files.get(path).regular) return false;
        out.push_back(path);
        if (!follow_refs) continue;
        for (const std::string& ref : analysis::mapping_file_refs(common::read_file(path).value_or(""))) {
            // iwyu looks beside the referring file first, then in the working directory.
            std::string beside = common::absolute_from(common::dir_name(path), ref);
            pending.push_back(ctx.files.get(beside).regular ? beside : common::absolute_from(cwd, ref));
        }
    }
    return true;
}

// The clang that include-what-you-use is built on ("... based on Debian clang version 14.0.6"),
// which lists the TU's dependencies for it.
std::optional<compiler::ResolvedCompiler> clang_of_the_same_llvm(DaemonContext& ctx, const std::string& version,
                                                                 const protocol::CompileRequest& request) {
    std::smatch match;
    if (!std::regex_search(version, match, std::regex("(?:clang|LLVM) version ([0-9]+)"))) return std::nullopt;
    if (auto found = locate_on_build_path(ctx, request, "clang-" + match[1].str())) return found;
    std::string llvm = "/usr/lib/llvm-" + match[1].str() + "/bin/clang";
    if (::access(llvm.c_str(), X_OK) != 0) return std::nullopt;
    return locate_on_build_path(ctx, request, llvm);
}

struct FileStampAt {
    bool exists = false;
    FileStamp stamp;
};

FileStampAt stamp_of(const std::string& path) {
    struct stat st;
    if (path.empty() || ::stat(path.c_str(), &st) != 0) return {};
    return {true, {st.st_ino, st.st_size, common::timespec_ns(st.st_mtim)}};
}

// The TU did not compile: its dependencies may be incomplete (a header not found).
bool front_end_failed(const compiler::ResolvedCompiler& tool, const RunResult& run) {
    if (is_tidy(tool)) return run.stdout_data.find("[clang-diagnostic-error]") != std::string::npos;
    return run.stderr_data.find(": error: ") != std::string::npos ||
           run.stderr_data.find("fatal error: ") != std::string::npos;
}

struct AnalysisRun {
    const analysis::AnalysisCommand* cmd = nullptr;
    std::string fixes_path;                 // absolute, when asked for
    compiler::ResolvedCompiler scan_clang;  // the clang of the tool's LLVM, which scans the TU
    std::vector<std::string> scan_args;     // the compile flags with the source, as that clang takes them
    std::string scan_dir;                   // where they apply
    std::string source;                     // absolute
};

// The flags and the source as a clang command line: a database entry's first word is its
// compiler; clang-tidy adds the source to flags that do not name it.
std::vector<std::string> scan_arguments(const FlagSource& flags, bool from_database, const std::string& source) {
    std::vector<std::string> args(flags.args.begin() + (from_database && !flags.args.empty() ? 1 : 0),
                                  flags.args.end());
    compiler::Invocation inv = compiler::parse_invocation(args);
    if (inv.source.empty()) args.push_back(source);
    return args;
}

// What the same LLVM's clang says the TU reads: its search list (for shadowing) and -H trace.
struct Scan {
    std::vector<std::string> search_dirs;
    IncludeTrace trace;
    bool ok = false;
};

Scan scan_translation_unit(DaemonContext& ctx, const Job& compile, const AnalysisRun& an, const std::string& dep_file,
                           ClientLink& client) {
    Scan scan;
    protocol::CompileRequest request = *compile.request;
    request.cwd = an.scan_dir;
    Job scanned = compile;
    scanned.request = &request;
    scanned.compiler = an.scan_clang;
    meta::FileInfo clang_file = ctx.files.get(an.scan_clang.real_path);
    std::optional<compiler::SearchList> list =
        compiler_search_list(ctx, scanned, compiler::parse_invocation(an.scan_args), clang_file, client);
    if (!list) return scan;
    scan.search_dirs = shadowing_order(std::string(common::dir_name(an.source)), *list);

    std::vector<std::string> argv{an.scan_clang.path};
    for (std::string& arg : analysis::dependency_scan_arguments(an.scan_args, dep_file)) argv.push_back(std::move(arg));
    argv.push_back("-H");
    int64_t started_ns = 0, elapsed_ns = 0;
    RunResult run = run_tool(ctx, scanned, argv, client, started_ns, elapsed_ns);
    if (!run.started || run.exit_code != 0) return scan;
    scan.trace = read_include_trace(ctx, run.stderr_data, an.source, an.scan_dir);
    scan.ok = scan.trace.complete;
    return scan;
}

protocol::CompileReply analyse_and_store(DaemonContext& ctx, const Job& compile, const AnalysisRun& an,
                                         ClientLink& client, Reason why_missed) {
    const protocol::CompileRequest& request = *compile.request;
    const analysis::AnalysisCommand& cmd = *an.cmd;
    TempFile dep_file{ctx.artifacts.temp_path(".d")};
    std::vector<std::string> argv{compile.compiler.path};
    if (is_tidy(compile.compiler)) argv.push_back(analysis::tidy_dependency_file_argument(dep_file.path));
    argv.insert(argv.end(), cmd.args.begin(), cmd.args.end());

    FileStampAt fixes_before = stamp_of(an.fixes_path);
    ActiveCompile active(ctx);
    int64_t started_ns = 0, run_ns = 0;
    RunResult run = run_tool(ctx, compile, argv, client, started_ns, run_ns);
    if (!run.started) return passthrough(ctx, Reason::kCompilerSpawnFailed);

    // Any exit code is a result (a failing check), but a killed tool's is not.
    protocol::CompileReply reply = miss_reply(ctx, compile, run, run.client_gone || run.exit_code >= 128, why_missed);
    if (reply.outcome == protocol::outcome::kError) return reply;

    std::vector<std::string> deps =
        common::absolute_all_from(request.cwd, compiler::parse_dep_file(common::read_file(dep_file.path).value_or("")));
    TempFile scan_deps{ctx.artifacts.temp_path(".d")};
    Scan scan = scan_translation_unit(ctx, compile, an, scan_deps.path, client);
    if (!is_tidy(compile.compiler)) {  // iwyu writes no dep file: the scan's is the list
        deps = common::absolute_all_from(an.scan_dir,
                                         compiler::parse_dep_file(common::read_file(scan_deps.path).value_or("")));
    }
    add_dependencies(deps, scan.trace.headers);
    Reason not_storable = scan.ok ? why_not_storable(ctx, compile, deps, started_ns) : Reason::kNotStored;
    if (not_storable == Reason::kNone && front_end_failed(compile.compiler, run)) not_storable = Reason::kNotStored;

    std::vector<cache::OutputRecord> outputs;
    FileStampAt fixes_after = stamp_of(an.fixes_path);
    bool fixes_written = fixes_after.exists && (!fixes_before.exists || !(fixes_after.stamp == fixes_before.stamp));
    if (not_storable == Reason::kNone && fixes_written &&
        !capture_output(ctx, compile, an.fixes_path, cache::output_kind::kFixes, "", outputs)) {
        not_storable = Reason::kNotStored;
    }
    if (not_storable != Reason::kNone) {
        count_unstored(ctx, not_storable);
        return reply;
    }
    store_entry(ctx, compile, deps, std::move(outputs), "", run, run_ns, scan.search_dirs, scan.trace.edges);
    return reply;
}

// clang-tidy or include-what-you-use on one translation unit.
class AnalysisPlan final : public ArgumentsPlan {
  public:
    using ArgumentsPlan::ArgumentsPlan;

    Reason prepare(Job& job, const WatcherDrained& drained) override;

    protocol::CompileReply run_and_store(const Job& job, Reason why_missed) override {
        return analyse_and_store(ctx_, job, an_, client_, why_missed);
    }

  private:
    analysis::AnalysisCommand cmd_;
    AnalysisRun an_;  // points at cmd_
};

Reason AnalysisPlan::prepare(Job& compile, const WatcherDrained& /*drained*/) {
    const protocol::CompileRequest& request = *compile.request;
    const compiler::ResolvedCompiler& tool = compile.compiler;
    CompileFacts& facts = *compile.facts;
    cmd_ = is_tidy(tool) ? analysis::parse_clang_tidy(args_) : analysis::parse_iwyu(args_);
    if (!cmd_.cacheable()) return cmd_.uncacheable_reason;

    compile.result_is_output = true;
    std::string source = common::absolute_from(request.cwd, cmd_.source);
    an_ = {&cmd_, cmd_.fixes_file.empty() ? "" : common::absolute_from(request.cwd, cmd_.fixes_file), {}};
    compile.output_path = an_.fixes_path;  // where a stored fixes file is delivered
    facts.output = an_.fixes_path;

    const meta::FileInfo& tool_file = compile.tool_file;
    meta::FileInfo source_file = ctx_.files.get(source);
    if (!source_file.regular) return Reason::kSourceMissing;
    std::string version = ctx_.tools.describe(tool_memo_key(tool.real_path, tool_file.hash, request.env, request.cwd),
                                              {tool.path, "--version"}, request.env, request.cwd);
    if (version.empty()) return Reason::kToolVersionUnknown;
    std::optional<compiler::ResolvedCompiler> clang = clang_of_the_same_llvm(ctx_, version, request);
    if (!clang) return Reason::kAnalysisClangNotFound;
    an_.scan_clang = *clang;
    an_.source = source;

    FlagSource flags = find_flags(ctx_, cmd_, request.cwd, source);
    if (flags.refusal != Reason::kNone) return flags.refusal;
    an_.scan_args = scan_arguments(flags, flags.key_text.starts_with("entry "), source);
    an_.scan_dir = flags.directory;
    if (!collect_config_files(ctx_, cmd_, request.cwd, !is_tidy(tool), compile.extra_deps)) {
        return Reason::kConfigFileMissing;
    }
    compile.extra_absent = std::move(flags.absent);
    if (is_tidy(tool)) {
        std::vector<std::string_view> names{".clang-tidy"};
        if (cmd_.reads_format_style) names.insert(names.end(), {".clang-format", "_clang-format"});
        for (std::string& path : analysis::config_candidates(std::string(common::dir_name(source)), names)) {
            (ctx_.files.get(path).exists ? compile.extra_deps : compile.extra_absent).push_back(std::move(path));
        }
    }

    cache::ToolContextInputs inputs;
    inputs.tool_kind = is_tidy(tool) ? "clang-tidy" : "include-what-you-use";
    inputs.tool_path = tool.real_path;
    inputs.tool_hash = tool_file.hash;
    inputs.tool_version = version;
    inputs.args = cache::keyed_args(cmd_.args, cmd_.keyed);
    inputs.env = request.env;
    inputs.cwd = request.cwd;
    inputs.source_path = source;
    inputs.source_hash = source_file.hash;
    inputs.extra = flags.key_text;
    inputs.wants_fixes = !an_.fixes_path.empty();
    compile.key = cache::tool_context_key(inputs);
    facts.inputs = KeyInputs{tool.real_path, tool_file.hash.hex(), {}, {}, request.cwd, source, source_file.hash.hex()};
    facts.inputs.args = inputs.args;

    return Reason::kNone;
}

}  // namespace

std::unique_ptr<ToolPlan> analysis_plan(DaemonContext& ctx, ClientLink& client, std::vector<std::string> args) {
    return std::make_unique<AnalysisPlan>(ctx, client, std::move(args));
}

}  // namespace zc::daemon

#include "daemon/tools/result_store.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "cache/negative_deps.h"
#include "common/env.h"
#include "common/fs.h"
#include "common/paths.h"
#include "compiler/trace_includes.h"
#include "reasons/reason.h"
#include "store/delivery.h"

namespace zc::daemon {

using reasons::Reason;

TempFile::~TempFile() {
    ::unlink(path.c_str());
}

Reason why_not_storable(DaemonContext& ctx, const Job& compile, const std::vector<std::string>& deps,
                        int64_t started_ns, StoreRules rules) {
    if (deps.empty()) {
        spdlog::debug("not storing: the compiler wrote no dependency file");
        return Reason::kNotStored;
    }
    ctx.files.drain();  // see writes made while the compiler ran
    std::vector<std::string> all = deps;
    all.insert(all.end(), compile.extra_deps.begin(), compile.extra_deps.end());
    for (const std::string& dep : all) {
        meta::FileInfo info = ctx.files.get(dep);
        if (!info.regular) {
            spdlog::debug("not storing: dependency {} is not a regular file", dep);
            return Reason::kNotStored;
        }
        if (info.has_time_macro && !rules.time_macros_pinned) return Reason::kTimeMacros;
        if (info.has_assembler_include && !rules.assembler_reads_known) return Reason::kAssemblerFileInclusion;
        if (info.probes && info.probes->unresolved) return Reason::kHasIncludeUnreadable;
        if (info.mtime_ns >= started_ns - kTimestampTickMarginNs ||
            info.ctime_ns >= started_ns - kTimestampTickMarginNs) {
            spdlog::debug("not storing: {} was modified during the compile", dep);
            return Reason::kNotStored;
        }
    }
    return {};
}

namespace {
// The __has_include probes among `deps`: literal ones, and calls of wrapper macros defined in any of them.
std::vector<cache::Probe> include_probes(DaemonContext& ctx, const std::vector<std::string>& deps) {
    std::vector<std::pair<std::string, std::shared_ptr<const meta::IncludeProbes>>> found;
    std::set<std::string, std::less<>> wrappers;
    for (const std::string& dep : deps) {
        std::shared_ptr<const meta::IncludeProbes> probes = ctx.files.get(dep).probes;
        if (!probes) continue;
        wrappers.insert(probes->wrappers.begin(), probes->wrappers.end());
        found.emplace_back(std::string(common::dir_name(dep)), std::move(probes));
    }
    std::vector<cache::Probe> out;
    for (const auto& [dir, probes] : found) {
        for (const meta::IncludeProbe& p : probes->literal) out.push_back({dir, p.name, p.angle});
        for (const auto& [macro, p] : probes->calls) {
            if (wrappers.contains(macro)) out.push_back({dir, p.name, p.angle});
        }
    }
    return out;
}
}  // namespace

namespace {
// The edges a -H trace would give for quoted includes, from the dep file and each file's
// `#include "name"` directives (meta/quoted_includes.h): an includer's directory and each listed
// header whose path ends in a name it includes. Angle includes never look beside their includer.
// Nothing when a directive names its header through a macro.
std::optional<IncludeTrace> scanned_include_trace(DaemonContext& ctx, const std::string& source,
                                                  const std::vector<std::string>& deps) {
    if (deps.empty()) return std::nullopt;
    std::unordered_map<std::string_view, std::vector<const std::string*>> by_name;
    for (const std::string& dep : deps) by_name[common::base_name(dep)].push_back(&dep);
    IncludeTrace trace;
    auto add_edges = [&](const std::string& includer) {
        std::shared_ptr<const meta::QuotedIncludes> includes = ctx.files.get(includer).quoted_includes;
        if (!includes) return true;
        if (includes->computed) return false;
        std::string dir(common::dir_name(includer));
        for (const std::string& name : includes->names) {
            auto found = by_name.find(common::base_name(name));
            if (found == by_name.end()) continue;
            for (const std::string* header : found->second) {
                if (header->size() > name.size() && header->ends_with(name) &&
                    (*header)[header->size() - name.size() - 1] == '/') {
                    trace.edges.push_back({dir, *header});
                }
            }
        }
        return true;
    };
    if (!add_edges(source)) return std::nullopt;
    for (const std::string& dep : deps) {
        if (dep != source && !add_edges(dep)) return std::nullopt;
    }
    return trace;
}
}  // namespace

IncludeTrace trace_of_run(DaemonContext& ctx, const Job& compile, const TranslationUnit& unit, RunResult& run,
                          ClientLink& client, const std::vector<std::string>* deps) {
    const compiler::Invocation& inv = unit.invocation;
    const std::string& cwd = compile.request->cwd;
    // Our own -H lines come out of stderr, whatever the exit code: the user sees what bare prints.
    if (compiler::adds_trace_includes(inv, compile.compiler.family)) {
        IncludeTrace trace = read_include_trace(ctx, run.stderr_data, unit.source_path, cwd);
        return run.exit_code == 0 ? trace : IncludeTrace{};
    }
    if (run.exit_code != 0) return {};  // not stored
    // An -MD dep file names every header: the includers' own text says the rest.
    if (!inv.trace_includes && deps && inv.dep_mode != compiler::DepMode::kUser) {
        if (std::optional<IncludeTrace> scanned = scanned_include_trace(ctx, unit.source_path, *deps)) return *scanned;
    }
    // The user's own -H stays in stderr and is read from a copy; else a preprocessor-only run.
    std::string lines;
    if (inv.trace_includes) {
        lines = run.stderr_data;
    } else {
        std::vector<std::string> argv{compile.compiler.path};
        for (std::string& arg : compiler::include_trace_command(inv)) argv.push_back(std::move(arg));
        int64_t started_ns = 0, elapsed_ns = 0;
        RunResult traced_run = run_tool(ctx, compile, argv, client, started_ns, elapsed_ns);
        if (!traced_run.started || traced_run.exit_code != 0) {
            IncludeTrace unknown;
            unknown.complete = false;
            return unknown;
        }
        lines = std::move(traced_run.stderr_data);
    }
    return read_include_trace(ctx, lines, unit.source_path, cwd);
}

IncludeTrace read_include_trace(DaemonContext& ctx, std::string& text, const std::string& source,
                                const std::string& cwd) {
    IncludeTrace trace;
    std::vector<compiler::TracedInclude> traced = compiler::take_trace_includes(
        text, [&](const std::string& path) { return ctx.files.get(common::absolute_from(cwd, path)).regular; });
    // The file open at each depth: the source at 0.
    std::vector<std::string> open_files{source};
    std::unordered_set<std::string> seen;
    for (compiler::TracedInclude& include : traced) {
        std::string header = common::absolute_from(cwd, include.path);
        if (include.depth > open_files.size()) {  // not a tree: not ours to read
            trace.complete = false;
            return trace;
        }
        open_files.resize(include.depth);
        trace.edges.push_back({std::string(common::dir_name(open_files.back())), header});
        open_files.push_back(header);
        if (seen.insert(header).second) trace.headers.push_back(std::move(header));
    }
    return trace;
}

void add_dependencies(std::vector<std::string>& deps, const std::vector<std::string>& more) {
    std::unordered_set<std::string> have(deps.begin(), deps.end());
    for (const std::string& dep : more) {
        if (have.insert(dep).second) deps.push_back(dep);
    }
}

void store_entry(DaemonContext& ctx, const Job& compile, const std::vector<std::string>& deps,
                 std::vector<cache::OutputRecord> outputs, const std::string& dep_text, const RunResult& run,
                 int64_t compile_ns, const std::vector<std::string>& search_dirs,
                 const std::vector<cache::IncludeEdge>& includes) {
    cache::ManifestEntry entry;
    for (const std::string& dep : deps) entry.deps.push_back({dep, ctx.files.get(dep).hash.bytes()});
    auto exists = [&](const std::string& path) { return ctx.files.get(path).exists; };
    entry.absent = cache::shadowing_candidates(search_dirs, deps, exists);
    // A quoted include in a header looks in that header's directory first.
    std::vector<std::string> beside_includers = cache::includer_candidates(search_dirs, includes, exists);
    entry.absent.insert(entry.absent.end(), beside_includers.begin(), beside_includers.end());
    // What __has_include asked about: probed files that exist stay as they are, absent ones absent.
    cache::SearchCandidates probed = cache::probe_candidates(
        search_dirs, include_probes(ctx, deps), [&](const std::string& path) { return ctx.files.get(path).exists; });
    for (const std::string& path : probed.present) entry.deps.push_back({path, ctx.files.get(path).hash.bytes()});
    entry.absent.insert(entry.absent.end(), probed.absent.begin(), probed.absent.end());
    for (const std::string& dep : compile.extra_deps) entry.deps.push_back({dep, ctx.files.get(dep).hash.bytes()});
    entry.absent.insert(entry.absent.end(), compile.extra_absent.begin(), compile.extra_absent.end());
    entry.has_dep_file = !compile.dep_file_path.empty();
    if (entry.has_dep_file) entry.dep_file_text = dep_text;
    entry.outputs = std::move(outputs);
    add_run_to_manifest(ctx, compile, std::move(entry), run, compile_ns);
}

void add_to_manifest(DaemonContext& ctx, const Job& compile, cache::ManifestEntry entry) {
    entry.created_ns = common::now_realtime_ns();
    entry.origin = compile.remap.origin();
    if (compile.toolless_key) ctx.worktree_toolchains.note(*compile.toolless_key, compile.toolchain, entry.origin);
    cache::Manifest manifest;
    std::shared_ptr<LiveManifest> live;
    if (ctx.manifests.load(compile.key, compile.remap, live) == ManifestCache::Load::kFound) manifest = live->manifest;
    cache::add_entry(manifest, std::move(entry));
    if (ctx.manifests.store(compile.key, compile.remap, manifest)) ctx.evictor.note_use(compile.key);
}

void add_run_to_manifest(DaemonContext& ctx, const Job& compile, cache::ManifestEntry entry, const RunResult& run,
                         int64_t run_ns) {
    entry.exit_code = run.exit_code;
    entry.stdout_data = run.stdout_data;
    entry.stderr_data = run.stderr_data;
    entry.compile_ns = run_ns;
    add_to_manifest(ctx, compile, std::move(entry));
}

RunResult run_tool(DaemonContext& ctx, const Job& compile, const std::vector<std::string>& argv, ClientLink& client,
                   int64_t& started_ns, int64_t& elapsed_ns, const std::vector<std::string>* env) {
    const protocol::CompileRequest& request = *compile.request;
    int nice = ctx.priority.nice_increment(common::env_lookup(request.env, "ZCCACHE_COMPILE_PRIORITY"));
    started_ns = common::now_realtime_ns();  // compared with the inputs' mtimes
    int64_t start_mono = common::now_monotonic_ns();
    RunResult run = run_compiler(argv.front(), argv, env ? *env : request.env, request.cwd, client, nice,
                                 static_cast<mode_t>(request.umask & 0777));
    elapsed_ns = common::now_monotonic_ns() - start_mono;
    return run;
}

protocol::CompileReply miss_reply(DaemonContext& ctx, const Job& compile, const RunResult& run, bool failed,
                                  Reason why_missed) {
    protocol::CompileReply reply;
    reply.exit_code = run.exit_code;
    replay_output(compile, run.stdout_data, run.stderr_data, reply);
    if (failed) {
        ctx.stats.count(Reason::kError);
        reply.outcome = protocol::outcome::kError;
        return reply;
    }
    reply.outcome = protocol::outcome::kMiss;
    reply.reason = reasons::name(why_missed);
    ctx.stats.count(Reason::kMiss);
    return reply;
}

void count_unstored(DaemonContext& ctx, Reason why) {
    if (why == Reason::kNotStored) {
        ctx.stats.count(Reason::kNotStored);
    } else {
        ctx.stats.count_uncacheable(why);
    }
}

bool cache_filesystem_unusable(DaemonContext& ctx) {
    constexpr uint64_t kMinFreeBytes = 1u << 20;
    struct statvfs fs;
    if (::statvfs((ctx.cache_root + "/tmp").c_str(), &fs) != 0) return true;
    return (fs.f_flag & ST_RDONLY) != 0 || static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize < kMinFreeBytes;
}

bool capture_output(DaemonContext& ctx, const Job& job, const std::string& path, std::string_view kind,
                    std::string record_path, std::vector<cache::OutputRecord>& outputs) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    std::string temp = ctx.artifacts.temp_path(".out");
    common::Hash128 hash;
    int64_t size = 0;
    if (!store::clone_file(path, temp) || !ctx.artifacts.publish(temp, *job.pins, hash, size)) {
        ::unlink(temp.c_str());
        return false;
    }
    outputs.push_back(
        {std::string(kind), hash.bytes(), size, std::move(record_path), static_cast<uint32_t>(st.st_mode & 07777)});
    return true;
}

namespace {
int64_t newest_change_ns(const std::vector<std::string>& paths) {
    int64_t newest = 0;
    for (const std::string& path : paths) {
        struct stat st;
        if (::stat(path.c_str(), &st) != 0) continue;
        newest = std::max({newest, common::timespec_ns(st.st_mtim), common::timespec_ns(st.st_ctim)});
    }
    return newest;
}

}  // namespace

void let_fresh_inputs_settle(const std::vector<std::string>& inputs) {
    int64_t wait_ns = newest_change_ns(inputs) + kTimestampTickMarginNs - common::now_realtime_ns();
    if (wait_ns > 0 && wait_ns <= kTimestampTickMarginNs)
        std::this_thread::sleep_for(std::chrono::nanoseconds(wait_ns));
}

bool inputs_settled(DaemonContext& ctx, const std::vector<std::string>& deps, int64_t started_ns) {
    ctx.files.drain();
    for (const std::string& dep : deps) {
        meta::FileInfo info = ctx.files.get(dep);
        if (!info.regular || info.mtime_ns >= started_ns - kTimestampTickMarginNs ||
            info.ctime_ns >= started_ns - kTimestampTickMarginNs) {
            spdlog::debug("not storing: input {} is missing or changed while the tool ran", dep);
            return false;
        }
    }
    return true;
}

}  // namespace zc::daemon

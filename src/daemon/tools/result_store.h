#pragma once
// What every miss path shares once its tool has run: whether the result may be stored, copying
// outputs into the store, and writing the manifest entry.

#include <atomic>
#include <string>
#include <string_view>
#include <vector>

#include "cache/manifest.h"
#include "cache/negative_deps.h"
#include "daemon/client_link.h"
#include "daemon/compiler_runner.h"
#include "daemon/job.h"
#include "daemon/replies.h"
#include "daemon/tools/translation_unit.h"
#include "reasons/reason.h"

namespace zc::daemon {

// File timestamps come from a coarse kernel clock that can lag the real time by a tick, so an
// input written just after a compile started may carry a time just before it.
inline constexpr int64_t kTimestampTickMarginNs = 20'000'000;

// A file in the store's tmp/ that a miss path writes (dep file, redirected object), removed
// when the miss path is done with it.
struct TempFile {
    std::string path;
    TempFile(std::string p) : path(std::move(p)) {}
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile();
};

// Counts a running compile for `status` while it lives.
struct ActiveCompile {
    explicit ActiveCompile(DaemonContext& ctx) : ctx_(ctx) { ctx_.active_compiles.fetch_add(1); }
    ~ActiveCompile() { ctx_.active_compiles.fetch_sub(1); }
    DaemonContext& ctx_;
};

// What a successful run read, from the -H lines its miss command added (taken out of `run`'s
// stderr again; read from a copy when the user asked for -H; for clang with -MMD, from a
// preprocessor-only run with -H): every header, absolute (with -MMD the dep file leaves system
// headers out), and each header's includer's directory, where a quoted include looks first.
struct IncludeTrace {
    std::vector<std::string> headers;
    std::vector<cache::IncludeEdge> edges;
    bool complete = true;  // false: the lines did not form a tree; such a result is not stored
};
// `deps`: the run's dep file (absolute paths); when it lists every header (-MD), the includers'
// quoted includes, read from their text, stand in for a preprocessing-only run with -H.
IncludeTrace trace_of_run(DaemonContext& ctx, const Job& compile, const TranslationUnit& unit, RunResult& run,
                          ClientLink& client, const std::vector<std::string>* deps = nullptr);
// The -H lines of `text` (taken out of it), for a run of `source` in `cwd`.
IncludeTrace read_include_trace(DaemonContext& ctx, std::string& text, const std::string& source,
                                const std::string& cwd);
// `deps` with `more` added, each once.
void add_dependencies(std::vector<std::string>& deps, const std::vector<std::string>& more);

// What a tool's run lets its inputs contain.
struct StoreRules {
    bool time_macros_pinned = false;     // SOURCE_DATE_EPOCH fixes __DATE__ and __TIME__ (gcc)
    bool assembler_reads_known = false;  // the assembler said which files it read
                                         // (daemon/assembler_reads.h): no need to scan for its directives
};

// Why this successful compile may not be stored (a counter or uncacheable reason), or empty:
// every dependency must be a regular file older than the compile's start, without time macros.
reasons::Reason why_not_storable(DaemonContext& ctx, const Job& compile, const std::vector<std::string>& deps,
                                 int64_t started_ns, StoreRules rules = {});

// Inputs written a moment ago (a build links or archives right after its last compile) would
// look modified while the tool runs; waiting out the timestamp margin first lets its result be stored.
void let_fresh_inputs_settle(const std::vector<std::string>& inputs);

// Every input (absolute) is a regular file that did not change since `started_ns` (see miss_path.cpp).
bool inputs_settled(DaemonContext& ctx, const std::vector<std::string>& deps, int64_t started_ns);

// Copies the file at `path` into the store (reflink or copy, never a hardlink: the user keeps
// writing to it) and appends its record; false if it is not a regular file or cannot be stored.
// The blob stays pinned by `job` until its manifest is written.
bool capture_output(DaemonContext& ctx, const Job& job, const std::string& path, std::string_view kind,
                    std::string record_path, std::vector<cache::OutputRecord>& outputs);

// Runs `argv` (argv[0] is the program) for `compile` as the daemon's child, in the build's cwd
// and environment at the build's priority; `started_ns` and `elapsed_ns` time it.
// `env` replaces the build's environment when given.
RunResult run_tool(DaemonContext& ctx, const Job& compile, const std::vector<std::string>& argv, ClientLink& client,
                   int64_t& started_ns, int64_t& elapsed_ns, const std::vector<std::string>* env = nullptr);

// Puts `entry` first in its key's manifest and tells the evictor.
void add_to_manifest(DaemonContext& ctx, const Job& compile, cache::ManifestEntry entry);

// The same, with the run's exit code, output and duration recorded in `entry` first.
void add_run_to_manifest(DaemonContext& ctx, const Job& compile, cache::ManifestEntry entry, const RunResult& run,
                         int64_t run_ns);

// Adds the entry for a stored compile to its manifest. For a translation unit, `search_dirs`
// (TranslationUnit::search_dirs) and `includes` (what its trace says included each header) add
// the header paths that would shadow one it read.
void store_entry(DaemonContext& ctx, const Job& compile, const std::vector<std::string>& deps,
                 std::vector<cache::OutputRecord> outputs, const std::string& dep_text, const RunResult& run,
                 int64_t compile_ns, const std::vector<std::string>& search_dirs = {},
                 const std::vector<cache::IncludeEdge>& includes = {});

// The reply to a tool run on a miss: its output and exit code replayed; an `error` outcome when
// `failed` (nothing is stored then), else a `miss` for `why_missed`. Counts either.
protocol::CompileReply miss_reply(DaemonContext& ctx, const Job& compile, const RunResult& run, bool failed,
                                  reasons::Reason why_missed);

// Counts a successful run whose result is not stored: `not_stored`, or an uncacheable reason.
void count_unstored(DaemonContext& ctx, reasons::Reason why);

// A failed compile that wrote into our tmp/ may have failed because of the cache's disk.
bool cache_filesystem_unusable(DaemonContext& ctx);

}  // namespace zc::daemon

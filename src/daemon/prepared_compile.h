#pragma once
// A compile request once it is understood: the real compiler, the parsed command line, the
// absolute paths the daemon works with, and the context key.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cache/path_remap.h"
#include "common/hash.h"
#include "compiler/compiler_locator.h"
#include "compiler/invocation.h"
#include "compiler/link_invocation.h"
#include "daemon/client_link.h"
#include "daemon/context.h"
#include "daemon/journal.h"
#include "protocol/messages.h"
#include "reasons/reason.h"

namespace zc::daemon {

struct PreparedCompile {
    const protocol::CompileRequest* request = nullptr;
    compiler::ResolvedCompiler compiler;
    compiler::Invocation invocation;
    std::string source_path;               // absolute
    std::string output_path;               // absolute
    std::string dep_file_path;             // absolute, when the user asked for one
    std::vector<std::string> search_dirs;  // absolute, the source's directory first
    bool source_date_epoch = false;
    bool strip_colour = false;  // diagnostics were stored coloured; this caller wants them plain
    cache::PathRemap remap;     // worktree sharing, when the build asked for it
    common::Hash128 key;
    CompileFacts* facts = nullptr;  // the hit path notes what it saved
    // Analysis tools: the result is the output and exit code; files written are optional.
    bool result_is_output = false;
    std::vector<std::string> extra_deps;    // absolute: config files that decide the result
    std::vector<std::string> extra_absent;  // absolute: config files that must not appear
    std::vector<std::string> keyed_files;   // absolute: files whose content the key holds (a -fprofile-use profile)

    // The permission bits a bare run gives an output that the tool wrote with `recorded` (an
    // executable stays executable): 0666 or 0777 less this client's umask.
    uint32_t output_mode(uint32_t recorded = 0644) const {
        return ((recorded & 0111) != 0 ? 0777u : 0666u) & ~(request->umask & 0777u);
    }
};

// Fills `compile` for one single-source invocation, or returns the passthrough reply when the
// cache cannot take it. What it runs (the compiler's search list, once) stops if `client`
// closes.
std::optional<protocol::CompileReply> prepare_compile(DaemonContext& ctx, const protocol::CompileRequest& request,
                                                      const compiler::ResolvedCompiler& resolved,
                                                      compiler::Invocation invocation, PreparedCompile& compile,
                                                      CompileFacts& facts, ClientLink& client);

// Serves a hit, or calls `on_miss` with the reason; one lookup or run per key at a time.
// A wait for the same key in flight keeps `client`'s heartbeat going.
protocol::CompileReply lookup_or_run(DaemonContext& ctx, const PreparedCompile& compile, ClientLink& client,
                                     const std::function<protocol::CompileReply(reasons::Reason)>& on_miss);

enum class OnMiss { kCompile, kReturnEmpty /* outcome left empty */ };

// Serves a hit, or compiles and stores; one compile per key at a time.
protocol::CompileReply lookup_or_compile(DaemonContext& ctx, const PreparedCompile& compile, ClientLink& client,
                                         OnMiss on_miss = OnMiss::kCompile);

// `-c a.c b.c ...`: every source as its own cached compile, results combined in source order.
protocol::CompileReply handle_multi_source(DaemonContext& ctx, const protocol::CompileRequest& request,
                                           const compiler::ResolvedCompiler& resolved,
                                           std::vector<std::vector<std::string>> parts, ClientLink& client,
                                           CompileFacts& facts);

// The miss path for a compile that must write its real output path (see in_place_compile.cpp).
protocol::CompileReply compile_in_place_and_store(DaemonContext& ctx, const PreparedCompile& compile,
                                                  ClientLink& client, reasons::Reason why_missed);

// A link through the compiler driver: served from the cache or linked, stored with its side files.
protocol::CompileReply handle_link(DaemonContext& ctx, const protocol::CompileRequest& request,
                                   const compiler::ResolvedCompiler& resolved, const compiler::LinkInvocation& link,
                                   ClientLink& client, CompileFacts& facts);

// `ar` building a new archive and `ranlib` indexing one: served from the cache or run and stored.
protocol::CompileReply handle_archive(DaemonContext& ctx, const protocol::CompileRequest& request,
                                      const compiler::ResolvedCompiler& tool, const std::vector<std::string>& args,
                                      ClientLink& client, CompileFacts& facts);

// clang-tidy and include-what-you-use: the result is keyed by the tool, its arguments and
// config, and the translation unit's dependencies; output and exit code are replayed.
protocol::CompileReply handle_analysis(DaemonContext& ctx, const protocol::CompileRequest& request,
                                       const compiler::ResolvedCompiler& tool, const std::vector<std::string>& args,
                                       ClientLink& client, CompileFacts& facts);

// rustc and clippy-driver under RUSTC_WRAPPER: library crates cached with all their outputs.
protocol::CompileReply handle_rust(DaemonContext& ctx, const protocol::CompileRequest& request,
                                   const compiler::ResolvedCompiler& tool, const std::vector<std::string>& args,
                                   ClientLink& client, CompileFacts& facts);

// rustfmt: check runs replayed, write runs applied only where a file's text changes.
protocol::CompileReply handle_rustfmt(DaemonContext& ctx, const protocol::CompileRequest& request,
                                      const compiler::ResolvedCompiler& tool, const std::vector<std::string>& args,
                                      ClientLink& client, CompileFacts& facts);

// File timestamps come from a coarse kernel clock that can lag the real time by a tick, so an
// input written just after a compile started may carry a time just before it.
inline constexpr int64_t kTimestampTickMarginNs = 20'000'000;

// Looks up the key's manifest and, on a match, delivers its outputs. Fills `reply` on a hit,
// else says why in `why_missed`.
bool serve_hit(DaemonContext& ctx, const PreparedCompile& compile, protocol::CompileReply& reply,
               reasons::Reason& why_missed);

// Runs the compiler, stores the result if it may be stored, and delivers the outputs.
protocol::CompileReply compile_and_store(DaemonContext& ctx, const PreparedCompile& compile, ClientLink& client,
                                         reasons::Reason why_missed);

// Counts `reason` and tells the client to run the command itself. The client resolves the
// compiler on its own: it never executes a path taken from a reply.
protocol::CompileReply passthrough(DaemonContext& ctx, reasons::Reason reason);

// Writes a result's diagnostics into a reply, plain or coloured as this caller wants them.
void replay_output(const PreparedCompile& compile, std::string_view out, std::string_view err,
                   protocol::CompileReply& reply);

}  // namespace zc::daemon

#pragma once
// A compile request once it is understood: the real compiler, the parsed command line, the
// absolute paths the daemon works with, and the context key.

#include <string>
#include <vector>

#include "common/hash.h"
#include "compiler/compiler_locator.h"
#include "compiler/invocation.h"
#include "daemon/context.h"
#include "protocol/messages.h"

namespace zc::daemon {

struct PreparedCompile {
    const protocol::CompileRequest* request = nullptr;
    compiler::ResolvedCompiler compiler;
    compiler::Invocation invocation;
    std::string source_path;    // absolute
    std::string output_path;    // absolute
    std::string dep_file_path;  // absolute, when the user asked for one
    std::vector<std::string> search_dirs;  // absolute, the source's directory first
    bool source_date_epoch = false;
    bool strip_colour = false;  // diagnostics were stored coloured; this caller wants them plain
    common::Hash128 key;
};

// Looks up the key's manifest and, on a match, delivers its outputs. Fills `reply` on a hit.
bool serve_hit(DaemonContext& ctx, const PreparedCompile& compile, protocol::CompileReply& reply);

// Runs the compiler, stores the result if it may be stored, and delivers the outputs.
protocol::CompileReply compile_and_store(DaemonContext& ctx, const PreparedCompile& compile, int client_fd);

// Writes a result's diagnostics into a reply, plain or coloured as this caller wants them.
void replay_output(const PreparedCompile& compile, std::string_view out, std::string_view err,
                   protocol::CompileReply& reply);

}  // namespace zc::daemon

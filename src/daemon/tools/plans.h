#pragma once
// Every tool plan there is (daemon/tools/*_plan.cpp), made for one request.

#include <memory>
#include <string>
#include <vector>

#include "compiler/invocation.h"
#include "compiler/link_invocation.h"
#include "daemon/client_link.h"
#include "daemon/context.h"
#include "daemon/tools/tool_plan.h"

namespace zc::daemon {

// A single-source C or C++ compile (gcc, clang, emcc -c).
std::unique_ptr<ToolPlan> compile_plan(DaemonContext& ctx, ClientLink& client, compiler::Invocation invocation);

// A link through the compiler driver, emcc or wasm-ld: stored with its side files.
std::unique_ptr<ToolPlan> link_plan(DaemonContext& ctx, ClientLink& client, compiler::LinkInvocation link);

// `ar` building a new archive and `ranlib` indexing one.
std::unique_ptr<ToolPlan> archive_plan(DaemonContext& ctx, ClientLink& client, std::vector<std::string> args);

// clang-tidy and include-what-you-use: output and exit code replayed.
std::unique_ptr<ToolPlan> analysis_plan(DaemonContext& ctx, ClientLink& client, std::vector<std::string> args);

// rustc and clippy-driver under RUSTC_WRAPPER: library crates with all their outputs.
std::unique_ptr<ToolPlan> rust_plan(DaemonContext& ctx, ClientLink& client, std::vector<std::string> args);

// rustfmt: check runs replayed, write runs applied only where a file's text changes.
std::unique_ptr<ToolPlan> rustfmt_plan(DaemonContext& ctx, ClientLink& client, std::vector<std::string> args);

}  // namespace zc::daemon

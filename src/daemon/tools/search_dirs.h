#pragma once
// Where a C/C++ compile looks for headers, as the compiler says: asked once per compiler,
// search-relevant arguments, include-path variables and cwd (`-E -v` on /dev/null), then kept.
// Shadowing checks and __has_include probes run over this list, so that a header created in
// any directory the compiler searches (a built-in one, a CPATH one, one skipped as missing)
// before the one used is a miss.

#include <optional>
#include <string>
#include <vector>

#include "compiler/search_list.h"
#include "daemon/client_link.h"
#include "daemon/context.h"
#include "daemon/job.h"
#include "meta/file_metadata_cache.h"

namespace zc::daemon {

// The arguments that can move a directory or a program the driver runs (-I…, -isystem,
// --sysroot, -nostdinc, -target, -m…, -B, ...), in order, with their values.
std::vector<std::string> search_arguments(const compiler::Invocation& inv);

// The list with every directory absolute, or nullopt when the compiler would not say.
// `compile` names the compiler and the build's cwd and environment; `inv` the search arguments.
std::optional<compiler::SearchList> compiler_search_list(DaemonContext& ctx, const Job& compile,
                                                         const compiler::Invocation& inv,
                                                         const meta::FileInfo& compiler_file, ClientLink& client);

// The directories for shadowing checks, in an order that can only over-approximate: the
// source's own directory, the missing ones (their place is unknown), then the list.
std::vector<std::string> shadowing_order(const std::string& source_dir, const compiler::SearchList& list);

}  // namespace zc::daemon

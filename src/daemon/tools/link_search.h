#pragma once
// The library search of a gcc or clang link, asked on a miss: the linker command the driver
// would run (`-###`) gives every -L directory in order (the user's, -Wl,-L, LIBRARY_PATH's, the
// driver's own) and every -l (the implicit -lc, -lgcc, -lstdc++ too); GNU ld adds its built-in
// SEARCH_DIRs (`--verbose`). Each answer is memoised per driver, arguments and environment.

#include <optional>
#include <string>
#include <vector>

#include "compiler/compiler_locator.h"
#include "compiler/link_invocation.h"
#include "compiler/linker_search.h"
#include "daemon/client_link.h"
#include "daemon/context.h"
#include "meta/file_metadata_cache.h"
#include "protocol/messages.h"

namespace zc::daemon {

// nullopt when the driver or the linker would not say, or a linker response file cannot be
// read: then the link is not stored.
std::optional<compiler::LibrarySearch> link_library_search(DaemonContext& ctx, const protocol::CompileRequest& request,
                                                           const compiler::ResolvedCompiler& driver,
                                                           const meta::FileInfo& driver_file,
                                                           const compiler::LinkInvocation& link,
                                                           const std::vector<std::string>& driver_args,
                                                           const std::string& linker_name, ClientLink& client);

}  // namespace zc::daemon

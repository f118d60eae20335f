#pragma once
// The programs a gcc driver runs behind its own binary (cc1, cc1plus, as, collect2, ld): their
// content changes the output as much as the driver's does, and a package upgrade can change one
// without the other. Each is located once as the driver would (`-print-prog-name=`, honouring
// -B and GCC_EXEC_PREFIX/COMPILER_PATH; a bare name means PATH), then keyed by its content
// through the metadata cache, so a changed cc1 or as is a miss.

#include <optional>
#include <string>
#include <vector>

#include "compiler/compiler_locator.h"
#include "daemon/client_link.h"
#include "daemon/context.h"
#include "meta/file_metadata_cache.h"
#include "protocol/messages.h"

namespace zc::daemon {

// The path of the program `name` the driver runs (`-print-prog-name=`); "" when it runs one it
// cannot find, nullopt when the driver would not say.
std::optional<std::string> driver_program(DaemonContext& ctx, const protocol::CompileRequest& request,
                                          const compiler::ResolvedCompiler& driver, const meta::FileInfo& driver_file,
                                          const std::vector<std::string>& driver_args, const std::string& name,
                                          ClientLink& client);

// "name=path:hash" for each of `names`, or nullopt when the driver would not say.
// `driver_args` are the arguments that choose the programs (-B, --prefix, -fuse-ld=, ...).
std::optional<std::string> driver_tools_identity(DaemonContext& ctx, const protocol::CompileRequest& request,
                                                 const compiler::ResolvedCompiler& driver,
                                                 const meta::FileInfo& driver_file,
                                                 const std::vector<std::string>& driver_args,
                                                 const std::vector<std::string>& names, ClientLink& client);

}  // namespace zc::daemon

#pragma once
// What keys the compiler itself, as ccache's compiler_check (ZCCACHE_COMPILER_CHECK, from the
// build's environment):
//   content (default)  its bytes; for a script (#!), also its interpreter's (through
//                      `#!/usr/bin/env NAME`, NAME found on PATH)
//   mtime              its size and modification time
//   none               nothing: the user vouches that the compiler at this path never changes
//   string:TEXT        TEXT (say, a toolchain version the build system knows)
//   anything else      a command run with /bin/sh for every compile ("%compiler%" replaced by
//                      the compiler's path), whose exit code and output key it: for wrapper
//                      scripts whose behaviour depends on more than their bytes
// The setting itself is part of the key.

#include <optional>
#include <string>

#include "common/hash.h"
#include "compiler/compiler_locator.h"
#include "daemon/client_link.h"
#include "daemon/context.h"
#include "meta/file_metadata_cache.h"
#include "protocol/messages.h"

namespace zc::daemon {

// nullopt when the command cannot run, fails, or a script's interpreter is not found: then
// the compile is passed through.
std::optional<common::Hash128> compiler_check_hash(DaemonContext& ctx, const protocol::CompileRequest& request,
                                                   const compiler::ResolvedCompiler& compiler,
                                                   const meta::FileInfo& compiler_file, ClientLink& client);

}  // namespace zc::daemon

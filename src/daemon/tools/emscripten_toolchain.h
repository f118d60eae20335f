#pragma once
// Who answers `emcc`: a launcher script runs `<name>.py` from the emscripten root, which runs
// the clang and wasm-ld its config names. The identity that enters the key is therefore the
// called name, the Python driver files, the version file, the config, what `emcc -v` says of
// emscripten and clang, and the EMCC_*/EM_* environment; not the launcher's bytes alone.

#include <string>
#include <string_view>
#include <vector>

#include "compiler/compiler_locator.h"
#include "daemon/context.h"
#include "protocol/messages.h"
#include "reasons/reason.h"

namespace zc::daemon {

// Fills `emcc.identity`; false with `refusal` set when the toolchain cannot be told apart.
bool identify_emscripten(DaemonContext& ctx, const protocol::CompileRequest& request,
                         const std::vector<std::string>& args, compiler::ResolvedCompiler& emcc,
                         reasons::Reason& refusal);

// Fills `linker.identity` for a directly called wasm-ld (lld picks its flavour from its name and
// links LLVM's shared libraries).
bool identify_wasm_ld(DaemonContext& ctx, const protocol::CompileRequest& request, compiler::ResolvedCompiler& linker,
                      reasons::Reason& refusal);

}  // namespace zc::daemon

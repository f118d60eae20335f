#pragma once
// Finding the real compiler a request names, and what kind it is.

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/invocation.h"

namespace zc::compiler {

// What a located program is to the cache.
enum class ToolKind {
    kUnknown,            // passed through
    kCompiler,           // gcc, g++, clang, clang++ and their versioned names
    kClangTidy,          // clang-tidy
    kIncludeWhatYouUse,  // include-what-you-use, iwyu
    kEmscripten,         // emcc, em++: clang behind a Python driver
    kWasmLd,             // wasm-ld, called directly
    kRustc,              // rustc, as RUSTC_WRAPPER passes it
    kClippyDriver,       // clippy-driver <rustc> ..., as `cargo clippy` passes it
    kRustfmt,            // rustfmt
    kArchiver,           // ar, llvm-ar, gcc-ar and target-prefixed names
    kRanlib,             // ranlib, llvm-ranlib and target-prefixed names
};

struct ResolvedCompiler {
    std::string path;       // what to execute
    std::string real_path;  // symlinks resolved: its identity
    Family family = Family::kGcc;
    ToolKind kind = ToolKind::kUnknown;
    // For toolchains whose binary's bytes do not say it all (emcc, wasm-ld): set by the daemon.
    std::string identity;
    bool known() const { return kind == ToolKind::kCompiler; }
};

// The name a compile's key holds: clang takes its mode (clang++) and target
// (x86_64-linux-gnu-clang) from the name it runs as, while gcc's binary is the same compiler
// under any name ("" for it).
std::string keyed_driver_name(const ResolvedCompiler& compiler);

// How the locator looks at files. The daemon answers from its watched metadata cache, so that
// finding `gcc` on a ten-entry PATH costs no system call while nothing there changes.
struct ProgramFiles {
    // An existing regular file with an execute bit, and its inode.
    std::function<bool(const std::string& path, dev_t& dev, ino_t& ino)> executable;
    std::function<std::string(const std::string& path)> real_path;  // as realpath(3)
};
// stat(2) and realpath(3).
ProgramFiles system_program_files();

// `name` as the user wrote it; a name without '/' is looked up in `path_var` (cwd for empty
// entries). Candidates with inode `skip_dev`/`skip_ino` (zccache itself) are passed over.
std::optional<ResolvedCompiler> locate_compiler(std::string_view name, std::string_view path_var,
                                                const std::string& cwd, dev_t skip_dev, ino_t skip_ino,
                                                const ProgramFiles& files);

}  // namespace zc::compiler

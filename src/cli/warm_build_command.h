#pragma once
// `zccache warm --compile-commands FILE`: restores a C/C++ build's cached objects before the
// build tool runs, from the build's compile database (CMake's, Meson's, Bear's), in one request.

#include <string>

namespace zc::cli {

// Prints how many compiles were restored, missed, left alone (output present) and skipped, as
// text or JSON. Returns the exit code: 0, 1 when the daemon could not be asked, 2 for a file
// that is not a compile database.
int warm_compile_commands(const std::string& path, bool json);

}  // namespace zc::cli

#pragma once
// Where a link looks for its libraries, read from what the driver and the linker say: the
// linker's command line as the driver would run it (`-###`: every -L the driver passes, the
// user's, -Wl,-L, LIBRARY_PATH's and its own, and every -l, the implicit -lc, -lgcc and
// -lstdc++ among them), then GNU ld's built-in SEARCH_DIRs (`ld --verbose`).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/response_file.h"

namespace zc::compiler {

// The words of the last command a driver's `-###` output shows (the linker's, for a link), or
// nullopt when it shows none.
std::optional<std::vector<std::string>> last_driver_command(std::string_view trace);

struct LibrarySearch {
    std::vector<std::string> dirs;            // -L directories in the order given, absolute
    std::vector<std::string> libs;            // -l names ("m", ":libfoo.a")
    std::string sysroot;                      // --sysroot=, for the linker's "=" directories
    std::vector<std::string> response_files;  // @files read, absolute: dependencies of the link
};

// Reads a linker command line's -L/--library-path, -l/--library, --sysroot and @file (whose
// words are read in turn). False when a response file cannot be read or nests too deep.
bool read_library_search(const std::vector<std::string>& linker_args, const std::string& cwd, const FileReader& read,
                         LibrarySearch& out);

// The SEARCH_DIR directories of GNU ld's built-in linker script (`ld --verbose`), with "=" taken
// as the sysroot ("/" without one).
std::vector<std::string> linker_builtin_dirs(std::string_view verbose, const std::string& sysroot);

}  // namespace zc::compiler

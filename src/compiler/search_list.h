#pragma once
// The include search list as the compiler itself reports it (`-E -v`): the directories for
// `#include "..."` only, then those for both forms (-I, -isystem, the include-path variables,
// the built-in system directories, -idirafter), in search order. Directories it skipped as
// nonexistent are kept too: one created later joins the search, at a place we cannot know.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zc::compiler {

struct SearchList {
    std::vector<std::string> quote_dirs;    // searched for "..." only (-iquote), in order
    std::vector<std::string> angle_dirs;    // searched for <...> and "...", in order
    std::vector<std::string> missing_dirs;  // named, but nonexistent when asked
};

// Parses the stderr of `<compiler> -E -v -x <language> /dev/null` (gcc and clang). nullopt
// when the output has no search list (not a gcc-compatible driver, or it failed).
std::optional<SearchList> parse_search_list(std::string_view verbose_output);

}  // namespace zc::compiler

#pragma once
// With -MMD the compiler's dep file leaves system headers out, yet a changed system header
// changes the object. A miss then also passes -H, whose lines on stderr (". /usr/include/stdio.h",
// a dot per level) name every header read; they are taken out of stderr again, with gcc's
// "Multiple include guards may be useful for:" list, so that the user sees what a bare compile
// prints and the user's dep file stays the compiler's own.

#include <functional>
#include <string>
#include <vector>

namespace zc::compiler {

// Removes the -H lines from `stderr_text` and returns the headers they name (as printed). A
// dotted line whose path `is_file` denies is the compiler's message, and stays.
std::vector<std::string> take_trace_includes(std::string& stderr_text,
                                             const std::function<bool(const std::string&)>& is_file);

}  // namespace zc::compiler

#pragma once
// A miss passes -H, whose lines on stderr (". /usr/include/stdio.h", a dot per level) name every
// header read and which file included it: with -MMD the dep file leaves system headers out, and
// a quoted include looks first in its includer's directory, which the dep file does not say.
// They are taken out of stderr again, with gcc's "Multiple include guards may be useful for:"
// list, so that the user sees what a bare compile prints.

#include <functional>
#include <string>
#include <vector>

namespace zc::compiler {

// One -H line: how deep in the include tree (1: included by the source) and the path as printed.
struct TracedInclude {
    size_t depth = 0;
    std::string path;
};

// Removes the -H lines from `stderr_text` and returns them in order. A dotted line whose path
// `is_file` denies is the compiler's message, and stays.
std::vector<TracedInclude> take_trace_includes(std::string& stderr_text,
                                               const std::function<bool(const std::string&)>& is_file);

}  // namespace zc::compiler

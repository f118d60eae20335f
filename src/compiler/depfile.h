#pragma once
// Make-syntax dependency files as gcc and clang write them.

#include <string>
#include <string_view>
#include <vector>

namespace zc::compiler {

// The prerequisites of every rule, in order, without duplicates; escapes (`\ `, `\#`, `$$`) and
// line continuations undone. Targets (words before an unescaped ':') are left out.
std::vector<std::string> parse_dep_file(std::string_view text);

}  // namespace zc::compiler

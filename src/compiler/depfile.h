#pragma once
// Make-syntax dependency files as gcc and clang write them.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace zc::compiler {

// The prerequisites of every rule, in order, without duplicates; escapes (`\ `, `\#`, `$$`) and
// line continuations undone. Targets (words before an unescaped ':') are left out.
std::vector<std::string> parse_dep_file(std::string_view text);

// The same prerequisites, in the same order and without duplicates, handed to `visit` one by
// one without copying those that need no unescaping; `visit` returns false to stop. For callers
// that only compare (a restore checks a whole build's dep files against ninja's records).
void visit_dep_file(std::string_view text, const std::function<bool(std::string_view)>& visit);

}  // namespace zc::compiler

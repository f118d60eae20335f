#pragma once
// `zccache explain <output>`.

#include <string>

namespace zc::cli {

int explain_output(const std::string& output);
// The output is found from the line's `args` and `cwd`, as the compiler would name it.
int explain_journal_line(const std::string& json_line);

}  // namespace zc::cli

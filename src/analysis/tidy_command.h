#pragma once
// clang-tidy's command line: LLVM-style options (`-opt=value`, `--opt value`), one source file,
// and optionally `--` followed by the compile flags.

#include <string>
#include <vector>

#include "analysis/analysis_command.h"

namespace zc::analysis {

AnalysisCommand parse_clang_tidy(const std::vector<std::string>& args);

// The argument that makes clang-tidy's front end list every file it read into `path`. (It
// strips -MD/-MF from compile flags; -Wp,-MD,<path> passes through to the preprocessor.)
std::string tidy_dependency_file_argument(const std::string& path);

}  // namespace zc::analysis

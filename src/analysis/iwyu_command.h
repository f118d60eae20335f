#pragma once
// include-what-you-use's command line: clang driver flags, with iwyu's own options each behind
// `-Xiwyu`. Mapping files (`--mapping_file=F`) and the files they `ref:` decide the result.

#include <string>
#include <string_view>
#include <vector>

#include "analysis/analysis_command.h"

namespace zc::analysis {

AnalysisCommand parse_iwyu(const std::vector<std::string>& args);

// The mapping files a mapping file refers to (`{ ref: "other.imp" }`), as written.
std::vector<std::string> mapping_file_refs(std::string_view text);

// The arguments for a clang that lists the TU's dependencies into `dep_file`: the compile flags
// without their outputs and dependency options (-o, -M, -MD, -MF x, ...), plus -M -MF.
std::vector<std::string> dependency_scan_arguments(const std::vector<std::string>& compile_args,
                                                   const std::string& dep_file);

}  // namespace zc::analysis

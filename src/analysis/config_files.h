#pragma once
// Configuration files a tool looks for in the analysed file's directory and every parent
// (`.clang-tidy`, `.clang-format`): each that exists is a dependency, each that does not must
// stay absent.

#include <string>
#include <string_view>
#include <vector>

namespace zc::analysis {

// `<dir>/<name>` for every name, from `start_dir` (absolute) up to the root.
std::vector<std::string> config_candidates(const std::string& start_dir, const std::vector<std::string_view>& names);

}  // namespace zc::analysis

#pragma once
// Strict path validation: a build that promises clean include paths (for remote execution or
// cross-machine cache sharing) can ask zccache to reject command lines that break the promise.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/strict_paths_setting.h"

namespace zc::compiler {

using common::parse_strict_paths;
using common::StrictPaths;

// The first violation in `args` (the arguments after the compiler, response files expanded) as a
// sentence naming the offending flag, or empty. `msvc_style` also checks `/I`.
std::string strict_path_violation(const std::vector<std::string>& args, StrictPaths mode, bool msvc_style);

}  // namespace zc::compiler

#pragma once
// Strict path validation: a build that promises clean include paths (for remote execution or
// cross-machine cache sharing) can ask zccache to reject command lines that break the promise.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zc::compiler {

enum class StrictPaths {
    kOff,
    kConsistent,  // no path mixes '/' and '\', and all checked paths use the same separator
    kAbsolute,    // consistent, and every checked path is absolute, forward-slashed, without . or ..
};

// "off"/"0", "consistent", "absolute"/"1"; nullopt for anything else.
std::optional<StrictPaths> parse_strict_paths(std::string_view value);

// The first violation in `args` (the arguments after the compiler, response files expanded) as a
// sentence naming the offending flag, or empty. `msvc_style` also checks `/I`.
std::string strict_path_violation(const std::vector<std::string>& args, StrictPaths mode, bool msvc_style);

}  // namespace zc::compiler

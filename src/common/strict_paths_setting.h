#pragma once
// The value of ZCCACHE_STRICT_PATHS / `--strict-paths=`: read by the client (which warns about a
// value it does not know) and by the daemon (compiler/strict_paths.h applies it).

#include <optional>
#include <string_view>

namespace zc::common {

enum class StrictPaths {
    kOff,
    kConsistent,  // no path mixes '/' and '\', and all checked paths use the same separator
    kAbsolute,    // consistent, and every checked path is absolute, forward-slashed, without . or ..
};

// "off"/"0"/"", "consistent", "absolute"/"1"; nullopt for anything else.
inline std::optional<StrictPaths> parse_strict_paths(std::string_view value) {
    if (value.empty() || value == "off" || value == "0") return StrictPaths::kOff;
    if (value == "consistent") return StrictPaths::kConsistent;
    if (value == "absolute" || value == "1") return StrictPaths::kAbsolute;
    return std::nullopt;
}

// The mode's name, as errors print it (`1` is `absolute`).
inline std::string_view strict_paths_name(StrictPaths mode) {
    switch (mode) {
        case StrictPaths::kOff:
            return "off";
        case StrictPaths::kConsistent:
            return "consistent";
        case StrictPaths::kAbsolute:
            return "absolute";
    }
    return "off";
}

}  // namespace zc::common

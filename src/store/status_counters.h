#pragma once
// How the counters are named in the index, and the client-side fallback count, shared by the
// daemon and by the CLI (which reads them directly when no daemon runs).

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace zc::store {

inline constexpr std::string_view kCountPrefix = "count.";
inline constexpr std::string_view kReasonPrefix = "uncacheable.";

// The entries of `values` whose names start with `prefix`, with the prefix taken off.
template <typename Map>
std::map<std::string, uint64_t> counters_with_prefix(const Map& values, std::string_view prefix) {
    std::map<std::string, uint64_t> out;
    for (const auto& [name, n] : values) {
        if (std::string_view(name).starts_with(prefix)) out[std::string(name).substr(prefix.size())] = n;
    }
    return out;
}

// Compiles the client ran itself because the daemon could not be reached.
uint64_t fallback_count(const std::string& cache_root);
void reset_fallback_count(const std::string& cache_root);

}  // namespace zc::store

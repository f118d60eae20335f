#pragma once
// The counters `zccache status` shows: outcomes and uncacheable reasons. Kept in memory, loaded
// from and saved to the index so that they outlive the daemon.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "store/index.h"

namespace zc::daemon {

namespace counter {
inline constexpr std::string_view kHit = "hit";
inline constexpr std::string_view kMiss = "miss";
inline constexpr std::string_view kError = "error";
inline constexpr std::string_view kUncacheable = "uncacheable";
inline constexpr std::string_view kNotStored = "not_stored";      // compiled, but inputs changed during it
inline constexpr std::string_view kDroppedEntry = "dropped_entry";  // broken or tampered entry removed
// With worktree sharing: keyed by this checkout's path, as an argument embeds it (not shared).
inline constexpr std::string_view kPathSensitiveArg = "path_sensitive_arg";
}  // namespace counter

class Stats {
public:
    void count(std::string_view name, uint64_t n = 1);
    void count_uncacheable(std::string_view reason);

    std::map<std::string, uint64_t> counters() const;  // since the cache was created or cleared
    std::map<std::string, uint64_t> uncacheable_reasons() const;
    std::map<std::string, uint64_t> counters_since_start() const;  // this daemon's own

    void load(const store::Index& index);
    // False when the index refused the write; it is tried again on the next save.
    bool save(store::Index& index);
    void reset();

private:
    mutable std::mutex mutex_;
    std::map<std::string, uint64_t, std::less<>> values_;  // "count.<name>" and "uncacheable.<reason>"
    std::map<std::string, uint64_t, std::less<>> since_start_;
    bool dirty_ = false;
};

}  // namespace zc::daemon

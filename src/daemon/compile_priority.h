#pragma once
// How nice the compiler children are. A cache daemon that spawns compilers for many builds can
// starve the user's desktop; `auto` keeps them at normal priority until the CPUs are saturated.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace zc::daemon {

enum class Priority { kAuto, kLow, kNormal, kIdle, kHigh };

std::optional<Priority> parse_priority(std::string_view value);

// Busy share of all CPUs since the previous sample, from /proc/stat.
class CpuLoadSampler {
public:
    // 0..1; resamples when the last sample is older than a quarter second.
    double busy_fraction();

private:
    std::mutex mutex_;
    int64_t sampled_ns_ = 0;
    uint64_t busy_ = 0, total_ = 0;
    double fraction_ = 0;
};

class CompilePriority {
public:
    // `daemon_setting` is the daemon's own ZCCACHE_COMPILE_PRIORITY / config value.
    explicit CompilePriority(std::string_view daemon_setting);

    // The nice increment for one compile; `build_setting` is the value in the build's env.
    int nice_increment(std::optional<std::string_view> build_setting);

private:
    Priority default_;
    CpuLoadSampler load_;
};

// Moves the process group `pgid` to the daemon's niceness plus `increment`; logs a failure.
void apply_nice_increment(int pgid, int increment);

}  // namespace zc::daemon

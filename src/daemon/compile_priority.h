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

// While it lives, the calling thread runs at the daemon's niceness plus `increment`, so that a
// compiler spawned meanwhile starts with it and every process it forks inherits it. (Setting
// the group's priority after the spawn raced with the driver forking cc1: a child being forked
// at that moment kept the old value.) Restoring a lower niceness may need privileges; a thread
// left niced serves only the rest of its request.
class ScopedThreadNice {
  public:
    explicit ScopedThreadNice(int increment);
    ~ScopedThreadNice();
    ScopedThreadNice(const ScopedThreadNice&) = delete;
    ScopedThreadNice& operator=(const ScopedThreadNice&) = delete;

  private:
    int base_ = 0;
    bool changed_ = false;
};

}  // namespace zc::daemon

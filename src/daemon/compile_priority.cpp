#include "daemon/compile_priority.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "common/fs.h"

namespace zc::daemon {

namespace {

constexpr double kSaturated = 0.95;
constexpr int64_t kSampleIntervalNs = 250'000'000;
constexpr int kLowIncrement = 10;
constexpr int kIdleIncrement = 19;
constexpr int kHighIncrement = -5;

// An invalid value falls back to low, with a warning, as the documentation says.
Priority parse_or_low(std::string_view value, std::string_view where) {
    if (auto p = parse_priority(value)) return *p;
    spdlog::warn("invalid ZCCACHE_COMPILE_PRIORITY '{}' in {}; using low", value, where);
    return Priority::kLow;
}

}  // namespace

std::optional<Priority> parse_priority(std::string_view value) {
    if (value.empty() || value == "auto") return Priority::kAuto;
    if (value == "low") return Priority::kLow;
    if (value == "normal") return Priority::kNormal;
    if (value == "idle") return Priority::kIdle;
    if (value == "high") return Priority::kHigh;
    return std::nullopt;
}

double CpuLoadSampler::busy_fraction() {
    std::lock_guard lock(mutex_);
    int64_t now = common::now_monotonic_ns();
    if (sampled_ns_ != 0 && now - sampled_ns_ < kSampleIntervalNs) return fraction_;
    std::ifstream stat("/proc/stat");
    std::string cpu;
    uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    if (!(stat >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal) || cpu != "cpu") {
        return fraction_;
    }
    uint64_t busy = user + nice + system + irq + softirq + steal;
    uint64_t total = busy + idle + iowait;
    if (sampled_ns_ != 0 && total > total_) {
        fraction_ = static_cast<double>(busy - busy_) / static_cast<double>(total - total_);
    }
    sampled_ns_ = now;
    busy_ = busy;
    total_ = total;
    return fraction_;
}

CompilePriority::CompilePriority(std::string_view daemon_setting)
    : default_(parse_or_low(daemon_setting, "the daemon's settings")) {}

int CompilePriority::nice_increment(std::optional<std::string_view> build_setting) {
    Priority p = build_setting ? parse_or_low(*build_setting, "the build's environment") : default_;
    switch (p) {
        case Priority::kAuto:
            return load_.busy_fraction() >= kSaturated ? kLowIncrement : 0;
        case Priority::kLow:
            return kLowIncrement;
        case Priority::kNormal:
            return 0;
        case Priority::kIdle:
            return kIdleIncrement;
        case Priority::kHigh:
            return kHighIncrement;
    }
    return 0;
}

ScopedThreadNice::ScopedThreadNice(int increment) {
    if (increment == 0) return;
    // The main thread's value: handler threads may be left niced by an earlier spawn.
    errno = 0;
    base_ = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::getpid()));
    if (base_ == -1 && errno != 0) base_ = 0;
    int target = std::clamp(base_ + increment, -20, 19);
    if (::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), target) != 0) {
        spdlog::info("cannot set compiler priority to nice {}: {}", target, std::strerror(errno));
        return;
    }
    changed_ = true;
}

ScopedThreadNice::~ScopedThreadNice() {
    if (changed_) (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), base_);
}

}  // namespace zc::daemon

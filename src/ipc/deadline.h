#pragma once
// Bounded waits on the way to the daemon: a deadline (none when the limit is -1) and a back-off
// for things that are polled (a lock, a full backlog).

#include <unistd.h>

#include <cstdint>

#include "common/fs.h"

namespace zc::ipc {

struct Deadline {
    explicit Deadline(int limit_ms)
        : at_ns(limit_ms < 0 ? INT64_MAX : common::now_monotonic_ns() + int64_t{limit_ms} * 1'000'000) {}
    bool passed() const { return common::now_monotonic_ns() >= at_ns; }
    // What is left, for poll(): -1 without a bound.
    int left_ms() const {
        if (at_ns == INT64_MAX) return -1;
        int64_t left = (at_ns - common::now_monotonic_ns()) / 1'000'000;
        return left < 0 ? 0 : static_cast<int>(left);
    }
    int64_t at_ns;
};

// Waits a little, longer each time (up to 50 ms).
inline void back_off(int& round) {
    int ms = round < 5 ? 1 << round : 50;
    ++round;
    ::usleep(static_cast<useconds_t>(ms) * 1000);
}

}  // namespace zc::ipc

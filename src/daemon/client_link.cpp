#include "daemon/client_link.h"

#include <poll.h>

#include <algorithm>
#include <chrono>

#include "common/fs.h"
#include "ipc/frame.h"
#include "protocol/messages.h"

namespace zc::daemon {

namespace {
constexpr int kUnwatchedWaitMs = 1000;    // no heartbeat asked for: still wake to look around
constexpr uint32_t kShortestBeatMs = 10;  // a client cannot make us spin
// The rest of a heartbeat the socket took only in part (its client is not reading): sent under
// the registry's lock, so briefly bounded.
constexpr int kBeatSendBoundMs = 100;
// A worker neither checking in nor on a CPU for half the client's limit (at most 5 s) is stuck.
constexpr int64_t kLongestIdleNs = 5'000'000'000;
constexpr auto kTick = std::chrono::milliseconds(10);

const std::string& heartbeat_frame() {
    static const std::string payload = protocol::encode(protocol::type::kHeartbeat, protocol::Empty{});
    return payload;
}

int64_t cpu_ns(clockid_t clock) {
    struct timespec ts {};
    return ::clock_gettime(clock, &ts) == 0 ? common::timespec_ns(ts) : 0;
}
}  // namespace

ClientLink::ClientLink(int fd, uint32_t heartbeat_ms, Heartbeats* heartbeats, uint32_t silence_limit_ms)
    : fd_(fd),
      interval_ns_(heartbeat_ms == 0 ? 0 : int64_t{std::max(heartbeat_ms, kShortestBeatMs)} * 1'000'000),
      idle_limit_ns_(silence_limit_ms > 0 ? std::min(kLongestIdleNs, int64_t{silence_limit_ms} * 500'000)
                                          : 2 * interval_ns_),
      heartbeats_(fd >= 0 && heartbeat_ms > 0 ? heartbeats : nullptr),
      checked_in_ns_(common::now_monotonic_ns()),
      last_sent_ns_(common::now_monotonic_ns()) {
    has_worker_clock_ = ::pthread_getcpuclockid(::pthread_self(), &worker_clock_) == 0;
    if (has_worker_clock_) worker_cpu_ns_ = cpu_ns(worker_clock_);
    if (heartbeats_) heartbeats_->add(this);
}

ClientLink::~ClientLink() {
    if (heartbeats_) heartbeats_->remove(this);
}

ClientLink& ClientLink::none() {
    // Never registered, never written: check_in() only stores a time.
    static ClientLink nobody(-1, 0, nullptr);
    return nobody;
}

int ClientLink::wait_ms() const {
    if (interval_ns_ == 0) return kUnwatchedWaitMs;
    return static_cast<int>(std::clamp<int64_t>(interval_ns_ / 1'000'000, 1, kUnwatchedWaitMs));
}

void ClientLink::check_in() {
    checked_in_ns_.store(common::now_monotonic_ns(), std::memory_order_relaxed);
}

bool ClientLink::gone() const {
    if (fd_ < 0) return false;
    struct pollfd p {
        fd_, POLLIN | POLLRDHUP, 0
    };
    return ::poll(&p, 1, 0) > 0 && p.revents != 0;
}

bool ClientLink::working(int64_t now_ns) {
    bool working = now_ns - checked_in_ns_.load(std::memory_order_relaxed) < std::max(idle_limit_ns_, interval_ns_);
    if (has_worker_clock_) {
        int64_t cpu = cpu_ns(worker_clock_);
        if (cpu != worker_cpu_ns_) working = true;
        worker_cpu_ns_ = cpu;
    }
    return working;
}

Heartbeats::Heartbeats() : thread_([this] { run(); }) {}

Heartbeats::~Heartbeats() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void Heartbeats::add(ClientLink* link) {
    std::lock_guard lock(mutex_);
    links_.insert(link);
}

void Heartbeats::remove(ClientLink* link) {
    // Heartbeats are sent under the same lock: once this returns, the stream is the reply's.
    std::lock_guard lock(mutex_);
    links_.erase(link);
}

void Heartbeats::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, kTick);
        int64_t now = common::now_monotonic_ns();
        for (ClientLink* link : links_) {
            if (now - link->last_sent_ns_ < link->interval_ns_) continue;
            link->last_sent_ns_ = now;
            if (!link->working(now)) continue;  // silence: the client will give up on a wedged worker
            // Non-blocking: a client that is not reading is not waiting for us either, and a
            // beat it misses is harmless.
            ipc::write_frame_if_ready(link->fd_, heartbeat_frame(), kBeatSendBoundMs);
        }
    }
}

}  // namespace zc::daemon

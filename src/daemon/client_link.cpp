#include "daemon/client_link.h"

#include <poll.h>

#include <algorithm>

#include "common/fs.h"
#include "protocol/frame.h"
#include "protocol/messages.h"

namespace zc::daemon {

namespace {
constexpr int kUnwatchedWaitMs = 1000;    // no heartbeat asked for: still wake to look around
constexpr uint32_t kShortestBeatMs = 10;  // a client cannot make us spin
constexpr int kBeatSendBoundMs = 1000;    // the rest of a heartbeat the socket took only in part

const std::string& heartbeat_frame() {
    static const std::string payload = protocol::encode(protocol::type::kHeartbeat, protocol::Empty{});
    return payload;
}
}  // namespace

ClientLink::ClientLink(int fd, uint32_t heartbeat_ms)
    : fd_(fd),
      interval_ns_(heartbeat_ms == 0 ? 0 : int64_t{std::max(heartbeat_ms, kShortestBeatMs)} * 1'000'000),
      last_sent_ns_(common::now_monotonic_ns()) {}

ClientLink& ClientLink::none() {
    // Never written: beat() does nothing without an fd and an interval.
    static ClientLink nobody(-1, 0);
    return nobody;
}

int ClientLink::wait_ms() const {
    if (fd_ < 0 || interval_ns_ == 0) return kUnwatchedWaitMs;
    int64_t left_ns = last_sent_ns_.load() + interval_ns_ - common::now_monotonic_ns();
    return static_cast<int>(std::clamp<int64_t>(left_ns / 1'000'000, 1, kUnwatchedWaitMs));
}

void ClientLink::beat() {
    if (fd_ < 0 || interval_ns_ == 0) return;
    int64_t now = common::now_monotonic_ns();
    if (now - last_sent_ns_.load() < interval_ns_) return;
    std::lock_guard lock(sending_);
    if (now - last_sent_ns_.load() < interval_ns_) return;  // another thread just sent one
    // A client that is not reading is not waiting for us either: skipping a beat is harmless.
    protocol::write_frame_if_ready(fd_, heartbeat_frame(), kBeatSendBoundMs);
    last_sent_ns_.store(now);
}

bool ClientLink::gone() const {
    if (fd_ < 0) return false;
    struct pollfd p{fd_, POLLIN | POLLRDHUP, 0};
    return ::poll(&p, 1, 0) > 0 && p.revents != 0;
}

}  // namespace zc::daemon

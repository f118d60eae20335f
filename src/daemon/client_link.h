#pragma once
// The client a request came from, as the work done for it sees it: whether it is still there,
// and the heartbeat it asked for. A compile that waits (for the same compile in flight) or runs
// (the compiler, a probe) sends a Heartbeat frame at that interval, so that the client can tell
// a busy daemon from a stopped or wedged one, which it gives up on (client/wedged_daemon.h).
// Threads that work for one request (a multi-source compile's lookups) share its link; a
// heartbeat goes out whole, under the link's lock, so frames never mix.

#include <atomic>
#include <cstdint>
#include <mutex>

namespace zc::daemon {

class ClientLink {
public:
    ClientLink(int fd, uint32_t heartbeat_ms);
    ClientLink(const ClientLink&) = delete;
    ClientLink& operator=(const ClientLink&) = delete;

    // For what the daemon runs on its own behalf: no client to watch or to tell.
    static ClientLink& none();

    int fd() const { return fd_; }
    // How long a waiting loop may sleep before it calls beat() again: always a bound.
    int wait_ms() const;
    // Sends a heartbeat when one is due; never blocks on a client that does not read.
    void beat();
    // The client sends nothing after its request: anything readable, or a hang-up, means it left.
    bool gone() const;

private:
    const int fd_;
    const int64_t interval_ns_;
    std::atomic<int64_t> last_sent_ns_;
    std::mutex sending_;
};

}  // namespace zc::daemon

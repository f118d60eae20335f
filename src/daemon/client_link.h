#pragma once
// The client a request came from, as the work done for it sees it: whether it is still there,
// and the heartbeat it asked for. The daemon's heartbeat thread (Heartbeats) sends a Heartbeat
// frame at that interval while the request's worker shows it is working: it checked in lately
// (every wait it makes does: the compiler's output and exit, a wait for the same key in flight)
// or its thread used CPU since the last look (hashing, scanning). A worker that does neither —
// deadlocked, stuck in the kernel — gets no more heartbeats, and neither does any request of a
// stopped daemon, so the client can tell a busy daemon from a wedged one and give up on the
// wedged one (client/wedged_daemon.h).

#include <pthread.h>
#include <time.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <unordered_set>

namespace zc::daemon {

class Heartbeats;

class ClientLink {
  public:
    // Registers with `heartbeats` when the client asked for them (`heartbeat_ms` > 0);
    // `silence_limit_ms` is how long the client waits for a frame (0: not said).
    ClientLink(int fd, uint32_t heartbeat_ms, Heartbeats* heartbeats, uint32_t silence_limit_ms = 0);
    ~ClientLink();  // no heartbeat is sent once this returns: the reply may follow
    ClientLink(const ClientLink&) = delete;
    ClientLink& operator=(const ClientLink&) = delete;

    // For what the daemon runs on its own behalf: no client to watch or to tell.
    static ClientLink& none();

    int fd() const { return fd_; }
    // How long a waiting loop may sleep before it checks in again: always a bound.
    int wait_ms() const;
    // The worker is alive and waiting on something that moves (a child, another compile).
    void check_in();
    // The client sends nothing after its request: anything readable, or a hang-up, means it left.
    bool gone() const;

  private:
    friend class Heartbeats;
    // For the heartbeat thread: whether the worker worked since the last look.
    bool working(int64_t now_ns);

    const int fd_;
    const int64_t interval_ns_;
    const int64_t idle_limit_ns_;  // no check-in and no CPU for this long: the worker is stuck
    Heartbeats* const heartbeats_;
    std::atomic<int64_t> checked_in_ns_;
    clockid_t worker_clock_{};
    bool has_worker_clock_ = false;
    int64_t worker_cpu_ns_ = 0;  // heartbeat thread only
    int64_t last_sent_ns_;       // heartbeat thread only
};

// The heartbeat thread: one per daemon, sending for every registered link that is due.
class Heartbeats {
  public:
    Heartbeats();
    ~Heartbeats();
    Heartbeats(const Heartbeats&) = delete;
    Heartbeats& operator=(const Heartbeats&) = delete;

  private:
    friend class ClientLink;
    void add(ClientLink* link);
    void remove(ClientLink* link);
    void run();

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::unordered_set<ClientLink*> links_;
    std::thread thread_;
};

}  // namespace zc::daemon

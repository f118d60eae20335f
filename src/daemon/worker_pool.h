#pragma once
// Threads that serve connections. A build sends a stream of short requests; a thread kept for a
// while after its last one serves the next without the cost of creating a thread per compile
// (clone, stack setup and teardown were 8% of the daemon's CPU in a warm build). A connection
// never waits for a busy thread: when none is idle, a new one starts.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

namespace zc::daemon {

class WorkerPool {
  public:
    WorkerPool(std::function<void(int)> serve, std::chrono::milliseconds keep_idle);
    // Serves what is pending, then waits for every thread to finish.
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // `serve(fd)` runs on an idle thread, or a new one.
    void submit(int fd);

  private:
    void work();

    std::function<void(int)> serve_;
    std::chrono::milliseconds keep_idle_;
    std::mutex mutex_;
    std::condition_variable wake_;     // a connection is pending, or the pool stops
    std::condition_variable drained_;  // a thread ended
    std::deque<int> pending_;
    size_t idle_ = 0;     // threads waiting for a connection
    size_t threads_ = 0;  // all threads, busy or idle
    bool stopping_ = false;
};

}  // namespace zc::daemon

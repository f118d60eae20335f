#include "daemon/worker_pool.h"

#include <thread>

namespace zc::daemon {

WorkerPool::WorkerPool(std::function<void(int)> serve, std::chrono::milliseconds keep_idle)
    : serve_(std::move(serve)), keep_idle_(keep_idle) {}

WorkerPool::~WorkerPool() {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
    drained_.wait(lock, [&] { return threads_ == 0; });
}

void WorkerPool::submit(int fd) {
    std::lock_guard lock(mutex_);
    pending_.push_back(fd);
    // Enough waiting threads for every pending connection: one of them takes it.
    if (idle_ >= pending_.size()) {
        wake_.notify_one();
        return;
    }
    ++threads_;
    std::thread([this] { work(); }).detach();
}

void WorkerPool::work() {
    std::unique_lock lock(mutex_);
    while (true) {
        while (!pending_.empty()) {
            int fd = pending_.front();
            pending_.pop_front();
            lock.unlock();
            serve_(fd);
            lock.lock();
        }
        if (stopping_) break;
        ++idle_;
        bool woken = wake_.wait_for(lock, keep_idle_, [&] { return !pending_.empty() || stopping_; });
        --idle_;
        if (!woken) break;  // idle for keep_idle_: let the thread go
    }
    --threads_;
    // Notified under the lock: the destructor may free the pool as soon as it sees zero.
    drained_.notify_all();
}

}  // namespace zc::daemon

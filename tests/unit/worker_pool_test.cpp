#include "daemon/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

namespace zc::daemon {
namespace {

using namespace std::chrono_literals;

TEST(WorkerPool, ReusesAnIdleThreadForTheNextConnection) {
    std::mutex mutex;
    std::set<std::thread::id> threads;
    std::atomic<int> served{0};
    {
        WorkerPool pool(
            [&](int) {
                std::lock_guard lock(mutex);
                threads.insert(std::this_thread::get_id());
                served.fetch_add(1);
            },
            10s);
        for (int i = 0; i < 50; ++i) {
            pool.submit(i);
            while (served.load() <= i) std::this_thread::yield();  // one at a time, like a -j1 build
            std::this_thread::sleep_for(1ms);                      // the thread is idle again
        }
    }
    EXPECT_EQ(served.load(), 50);
    EXPECT_EQ(threads.size(), 1u);
}

TEST(WorkerPool, NeverQueuesAConnectionBehindABusyThread) {
    std::mutex mutex;
    std::condition_variable cv;
    int running = 0;
    bool release = false;
    std::atomic<int> served{0};
    {
        WorkerPool pool(
            [&](int) {
                std::unique_lock lock(mutex);
                ++running;
                cv.notify_all();
                cv.wait(lock, [&] { return release; });  // long compiles, all at once
                served.fetch_add(1);
            },
            10s);
        for (int i = 0; i < 16; ++i) pool.submit(i);
        std::unique_lock lock(mutex);
        EXPECT_TRUE(cv.wait_for(lock, 10s, [&] { return running == 16; }));
        release = true;
        cv.notify_all();
    }
    EXPECT_EQ(served.load(), 16);
}

TEST(WorkerPool, LetsIdleThreadsGoAndStillServesAfterwards) {
    std::atomic<int> served{0};
    WorkerPool pool([&](int) { served.fetch_add(1); }, 5ms);
    pool.submit(1);
    std::this_thread::sleep_for(50ms);  // the thread has ended by now
    pool.submit(2);
    for (int i = 0; i < 1000 && served.load() < 2; ++i) std::this_thread::sleep_for(1ms);
    EXPECT_EQ(served.load(), 2);
}

}  // namespace
}  // namespace zc::daemon

#include "daemon/single_flight.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <thread>
#include <vector>

namespace zc::daemon {
namespace {

using namespace std::chrono_literals;

common::Hash128 flight_key(uint64_t n) {
    common::Hash128 key;
    key.low = n;
    key.high = ~n;
    return key;
}

TEST(SingleFlight, TheSecondRequestForAKeyWaitsUntilTheFirstIsDone) {
    SingleFlight flights;
    std::atomic<bool> first_done{false};
    std::atomic<bool> second_in{false};
    std::optional<SingleFlight::Guard> first;
    first.emplace(flights, flight_key(1), ClientLink::none());
    std::thread second([&] {
        SingleFlight::Guard guard(flights, flight_key(1), ClientLink::none());
        EXPECT_TRUE(first_done.load());  // never inside beside the first
        second_in = true;
    });
    std::this_thread::sleep_for(50ms);
    EXPECT_FALSE(second_in.load());
    first_done = true;
    first.reset();
    second.join();
    EXPECT_TRUE(second_in.load());
}

TEST(SingleFlight, DifferentKeysNeverWaitForEachOther) {
    SingleFlight flights;
    std::optional<SingleFlight::Guard> held;
    held.emplace(flights, flight_key(1), ClientLink::none());
    auto other = std::async(std::launch::async, [&] {
        SingleFlight::Guard guard(flights, flight_key(2), ClientLink::none());
        return true;
    });
    EXPECT_EQ(other.wait_for(5s), std::future_status::ready);
    held.reset();  // so that a wrong wait ends and the test fails rather than hangs
}

TEST(SingleFlight, AKeyIsFreeAgainOnceItsGuardIsGone) {
    SingleFlight flights;
    { SingleFlight::Guard guard(flights, flight_key(3), ClientLink::none()); }
    auto again = std::async(std::launch::async, [&] {
        SingleFlight::Guard guard(flights, flight_key(3), ClientLink::none());
        return true;
    });
    EXPECT_EQ(again.wait_for(5s), std::future_status::ready);
}

TEST(SingleFlight, ManyWaitersForOneKeyGoInOneAtATime) {
    SingleFlight flights;
    std::atomic<int> inside{0};
    std::atomic<int> most{0};
    std::atomic<int> served{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&] {
            SingleFlight::Guard guard(flights, flight_key(4), ClientLink::none());
            int now = ++inside;
            int seen = most.load();
            while (now > seen && !most.compare_exchange_weak(seen, now)) {
            }
            std::this_thread::sleep_for(2ms);
            --inside;
            ++served;
        });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(served.load(), 8);
    EXPECT_EQ(most.load(), 1);
}

}  // namespace
}  // namespace zc::daemon

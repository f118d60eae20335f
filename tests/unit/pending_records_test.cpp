#include "daemon/pending_records.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <optional>
#include <thread>

namespace zc::daemon {
namespace {

using namespace std::chrono_literals;

TEST(PendingRecords, AnswersAtOnceWhenNothingIsPending) {
    PendingRecords pending;
    EXPECT_TRUE(pending.wait_for_earlier(0ms));
    { PendingRecords::Ticket done(pending); }
    EXPECT_TRUE(pending.wait_for_earlier(0ms));
}

TEST(PendingRecords, WaitsForACompileAnsweredBeforeTheQuery) {
    PendingRecords pending;
    std::optional<PendingRecords::Ticket> recording;
    recording.emplace(pending);
    std::atomic<bool> returned{false};
    auto waiter = std::async(std::launch::async, [&] {
        bool settled = pending.wait_for_earlier(10s);
        returned = true;
        return settled;
    });
    std::this_thread::sleep_for(50ms);
    EXPECT_FALSE(returned.load());  // the record is not written yet
    recording.reset();
    EXPECT_TRUE(waiter.get());
}

TEST(PendingRecords, NeverWaitsForACompileAnsweredAfterTheQuery) {
    PendingRecords pending;
    std::optional<PendingRecords::Ticket> earlier;
    earlier.emplace(pending);
    std::promise<void> asked;
    auto waiter = std::async(std::launch::async, [&] {
        asked.set_value();
        return pending.wait_for_earlier(10s);
    });
    asked.get_future().wait();
    std::this_thread::sleep_for(20ms);      // the query holds its snapshot of earlier tickets
    PendingRecords::Ticket later(pending);  // a busy build keeps compiling while we wait
    earlier.reset();
    EXPECT_EQ(waiter.wait_for(5s), std::future_status::ready);
    EXPECT_TRUE(waiter.get());
}

TEST(PendingRecords, GivesUpAfterItsLimit) {
    PendingRecords pending;
    PendingRecords::Ticket stuck(pending);
    auto started = std::chrono::steady_clock::now();
    EXPECT_FALSE(pending.wait_for_earlier(30ms));
    EXPECT_GE(std::chrono::steady_clock::now() - started, 30ms);
}

}  // namespace
}  // namespace zc::daemon

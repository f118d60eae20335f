#include "protocol/frame.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "common/fs.h"
#include "daemon/client_link.h"
#include "protocol/messages.h"

namespace zc::protocol {
namespace {

struct SocketPair {
    SocketPair() {
        int fds[2];
        EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
        near.reset(fds[0]);
        far.reset(fds[1]);
    }
    common::UniqueFd near, far;
};

std::string framed(std::string_view payload) {
    std::string out(4, '\0');
    for (int i = 0; i < 4; ++i) out[static_cast<size_t>(i)] = static_cast<char>(payload.size() >> (8 * i));
    return out + std::string(payload);
}

TEST(FrameReader, TwoFramesInOneWriteAreBothRead) {
    SocketPair s;
    ASSERT_TRUE(common::write_all(s.far.get(), framed("first") + framed("second")));
    FrameReader reader(s.near.get());
    std::string payload;
    ASSERT_EQ(reader.next(payload, 100, 1000), ReadStatus::kOk);
    EXPECT_EQ(payload, "first");
    ASSERT_EQ(reader.next(payload, 100, 1000), ReadStatus::kOk);
    EXPECT_EQ(payload, "second");
}

TEST(FrameReader, AFrameSplitAcrossWritesIsJoined) {
    SocketPair s;
    std::string frame = framed(std::string(200'000, 'x'));
    ASSERT_TRUE(common::write_all(s.far.get(), frame.substr(0, 2)));
    std::thread writer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        common::write_all(s.far.get(), frame.substr(2));
    });
    std::string payload;
    EXPECT_EQ(FrameReader(s.near.get(), /*ready_first=*/true).next(payload, 1 << 20, 2000), ReadStatus::kOk);
    writer.join();
    EXPECT_EQ(payload.size(), 200'000u);
}

TEST(FrameReader, SilenceIsATimeoutNotAHang) {
    SocketPair s;
    ASSERT_TRUE(common::write_all(s.far.get(), framed("abc").substr(0, 5)));  // a frame cut short
    auto started = std::chrono::steady_clock::now();
    std::string payload;
    EXPECT_EQ(FrameReader(s.near.get()).next(payload, 100, 100), ReadStatus::kTimedOut);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
    EXPECT_EQ(FrameReader(s.near.get(), true).next(payload, 100, 50), ReadStatus::kTimedOut);
}

TEST(FrameReader, EndOfStreamInsideAFrameIsAnErrorAndBeforeOneIsClosed) {
    SocketPair cut, clean;
    ASSERT_TRUE(common::write_all(cut.far.get(), framed("abcdef").substr(0, 6)));
    cut.far.reset();
    clean.far.reset();
    std::string payload;
    EXPECT_EQ(FrameReader(cut.near.get()).next(payload, 100, 1000), ReadStatus::kError);
    EXPECT_EQ(FrameReader(clean.near.get()).next(payload, 100, 1000), ReadStatus::kClosed);
}

TEST(FrameReader, AFrameOverTheLimitIsRefusedBeforeItIsRead) {
    SocketPair s;
    ASSERT_TRUE(common::write_all(s.far.get(), framed(std::string(101, 'x'))));
    std::string payload;
    EXPECT_EQ(FrameReader(s.near.get()).next(payload, 100, 1000), ReadStatus::kTooLarge);
}

TEST(WriteFrame, APeerThatTakesNothingIsGivenUpAfterTheBound) {
    SocketPair s;
    std::string big(8 << 20, 'x');  // far more than a socket buffer holds
    auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(write_frame(s.near.get(), big, 100), WriteStatus::kTimedOut);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

TEST(ClientLink, SendsWholeHeartbeatFramesAtItsIntervalOnly) {
    SocketPair s;
    daemon::ClientLink link(s.near.get(), 20);
    link.beat();  // not due yet: the request has just been read
    std::string payload;
    FrameReader reader(s.far.get());
    EXPECT_EQ(reader.next(payload, 100, 10), ReadStatus::kTimedOut);
    EXPECT_LE(link.wait_ms(), 20);
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    link.beat();
    link.beat();  // just sent: not again
    ASSERT_EQ(reader.next(payload, 100, 1000), ReadStatus::kOk);
    Envelope envelope;
    ASSERT_TRUE(decode_envelope(payload, envelope));
    EXPECT_EQ(envelope.type, type::kHeartbeat);
    EXPECT_EQ(reader.next(payload, 100, 10), ReadStatus::kTimedOut);
    EXPECT_FALSE(link.gone());
    s.far.reset();
    EXPECT_TRUE(link.gone());
}

TEST(ClientLink, AClientThatAskedForNoHeartbeatGetsNone) {
    SocketPair s;
    daemon::ClientLink link(s.near.get(), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(15));
    link.beat();
    std::string payload;
    EXPECT_EQ(FrameReader(s.far.get()).next(payload, 100, 20), ReadStatus::kTimedOut);
    EXPECT_GT(link.wait_ms(), 0);  // still a bound for the loops that wait
}

}  // namespace
}  // namespace zc::protocol

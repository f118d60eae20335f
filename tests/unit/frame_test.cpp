#include "ipc/frame.h"

#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "common/fs.h"
#include "daemon/client_link.h"
#include "protocol/messages.h"

namespace zc::ipc {
namespace {

using protocol::decode_envelope;
using protocol::Envelope;
namespace type = protocol::type;

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

// Heartbeat frames read within `window_ms`.
int heartbeats_within(FrameReader& reader, int window_ms) {
    int beats = 0;
    std::string payload;
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(window_ms);
    while (std::chrono::steady_clock::now() < until) {
        int left = static_cast<int>(
            std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count());
        if (reader.next(payload, 100, std::max(left, 1)) != ReadStatus::kOk) break;
        Envelope envelope;
        EXPECT_TRUE(decode_envelope(payload, envelope));
        EXPECT_EQ(envelope.type, type::kHeartbeat);
        ++beats;
    }
    return beats;
}

TEST(ClientLink, AWorkerThatChecksInOrComputesGetsHeartbeatsAtItsInterval) {
    daemon::Heartbeats heartbeats;
    SocketPair s;
    FrameReader reader(s.far.get());
    {
        daemon::ClientLink link(s.near.get(), 20, &heartbeats);
        std::atomic<bool> done{false};
        std::thread waiting([&] {  // as a wait loop does
            while (!done.load()) {
                link.check_in();
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        });
        EXPECT_GE(heartbeats_within(reader, 300), 5);
        done.store(true);
        waiting.join();
        EXPECT_FALSE(link.gone());
    }
    // Beats written before the link was unregistered may still be in the socket (or the
    // reader's buffer): drop exactly the bytes there now. Then nothing follows, so the reply
    // is the next frame.
    int pending = 0;
    ASSERT_EQ(::ioctl(s.far.get(), FIONREAD, &pending), 0);
    if (pending > 0) {
        std::string before(static_cast<size_t>(pending), '\0');
        ASSERT_EQ(::recv(s.far.get(), before.data(), before.size(), MSG_DONTWAIT), pending);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_EQ(::ioctl(s.far.get(), FIONREAD, &pending), 0);
    EXPECT_EQ(pending, 0);
}

TEST(ClientLink, AWorkerThatNeitherChecksInNorComputesIsLeftSilent) {
    daemon::Heartbeats heartbeats;
    SocketPair s;
    FrameReader reader(s.far.get());
    std::thread worker([&] {
        daemon::ClientLink link(s.near.get(), 20, &heartbeats, /*silence_limit_ms=*/400);
        std::this_thread::sleep_for(std::chrono::milliseconds(800));  // blocked: no CPU, no check-in
    });
    heartbeats_within(reader, 300);  // beats for half the client's limit, while it may be starting
    EXPECT_EQ(heartbeats_within(reader, 300), 0);
    worker.join();
}

TEST(ClientLink, AClientThatAskedForNoHeartbeatGetsNone) {
    daemon::Heartbeats heartbeats;
    SocketPair s;
    daemon::ClientLink link(s.near.get(), 0, &heartbeats);
    FrameReader reader(s.far.get());
    EXPECT_EQ(heartbeats_within(reader, 60), 0);
    EXPECT_GT(link.wait_ms(), 0);  // still a bound for the loops that wait
    s.far.reset();
    EXPECT_TRUE(link.gone());
}

}  // namespace
}  // namespace zc::ipc

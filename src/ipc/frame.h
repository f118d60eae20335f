#pragma once
// Length-prefixed frames: a 4-byte little-endian payload length, then the payload.
// Every wait is bounded when the caller gives a silence limit: a peer that sends (or takes)
// nothing for that long is given up, never waited on forever.

#include <cstddef>
#include <string>
#include <string_view>

namespace zc::ipc {

inline constexpr size_t kMaxRequestBytes = 16u << 20;  // a bad client cannot make us hold more
inline constexpr size_t kMaxReplyBytes = 256u << 20;

enum class WriteStatus { kOk, kFailed, kTimedOut };

// `silence_ms` everywhere: > 0, give up (kTimedOut) when the peer sends or takes nothing for
// that long; < 0, wait without bound; 0, the socket's own SO_RCVTIMEO / SO_SNDTIMEO bounds it.

// Header and payload in one send where the socket takes them.
WriteStatus write_frame(int fd, std::string_view payload, int silence_ms = 0);

// Sends `payload` only if the socket takes it now, in full or in the part it can; the rest, if
// any, with a `silence_ms` bound. For heartbeats: a waiting loop must never block on one.
bool write_frame_if_ready(int fd, std::string_view payload, int silence_ms);

enum class ReadStatus { kOk, kClosed, kTooLarge, kError, kTimedOut };

// Reads frames from one connection, in as few reads as it can (header and a small payload come
// in one); bytes past a frame stay for the next.
class FrameReader {
  public:
    // `ready_first`: the bytes are usually there already, so read before waiting.
    explicit FrameReader(int fd, bool ready_first = false) : fd_(fd), ready_first_(ready_first) {}
    ReadStatus next(std::string& payload, size_t max_bytes, int silence_ms = 0);

  private:
    // Appends what arrives (room for `wanted` bytes in all) to buffer_; false at EOF, error or
    // silence (status_ says which).
    bool fill(int silence_ms, size_t wanted);

    int fd_;
    bool ready_first_;
    std::string buffer_;
    size_t start_ = 0;
    ReadStatus status_ = ReadStatus::kOk;
};

// One frame from a connection that carries one.
ReadStatus read_frame(int fd, std::string& payload, size_t max_bytes, int silence_ms = 0);

}  // namespace zc::ipc

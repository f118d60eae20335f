#pragma once
// Length-prefixed frames: a 4-byte little-endian payload length, then the payload.

#include <cstddef>
#include <string>
#include <string_view>

namespace zc::protocol {

inline constexpr size_t kMaxRequestBytes = 16u << 20;  // a bad client cannot make us hold more
inline constexpr size_t kMaxReplyBytes = 256u << 20;

// One write() of header and payload together.
bool write_frame(int fd, std::string_view payload);

enum class ReadStatus { kOk, kClosed, kTooLarge, kError };
ReadStatus read_frame(int fd, std::string& payload, size_t max_bytes);

}  // namespace zc::protocol

#include "ipc/frame.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

namespace zc::ipc {

namespace {
constexpr size_t kReadChunk = 65536;

// Waits until `fd` is ready for `events` or `silence_ms` passes (< 0: no bound); true when
// ready (or errored: the next call says how).
bool wait_ready(int fd, short events, int silence_ms) {
    struct pollfd p {
        fd, events, 0
    };
    while (true) {
        int n = ::poll(&p, 1, silence_ms);
        if (n > 0) return true;
        if (n == 0) return false;
        if (errno != EINTR) return true;
    }
}

std::string framed(std::string_view payload) {
    std::string frame(4 + payload.size(), '\0');
    uint32_t size = static_cast<uint32_t>(payload.size());
    for (int i = 0; i < 4; ++i) frame[static_cast<size_t>(i)] = static_cast<char>(size >> (8 * i));
    frame.replace(4, payload.size(), payload);
    return frame;
}

// MSG_NOSIGNAL: a peer that died mid-request must be a failed write, not a SIGPIPE that kills
// the client before it can fall back to compiling on its own.
// With a bound, each send is non-blocking and the wait is a bounded poll.
WriteStatus send_rest(int fd, std::string_view rest, int silence_ms) {
    int flags = MSG_NOSIGNAL | (silence_ms != 0 ? MSG_DONTWAIT : 0);
    while (!rest.empty()) {
        ssize_t n = ::send(fd, rest.data(), rest.size(), flags);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) return WriteStatus::kFailed;
            // A blocking socket whose own send timeout passed, or a full non-blocking one.
            if (silence_ms == 0 || !wait_ready(fd, POLLOUT, silence_ms)) return WriteStatus::kTimedOut;
            continue;
        }
        rest.remove_prefix(static_cast<size_t>(n));
    }
    return WriteStatus::kOk;
}
}  // namespace

WriteStatus write_frame(int fd, std::string_view payload, int silence_ms) {
    return send_rest(fd, framed(payload), silence_ms);
}

bool write_frame_if_ready(int fd, std::string_view payload, int silence_ms) {
    std::string frame = framed(payload);
    ssize_t n;
    do {
        n = ::send(fd, frame.data(), frame.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return false;  // full (the peer is not reading) or gone: nothing was sent
    // Part of a frame went out: the stream is only whole again once the rest follows it.
    return send_rest(fd, std::string_view(frame).substr(static_cast<size_t>(n)), silence_ms) == WriteStatus::kOk;
}

bool FrameReader::fill(int silence_ms, size_t wanted) {
    // A bounded wait first, unless the bytes are usually there already (a request the daemon
    // has just accepted): then it only waits when a read finds nothing.
    if (silence_ms != 0 && !ready_first_ && !wait_ready(fd_, POLLIN, silence_ms)) {
        status_ = ReadStatus::kTimedOut;
        return false;
    }
    size_t used = buffer_.size();
    size_t chunk = std::max(kReadChunk, wanted > used ? wanted - used : 0);
    buffer_.resize(used + chunk);
    ssize_t n;
    while (true) {
        n = silence_ms != 0 && ready_first_ ? ::recv(fd_, buffer_.data() + used, chunk, MSG_DONTWAIT)
                                            : ::read(fd_, buffer_.data() + used, chunk);
        if (n >= 0 || errno != EINTR) break;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        buffer_.resize(used);
        // A blocking socket whose own receive timeout passed; else wait, bounded, and retry.
        if (silence_ms == 0 || !wait_ready(fd_, POLLIN, silence_ms)) {
            status_ = ReadStatus::kTimedOut;
            return false;
        }
        return true;
    }
    buffer_.resize(used + static_cast<size_t>(n > 0 ? n : 0));
    if (n > 0) return true;
    status_ = n == 0 ? ReadStatus::kClosed : ReadStatus::kError;
    return false;
}

ReadStatus FrameReader::next(std::string& payload, size_t max_bytes, int silence_ms) {
    if (start_ > 0) {
        buffer_.erase(0, start_);
        start_ = 0;
    }
    while (buffer_.size() < 4) {
        if (fill(silence_ms, 4)) continue;
        // EOF before a header is a closed connection; within one, a broken frame.
        if (status_ == ReadStatus::kClosed && !buffer_.empty()) return ReadStatus::kError;
        return status_;
    }
    const auto* header = reinterpret_cast<const unsigned char*>(buffer_.data());
    size_t size = header[0] | (header[1] << 8) | (header[2] << 16) | (static_cast<size_t>(header[3]) << 24);
    if (size > max_bytes) return ReadStatus::kTooLarge;
    while (buffer_.size() < 4 + size) {
        if (fill(silence_ms, 4 + size)) continue;
        return status_ == ReadStatus::kClosed ? ReadStatus::kError : status_;
    }
    payload.assign(buffer_, 4, size);
    start_ = 4 + size;
    return ReadStatus::kOk;
}

ReadStatus read_frame(int fd, std::string& payload, size_t max_bytes, int silence_ms) {
    FrameReader reader(fd);
    return reader.next(payload, max_bytes, silence_ms);
}

}  // namespace zc::ipc

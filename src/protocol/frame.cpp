#include "protocol/frame.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "common/fs.h"

namespace zc::protocol {

namespace {
// Reads exactly `size` bytes into `out`. Returns bytes read before EOF (== size on success).
ssize_t read_exact(int fd, char* out, size_t size) {
    size_t done = 0;
    while (done < size) {
        ssize_t n = ::read(fd, out + done, size - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (n == 0) break;
        done += static_cast<size_t>(n);
    }
    return static_cast<ssize_t>(done);
}
}  // namespace

bool write_frame(int fd, std::string_view payload) {
    std::string frame(4 + payload.size(), '\0');
    uint32_t size = static_cast<uint32_t>(payload.size());
    for (int i = 0; i < 4; ++i) frame[static_cast<size_t>(i)] = static_cast<char>(size >> (8 * i));
    frame.replace(4, payload.size(), payload);
    // MSG_NOSIGNAL: a peer that died mid-request must be a failed write, not a SIGPIPE that
    // kills the client before it can fall back to compiling on its own.
    std::string_view rest = frame;
    while (!rest.empty()) {
        ssize_t n = ::send(fd, rest.data(), rest.size(), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        rest.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

ReadStatus read_frame(int fd, std::string& payload, size_t max_bytes) {
    unsigned char header[4];
    ssize_t n = read_exact(fd, reinterpret_cast<char*>(header), 4);
    if (n == 0) return ReadStatus::kClosed;
    if (n != 4) return ReadStatus::kError;
    size_t size = header[0] | (header[1] << 8) | (header[2] << 16) | (static_cast<size_t>(header[3]) << 24);
    if (size > max_bytes) return ReadStatus::kTooLarge;
    payload.resize(size);
    if (read_exact(fd, payload.data(), size) != static_cast<ssize_t>(size)) return ReadStatus::kError;
    return ReadStatus::kOk;
}

}  // namespace zc::protocol

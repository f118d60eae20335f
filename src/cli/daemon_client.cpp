#include "cli/daemon_client.h"

#include "ipc/connect.h"
#include "ipc/frame.h"

namespace zc::cli {

std::optional<protocol::Envelope> send_request(int fd, const std::string& request, int reply_timeout_ms) {
    int silence_ms = ipc::daemon_silence_limit_ms();
    if (ipc::write_frame(fd, request, silence_ms) != ipc::WriteStatus::kOk) return std::nullopt;
    std::string payload;
    int wait_ms = reply_timeout_ms > 0 ? reply_timeout_ms : silence_ms;
    if (ipc::read_frame(fd, payload, ipc::kMaxReplyBytes, wait_ms) != ipc::ReadStatus::kOk) {
        return std::nullopt;
    }
    protocol::Envelope envelope;
    if (!protocol::decode_envelope(payload, envelope)) return std::nullopt;
    return envelope;
}

}  // namespace zc::cli

#include "cli/daemon_client.h"

#include "client/daemon_connection.h"
#include "protocol/frame.h"

namespace zc::cli {

std::optional<protocol::Envelope> send_request(int fd, const std::string& request) {
    int silence_ms = client::daemon_silence_limit_ms();
    if (protocol::write_frame(fd, request, silence_ms) != protocol::WriteStatus::kOk) return std::nullopt;
    std::string payload;
    if (protocol::read_frame(fd, payload, protocol::kMaxReplyBytes, silence_ms) != protocol::ReadStatus::kOk) {
        return std::nullopt;
    }
    protocol::Envelope envelope;
    if (!protocol::decode_envelope(payload, envelope)) return std::nullopt;
    return envelope;
}

}  // namespace zc::cli

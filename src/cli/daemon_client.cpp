#include "cli/daemon_client.h"

#include "protocol/frame.h"

namespace zc::cli {

std::optional<protocol::Envelope> send_request(int fd, const std::string& request) {
    if (!protocol::write_frame(fd, request)) return std::nullopt;
    std::string payload;
    if (protocol::read_frame(fd, payload, protocol::kMaxReplyBytes) != protocol::ReadStatus::kOk) return std::nullopt;
    protocol::Envelope envelope;
    if (!protocol::decode_envelope(payload, envelope)) return std::nullopt;
    return envelope;
}

}  // namespace zc::cli

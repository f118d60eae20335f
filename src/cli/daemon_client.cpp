#include "cli/daemon_client.h"

#include "protocol/frame.h"

namespace zc::cli {

std::optional<protocol::Envelope> ask_daemon(int fd, const char* type) {
    if (!protocol::write_frame(fd, protocol::encode(type, protocol::Empty{}))) return std::nullopt;
    std::string payload;
    if (protocol::read_frame(fd, payload, protocol::kMaxReplyBytes) != protocol::ReadStatus::kOk) return std::nullopt;
    protocol::Envelope envelope;
    if (!protocol::decode_envelope(payload, envelope)) return std::nullopt;
    return envelope;
}

}  // namespace zc::cli

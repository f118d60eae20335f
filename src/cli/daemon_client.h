#pragma once
// One request/reply exchange with the daemon, for the subcommands.

#include <optional>
#include <string>

#include "protocol/messages.h"

namespace zc::cli {

// Sends an encoded request; the reply envelope, or nullopt when no daemon answered.
std::optional<protocol::Envelope> send_request(int fd, const std::string& request);

template <typename Body = protocol::Empty>
std::optional<protocol::Envelope> ask_daemon(int fd, const char* type, const Body& body = {}) {
    return send_request(fd, protocol::encode(type, body));
}

}  // namespace zc::cli

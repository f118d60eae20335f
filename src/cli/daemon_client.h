#pragma once
// One request/reply exchange with the daemon, for the subcommands.

#include <optional>
#include <string>

#include "protocol/messages.h"

namespace zc::cli {

// Sends an encoded request; the reply envelope, or nullopt when no daemon answered. The wait
// for the reply is bounded by `reply_timeout_ms`, else by the daemon silence limit.
std::optional<protocol::Envelope> send_request(int fd, const std::string& request, int reply_timeout_ms = 0);

template <typename Body = protocol::Empty>
std::optional<protocol::Envelope> ask_daemon(int fd, const char* type, const Body& body = {},
                                             int reply_timeout_ms = 0) {
    return send_request(fd, protocol::encode(type, body), reply_timeout_ms);
}

}  // namespace zc::cli

#pragma once
// One request/reply exchange with the daemon, for the subcommands.

#include <optional>
#include <string>

#include "protocol/messages.h"

namespace zc::cli {

// The reply envelope, or nullopt when no daemon answered.
std::optional<protocol::Envelope> ask_daemon(int fd, const char* type);

}  // namespace zc::cli

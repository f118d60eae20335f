#pragma once
// Who is at the other end of a Unix socket (SO_PEERCRED): both ends check it, the client that
// the daemon runs as this user, the daemon that the client does.

#include <sys/socket.h>

#include <optional>

namespace zc::ipc {

std::optional<struct ucred> peer_credentials(int fd);

// The peer runs as this process's uid.
bool peer_is_same_user(int fd);

}  // namespace zc::ipc

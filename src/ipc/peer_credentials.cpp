#include "ipc/peer_credentials.h"

#include <unistd.h>

namespace zc::ipc {

std::optional<struct ucred> peer_credentials(int fd) {
    struct ucred cred {};
    socklen_t len = sizeof cred;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return std::nullopt;
    return cred;
}

bool peer_is_same_user(int fd) {
    std::optional<struct ucred> cred = peer_credentials(fd);
    return cred && cred->uid == ::getuid();
}

}  // namespace zc::ipc

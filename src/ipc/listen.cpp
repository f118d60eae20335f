#include "ipc/listen.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace zc::ipc {

int listen_on(const std::string& endpoint, std::string& error) {
    struct sockaddr_un addr {};
    addr.sun_family = AF_UNIX;
    if (endpoint.size() >= sizeof addr.sun_path) {
        error = "socket path too long: " + endpoint;
        return -1;
    }
    std::memcpy(addr.sun_path, endpoint.c_str(), endpoint.size() + 1);
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = std::string("cannot create a socket: ") + std::strerror(errno);
        return -1;
    }
    ::unlink(endpoint.c_str());
    mode_t old_umask = ::umask(077);
    int rc = ::bind(fd, reinterpret_cast<struct sockaddr*>(&addr), sizeof addr);
    ::umask(old_umask);
    if (rc != 0 || ::listen(fd, 1024) != 0) {
        error = "cannot listen on " + endpoint + ": " + std::strerror(errno);
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace zc::ipc

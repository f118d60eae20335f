#include "ipc/connect.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>

#include "common/env.h"
#include "common/fs.h"
#include "common/paths.h"
#include "ipc/deadline.h"
#include "ipc/peer_credentials.h"

namespace zc::ipc {

using common::UniqueFd;

namespace {
constexpr int kDefaultSilenceLimitMs = 10'000;

int read_silence_limit_ms() {
    std::optional<std::string_view> value = common::process_env("ZCCACHE_DAEMON_TIMEOUT_SECS");
    if (!value || value->empty()) return kDefaultSilenceLimitMs;
    unsigned secs = 0;
    auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), secs);
    if (error != std::errc() || end != value->data() + value->size() || secs > 86'400) return kDefaultSilenceLimitMs;
    return secs == 0 ? -1 : static_cast<int>(secs) * 1000;
}
}  // namespace

// Read once: the client asks for it at each step of a compile, and its environment is fixed.
int daemon_silence_limit_ms() {
    static const int limit = read_silence_limit_ms();
    return limit;
}

int connect_to_daemon(const std::string& endpoint, std::string* refused, DaemonPeer* peer) {
    auto refuse = [&](const std::string& why) {
        if (refused) *refused = "refusing the endpoint " + endpoint + ": " + why;
        return -1;
    };
    struct sockaddr_un addr {};
    addr.sun_family = AF_UNIX;
    if (endpoint.size() >= sizeof addr.sun_path) return -1;
    std::memcpy(addr.sun_path, endpoint.c_str(), endpoint.size() + 1);
    std::string dir(common::dir_name(endpoint));
    struct stat st;
    if (::lstat(dir.c_str(), &st) != 0) return -1;  // nothing there yet: the daemon is started
    if (!S_ISDIR(st.st_mode)) return refuse(dir + " is not a directory");
    if (st.st_uid != ::getuid()) return refuse(dir + " belongs to another user");
    if ((st.st_mode & 022) != 0) return refuse(dir + " is writable by other users");
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd.valid()) return -1;
    // A Unix socket connects at once, or fails with EAGAIN while the listener's backlog is full:
    // a daemon that stopped accepting. Retried until the silence limit, then given up.
    Deadline deadline(daemon_silence_limit_ms());
    for (int round = 0;;) {
        if (::connect(fd.get(), reinterpret_cast<struct sockaddr*>(&addr), sizeof addr) == 0) break;
        if (errno == EINTR) continue;
        if (errno != EAGAIN) return -1;
        // A daemon is there (another cannot start beside it), it just does not take us.
        if (deadline.passed()) return refuse("its backlog stayed full (it is not accepting connections)");
        back_off(round);
    }
    std::optional<struct ucred> cred = peer_credentials(fd.get());
    if (!cred) return refuse("no peer credentials");
    if (cred->uid != ::getuid()) return refuse("it is served by uid " + std::to_string(cred->uid));
    if (peer) peer->pid = cred->pid;
    return fd.release();
}

}  // namespace zc::ipc

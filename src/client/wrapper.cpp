#include "client/wrapper.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "client/passthrough.h"
#include "common/config.h"
#include "common/env.h"
#include "common/fs.h"
#include "ipc/daemon_start.h"
#include "ipc/frame.h"
#include "ipc/wedged_daemon.h"
#include "protocol/messages.h"

namespace zc::client {

using ipc::connect_or_start_daemon;
using ipc::daemon_silence_limit_ms;
using ipc::DaemonPeer;
using ipc::stop_wedged_daemon;
using ipc::WedgedDaemon;

namespace {
constexpr int kRequireDaemonExitCode = 125;
constexpr int kLongestHeartbeatMs = 1000;

void warn(std::string_view message) {
    common::write_all(2, "zccache: " + std::string(message) + "\n");
}

// Counted by `zccache status` as compiles the daemon never saw.
void record_fallback() {
    std::string root = common::cache_root();
    std::string logs = root + "/logs";
    std::string unsafe;
    // Never through a directory someone else planted (the daemon refuses those, hence we are here).
    if (!common::private_directory(root, unsafe) || !common::private_directory(logs, unsafe)) return;
    common::UniqueFd fd(
        ::open((logs + "/fallbacks").c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.valid()) common::write_all(fd.get(), "1");
}

// The daemon could not serve this compile: run it here, unless the user asked us not to.
int fall_back(const std::vector<std::string>& argv, std::string_view why) {
    if (common::env_truthy(common::process_env("ZCCACHE_REQUIRE_DAEMON"))) {
        warn("daemon unavailable (" + std::string(why) + ") and ZCCACHE_REQUIRE_DAEMON is set");
        return kRequireDaemonExitCode;
    }
    warn("daemon unavailable (" + std::string(why) + "); compiling without the cache");
    record_fallback();
    return exec_resolved(argv);
}

// The working directory as the compiler names it: gcc and clang take $PWD when it is absolute
// and is this directory (reached through a symlink, say), else getcwd(). It ends up in
// DW_AT_comp_dir and keys the compile, so two names of one directory are two keys.
std::string working_directory() {
    if (auto pwd = common::process_env("PWD"); pwd && pwd->starts_with("/")) {
        std::string path(*pwd);
        struct stat named, here;
        if (::stat(path.c_str(), &named) == 0 && ::stat(".", &here) == 0 && named.st_dev == here.st_dev &&
            named.st_ino == here.st_ino) {
            return path;
        }
    }
    char cwd[4096];
    return ::getcwd(cwd, sizeof cwd) ? std::string(cwd) : std::string();
}

protocol::CompileRequest make_request(std::vector<std::string> argv, bool masquerade, int silence_ms) {
    protocol::CompileRequest request;
    request.cwd = working_directory();
    request.argv = std::move(argv);
    for (char** e = environ; e && *e; ++e) request.env.emplace_back(*e);
    request.session_id = std::string(common::process_env("ZCCACHE_SESSION_ID").value_or(""));
    request.stderr_is_tty = ::isatty(2) == 1;
    request.masquerade = masquerade;
    mode_t mask = ::umask(0);
    ::umask(mask);
    request.umask = mask;
    // Four heartbeats to the silence limit: a late one or two do not make us give up.
    if (silence_ms > 0) {
        request.heartbeat_ms = static_cast<uint32_t>(std::min(kLongestHeartbeatMs, silence_ms / 4));
        request.silence_limit_ms = static_cast<uint32_t>(silence_ms);
    }
    return request;
}

// Gives up on a daemon that went silent, so that it cannot write this compile's outputs later
// (see wedged_daemon.h), and says what was done.
std::string silenced(int fd, const DaemonPeer& peer, int silence_ms) {
    std::string what = "silent for " + std::to_string(silence_ms / 1000) + " s, the ZCCACHE_DAEMON_TIMEOUT_SECS limit";
    switch (stop_wedged_daemon(fd, peer.pid)) {
        case WedgedDaemon::kKilled:
            return what + "; killed it, pid " + std::to_string(peer.pid);
        case WedgedDaemon::kGone:
            return what + " and went away";
        case WedgedDaemon::kUnreachable:
            return what + "; its pid is out of reach, so it was left running";
    }
    return what;
}

enum class Exchange { kOk, kNoReply, kSilent, kVersionMismatch, kDaemonError };

// A daemon's error message, cut to one short line of printable text: it goes to the user's terminal.
std::string printable_line(std::string_view message) {
    std::string out;
    for (char c : message.substr(0, 200)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
    return out;
}

// Sends the request and waits for the result, for as long as heartbeats say the compile waits or
// runs; silence for `silence_ms` ends the wait.
Exchange exchange(int fd, const protocol::CompileRequest& request, int silence_ms, protocol::CompileReply& reply,
                  std::string& error) {
    switch (ipc::write_frame(fd, protocol::encode(protocol::type::kCompileEphemeral, request), silence_ms)) {
        case ipc::WriteStatus::kOk:
            break;
        case ipc::WriteStatus::kTimedOut:
            return Exchange::kSilent;
        case ipc::WriteStatus::kFailed:
            return Exchange::kNoReply;
    }
    ipc::FrameReader reader(fd);
    std::string payload;
    protocol::Envelope envelope;
    while (true) {
        ipc::ReadStatus status = reader.next(payload, ipc::kMaxReplyBytes, silence_ms);
        if (status == ipc::ReadStatus::kTimedOut) return Exchange::kSilent;
        if (status != ipc::ReadStatus::kOk) return Exchange::kNoReply;
        if (!protocol::decode_envelope(payload, envelope)) return Exchange::kDaemonError;
        if (envelope.type != protocol::type::kHeartbeat) break;
    }
    if (envelope.version != common::kProtocolVersion || envelope.type == protocol::type::kVersionMismatch) {
        return Exchange::kVersionMismatch;
    }
    if (envelope.type == protocol::type::kError) {
        auto body = protocol::body_as<protocol::ErrorReply>(envelope);
        if (body) error = printable_line(body->message);
        return Exchange::kDaemonError;
    }
    if (envelope.type != protocol::type::kCompileResult) return Exchange::kDaemonError;
    auto body = protocol::body_as<protocol::CompileReply>(envelope);
    if (!body) return Exchange::kDaemonError;
    reply = std::move(*body);
    return Exchange::kOk;
}
}  // namespace

int run_compile(const std::vector<std::string>& argv, bool masquerade) {
    if (common::env_truthy(common::process_env("ZCCACHE_DISABLE"))) return exec_resolved(argv);

    std::string endpoint = common::endpoint_path();
    std::string refused;
    DaemonPeer peer;
    common::UniqueFd fd(connect_or_start_daemon(endpoint, &refused, &peer));
    if (!fd.valid()) return fall_back(argv, refused.empty() ? "cannot start or reach " + endpoint : refused);

    int silence_ms = daemon_silence_limit_ms();
    protocol::CompileRequest request = make_request(argv, masquerade, silence_ms);
    protocol::CompileReply reply;
    std::string error;
    switch (exchange(fd.get(), request, silence_ms, reply, error)) {
        case Exchange::kOk:
            break;
        case Exchange::kNoReply:
            return fall_back(argv, "it closed the connection");
        case Exchange::kSilent:
            return fall_back(argv, silenced(fd.get(), peer, silence_ms));
        case Exchange::kVersionMismatch:
            return fall_back(argv, "it speaks another protocol version");
        case Exchange::kDaemonError:
            return fall_back(argv, error.empty() ? "malformed reply" : error);
    }
    fd.reset();

    // The compiler as the user named it, resolved here: nothing in a reply is ever executed.
    if (reply.outcome == protocol::outcome::kUncacheable) return exec_resolved(argv);
    common::write_all(1, reply.stdout_data);
    common::write_all(2, reply.stderr_data);
    return reply.exit_code;
}

}  // namespace zc::client

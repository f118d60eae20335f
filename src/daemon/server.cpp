#include "daemon/server.h"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "common/fs.h"
#include "daemon/pipeline.h"
#include "daemon/status.h"
#include "daemon/warm_build.h"
#include "ipc/frame.h"
#include "ipc/peer_credentials.h"
#include "protocol/messages.h"

namespace zc::daemon {

using reasons::Reason;

namespace {
constexpr int kPollIntervalMs = 1000;
constexpr int64_t kMaintenanceIntervalNs = 5'000'000'000;
constexpr std::chrono::milliseconds kWorkerKeepIdle{30'000};
// A client that connects and sends nothing, or stops reading its reply, is given up after this:
// a worker never waits on a client for ever, and so neither does the daemon's shutdown.
constexpr int kClientSilenceMs = 10'000;
constexpr unsigned kSweepEveryTicks = 10;                             // a fan-out directory every 10 s
constexpr int64_t kUnreferencedAgeNs = int64_t{600} * 1'000'000'000;  // older than any compile
constexpr std::chrono::milliseconds kRecordWaitLimit{2'000};          // a record is microseconds

void reply(int fd, const char* type, const auto& body) {
    ipc::write_frame(fd, protocol::encode(type, body), kClientSilenceMs);
}

void reply_error(int fd, const std::string& message) {
    reply(fd, protocol::type::kError, protocol::ErrorReply{message});
}

std::pair<dev_t, ino_t> identity_of(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return {0, 0};
    return {st.st_dev, st.st_ino};
}

}  // namespace

// Whether the peer sees the filesystem as we do (see peer_view.h).
bool Server::peer_shares_our_view(int fd) const {
    std::optional<struct ucred> cred = ipc::peer_credentials(fd);
    if (!cred) return false;
    std::optional<FilesystemView> view = filesystem_view(cred->pid);
    return own_view_ && view && *view == *own_view_;
}

Server::Server(DaemonContext& ctx, int listen_fd, int wake_fd, uint64_t idle_timeout_secs)
    : ctx_(ctx),
      listen_fd_(listen_fd),
      wake_fd_(wake_fd),
      idle_timeout_secs_(idle_timeout_secs),
      last_finished_ns_(common::now_monotonic_ns()),
      own_view_(filesystem_view(0)),
      root_identity_(identity_of(ctx.cache_root)),
      workers_([this](int fd) { serve_connection(fd); }, kWorkerKeepIdle) {}

void Server::request_stop() {
    {
        std::lock_guard lock(stop_mutex_);
        stop_.store(true);
    }
    stopping_.notify_all();
}

void Server::run() {
    std::thread maintainer([this] { maintain(); });
    int64_t last_root_check = common::now_monotonic_ns();
    while (!stop_.load()) {
        struct pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
        int n = ::poll(fds, 2, kPollIntervalMs);
        int64_t now = common::now_monotonic_ns();
        if (now - last_root_check >= kMaintenanceIntervalNs) {
            last_root_check = now;
            if (cache_root_replaced()) {
                // rm -rf of the root (or a new one in its place): what we hold is not the cache
                // any more; the next client starts a daemon on the root that is there now.
                spdlog::warn("cache root {} was removed or replaced; exiting", ctx_.cache_root);
                break;
            }
        }
        if (fds[1].revents) break;  // a signal asked us to stop
        if (n > 0 && (fds[0].revents & POLLIN)) {
            int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            if (!ipc::peer_is_same_user(fd)) {
                spdlog::warn("refused a connection from another user");  // and tell it nothing
                ::close(fd);
                continue;
            }
            connections_.fetch_add(1);
            workers_.submit(fd);
            continue;
        }
        bool idle = connections_.load() == 0 && ctx_.active_compiles.load() == 0 && ctx_.sessions.open_count() == 0;
        if (idle && idle_timeout_secs_ > 0 &&
            now - last_finished_ns_.load() >= static_cast<int64_t>(idle_timeout_secs_) * 1'000'000'000) {
            spdlog::info("idle for {} s, exiting", idle_timeout_secs_);
            break;
        }
    }
    request_stop();
    maintainer.join();
    // Let running requests finish before the caller tears the context down.
    while (connections_.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    maintenance();
}

void Server::maintain() {
    int64_t last_save = common::now_monotonic_ns();
    unsigned tick = 0;
    std::unique_lock lock(stop_mutex_);
    while (!stop_.load()) {
        stopping_.wait_for(lock, std::chrono::milliseconds(kPollIntervalMs));
        if (stop_.load()) break;
        lock.unlock();
        ctx_.evictor.evict(ctx_.index, ctx_.manifests, ctx_.stats);
        ctx_.artifacts.empty_trash();
        if (++tick % kSweepEveryTicks == 0) sweep_unreferenced_blobs(tick / kSweepEveryTicks % 256);
        int64_t now = common::now_monotonic_ns();
        if (now - last_save >= kMaintenanceIntervalNs) {
            last_save = now;
            maintenance();
        }
        lock.lock();
    }
}

void Server::serve_connection(int fd) {
    common::UniqueFd conn(fd);
    std::string payload;
    ipc::FrameReader reader(fd, /*ready_first=*/true);
    ipc::ReadStatus status = reader.next(payload, ipc::kMaxRequestBytes, kClientSilenceMs);
    // Read first, then refuse: the client gets the reason instead of a reset connection.
    if (status == ipc::ReadStatus::kOk && !peer_shares_our_view(fd)) {
        spdlog::warn("refused a connection from another mount namespace or root directory");
        reply_error(fd, "the daemon does not serve a client in another mount namespace or root directory");
    } else if (status == ipc::ReadStatus::kOk) {
        try {
            handle_frame(fd, payload);
        } catch (const std::exception& e) {
            // A bug in a handler is this client's error, never a hang or a dead daemon.
            spdlog::error("request failed: {}", e.what());
            reply_error(fd, std::string("internal error: ") + e.what());
        }
    } else if (status == ipc::ReadStatus::kTooLarge) {
        reply_error(fd, "request too large");
    }
    last_finished_ns_.store(common::now_monotonic_ns());
    connections_.fetch_sub(1);
}

void Server::handle_frame(int fd, const std::string& payload) {
    protocol::Envelope envelope;
    if (!protocol::decode_envelope(payload, envelope)) {
        reply_error(fd, "malformed request");
        return;
    }
    if (envelope.version != common::kProtocolVersion) {
        reply(fd, protocol::type::kVersionMismatch,
              protocol::ErrorReply{"daemon speaks protocol " + std::to_string(common::kProtocolVersion)});
        return;
    }
    if (envelope.type == protocol::type::kCompileEphemeral) {
        auto request = protocol::body_as<protocol::CompileRequest>(envelope);
        if (!request) {
            reply_error(fd, "malformed CompileEphemeral");
            return;
        }
        int64_t started = common::now_monotonic_ns();
        ctx_.compile_requests.fetch_add(1, std::memory_order_relaxed);
        CompileFacts facts;
        protocol::CompileReply result;
        {
            ClientLink client(fd, request->heartbeat_ms, &heartbeats_, request->silence_limit_ms);
            result = handle_compile(ctx_, *request, client, facts);
        }  // its heartbeats have stopped: the reply is the next frame
        facts.latency_ns = common::now_monotonic_ns() - started;
        PendingRecords::Ticket recording(pending_records_);
        reply(fd, protocol::type::kCompileResult, result);
        // After the reply: the client does not wait for the journal.
        if (facts.parts.empty()) {
            record_compile(*request, result, facts);
        } else {
            // Each part with its own time, so that a session does not count the command once per source.
            for (CompilePart& part : facts.parts) record_compile(part.request, part.reply, part.facts);
        }
    } else if (envelope.type == protocol::type::kStatus) {
        reply(fd, protocol::type::kStatusResult, collect_status(ctx_));
    } else if (envelope.type == protocol::type::kClear) {
        if (clear_cache(ctx_)) {
            reply(fd, protocol::type::kOk, protocol::Empty{});
        } else {
            reply_error(fd, "the index could not be cleared (see the daemon log)");
        }
    } else if (envelope.type == protocol::type::kSessionStart) {
        auto request = protocol::body_as<protocol::SessionStartRequest>(envelope);
        std::string error = "malformed SessionStart";
        std::optional<std::string> id;
        if (request) id = ctx_.sessions.start(*request, error);
        if (!id) {
            reply_error(fd, error);
            return;
        }
        reply(fd, protocol::type::kSessionStarted, protocol::SessionStarted{*id});
    } else if (envelope.type == protocol::type::kSessionStats || envelope.type == protocol::type::kSessionEnd) {
        auto query = protocol::body_as<protocol::SessionQuery>(envelope);
        std::optional<protocol::SessionSummary> summary;
        if (query) {
            wait_for_answered_compiles();
            summary = envelope.type == protocol::type::kSessionEnd ? ctx_.sessions.end(query->session_id)
                                                                   : ctx_.sessions.stats(query->session_id);
        }
        if (!summary) {
            reply_error(fd, "unknown session '" + (query ? query->session_id : std::string()) + "'");
            return;
        }
        reply(fd, protocol::type::kSessionSummary, *summary);
    } else if (envelope.type == protocol::type::kExplain) {
        auto query = protocol::body_as<protocol::ExplainRequest>(envelope);
        if (query) wait_for_answered_compiles();
        auto lines = query ? ctx_.explain.explain(query->output) : std::nullopt;
        if (!lines) {
            reply_error(fd, "no compile of '" + (query ? query->output : std::string()) + "' since the daemon started");
            return;
        }
        reply(fd, protocol::type::kExplanation, protocol::Explanation{*lines});
    } else if (envelope.type == protocol::type::kWarmBuild) {
        auto request = protocol::body_as<protocol::WarmBuildRequest>(envelope);
        if (!request) {
            reply_error(fd, "malformed warm request");
            return;
        }
        protocol::WarmBuildReply result;
        {
            ClientLink client(fd, 0, &heartbeats_);
            result = warm_build(ctx_, *request, client);
        }
        reply(fd, protocol::type::kWarmBuildResult, result);
    } else if (envelope.type == protocol::type::kStop) {
        reply(fd, protocol::type::kOk, protocol::Empty{});
        request_stop();
    } else {
        reply_error(fd, "unknown request type " + envelope.type);
    }
}

void Server::wait_for_answered_compiles() {
    if (!pending_records_.wait_for_earlier(kRecordWaitLimit)) {
        spdlog::warn("a compile's records took over {} ms; answering without them", kRecordWaitLimit.count());
    }
}

void Server::record_compile(const protocol::CompileRequest& request, const protocol::CompileReply& reply,
                            CompileFacts& facts) {
    std::string line = Journal::format(request, reply, facts, common::now_realtime_ns());
    if (facts.worktree_hit) ctx_.stats.count(Reason::kWorktreeHit);
    if (Reason not_shared = reasons::worktree_counter(facts.worktree); not_shared != Reason::kNone) {
        ctx_.stats.count(not_shared);
    }
    ctx_.sessions.record(request, reply, facts, line);
    if (!facts.output.empty()) {
        ctx_.explain.record(facts.output,
                            CompileRecord{reply.outcome, reply.reason, std::move(facts.inputs),
                                          std::move(facts.changed_inputs), facts.worktree, facts.worktree_hit});
    }
    // Last: once a compile's journal line is there, its session and `explain` records are too.
    ctx_.journal.append(line);
}

// Blobs no manifest references (a crash between a blob's publish and its manifest's write, a
// delivery that failed after the publish) are counted by no total: one fan-out directory at a
// time, they are found and removed, so the store's size on disk stays what the index says.
void Server::sweep_unreferenced_blobs(unsigned slice) {
    int64_t settled = common::now_realtime_ns() - kUnreferencedAgeNs;
    size_t removed = ctx_.artifacts.sweep_unreferenced(
        slice, [&](const common::Hash128& hash) { return ctx_.index.references_blob(hash.bytes()); }, settled);
    if (removed > 0) {
        ctx_.stats.count(Reason::kSweptBlob, removed);
        spdlog::info("removed {} blobs no manifest references from artifacts/{:02x}", removed, slice);
    }
}

bool Server::cache_root_replaced() const {
    return identity_of(ctx_.cache_root) != root_identity_;
}

void Server::maintenance() {
    ctx_.evictor.flush(ctx_.index);
    if (!ctx_.stats.save(ctx_.index)) spdlog::warn("could not save the counters to the index; will retry");
    if (!ctx_.index.sync()) spdlog::warn("could not sync the index to disk");
}

}  // namespace zc::daemon

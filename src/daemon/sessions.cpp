#include "daemon/sessions.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/random.h>

#include <algorithm>
#include <atomic>
#include <cstring>

#include "common/fs.h"
#include "common/paths.h"

namespace zc::daemon {

namespace {
constexpr uint64_t kSessionJournalRotateBytes = uint64_t{256} << 20;
std::atomic<uint64_t> fallback_counter{0};  // ids stay distinct when getrandom fails

// A version 4 UUID, as the Rust zccache's session ids are.
std::string new_session_id() {
    unsigned char bytes[16] = {};
    if (::getrandom(bytes, sizeof bytes, 0) != sizeof bytes) {
        int64_t now = common::now_realtime_ns();
        uint64_t counter = fallback_counter.fetch_add(1);
        std::memcpy(bytes, &now, sizeof now);
        std::memcpy(bytes + 8, &counter, sizeof counter);
    }
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
    std::string id;
    for (size_t i = 0; i < sizeof bytes; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
        id += fmt::format("{:02x}", bytes[i]);
    }
    return id;
}

std::string log_line(const protocol::CompileRequest& request, const protocol::CompileReply& reply,
                     const CompileFacts& facts) {
    std::string args;
    for (size_t i = 1; i < request.argv.size(); ++i) args += (i > 1 ? " " : "") + request.argv[i];
    std::string reason = reply.reason.empty() ? "" : " (" + reply.reason + ")";
    if (facts.worktree_hit) {
        reason += " (worktree)";
    } else if (std::string_view why = reasons::worktree_reason_name(facts.worktree); !why.empty()) {
        reason += " (not shared: " + std::string(why) + ")";
    }
    return fmt::format("{:<11} {:>8.1f} ms  {} {}{}\n", reply.outcome, static_cast<double>(facts.latency_ns) / 1e6,
                       common::base_name(facts.compiler.empty() ? request.argv[0] : facts.compiler), args, reason);
}
}  // namespace

std::optional<std::string> Sessions::start(const protocol::SessionStartRequest& request, std::string& error) {
    auto session = std::make_shared<Session>();
    if (!request.journal_path.empty()) {
        session->journal = std::make_unique<Journal>(request.journal_path, kSessionJournalRotateBytes);
        if (!session->journal->ok()) {
            error = "cannot write the journal " + request.journal_path;
            return std::nullopt;
        }
    }
    if (!request.log_path.empty()) {
        session->log.reset(::open(request.log_path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
        if (!session->log.valid()) {
            error = "cannot write the log " + request.log_path;
            return std::nullopt;
        }
    }
    std::string id = new_session_id();
    session->summary.session_id = id;
    std::lock_guard lock(mutex_);
    open_[id] = std::move(session);
    return id;
}

std::shared_ptr<Sessions::Session> Sessions::find(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto it = open_.find(id);
    return it == open_.end() ? nullptr : it->second;
}

void Sessions::record(const protocol::CompileRequest& request, const protocol::CompileReply& reply,
                      const CompileFacts& facts, std::string_view journal_line) {
    if (request.session_id.empty()) return;
    std::shared_ptr<Session> session = find(request.session_id);
    if (!session) return;
    std::lock_guard lock(session->mutex);
    protocol::SessionSummary& s = session->summary;
    ++s.compiles;
    ++s.outcomes[reply.outcome];
    if (reply.outcome == protocol::outcome::kUncacheable) ++s.uncacheable[reply.reason];
    s.time_spent_ns += facts.latency_ns;
    if (reply.outcome == protocol::outcome::kHit || reply.outcome == protocol::outcome::kLinkHit)
        s.time_saved_ns += std::max<int64_t>(0, facts.saved_ns - facts.latency_ns);
    if (facts.worktree_hit) ++s.worktree["hits"];
    if (std::string_view why = reasons::worktree_reason_name(facts.worktree); !why.empty()) {
        ++s.worktree[std::string(why)];
    }
    if (session->journal) session->journal->append(journal_line);
    if (session->log.valid()) common::write_all(session->log.get(), log_line(request, reply, facts));
}

std::optional<protocol::SessionSummary> Sessions::stats(const std::string& id) {
    std::shared_ptr<Session> session = find(id);
    if (!session) return std::nullopt;
    std::lock_guard lock(session->mutex);
    return session->summary;
}

std::optional<protocol::SessionSummary> Sessions::end(const std::string& id) {
    std::shared_ptr<Session> session;
    {
        std::lock_guard lock(mutex_);
        auto it = open_.find(id);
        if (it == open_.end()) return std::nullopt;
        session = std::move(it->second);
        open_.erase(it);
    }
    std::lock_guard lock(session->mutex);
    session->journal.reset();  // the file handles go with the session
    session->log.reset();
    return session->summary;
}

size_t Sessions::open_count() {
    std::lock_guard lock(mutex_);
    return open_.size();
}

}  // namespace zc::daemon

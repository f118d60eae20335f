#include "daemon/journal.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>

#include "cache/context_key.h"
#include "common/env.h"
#include "reasons/reason.h"
#include "reasons/worktree.h"

namespace zc::daemon {

using reasons::Reason;

namespace {
std::string iso8601_ms(int64_t ns) {
    time_t secs = static_cast<time_t>(ns / 1'000'000'000);
    struct tm utc;
    ::gmtime_r(&secs, &utc);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                       utc.tm_hour, utc.tm_min, utc.tm_sec, (ns / 1'000'000) % 1000);
}

// Why the cache did not answer, from the fixed list documented in docs/JOURNAL.md.
std::string journal_miss_reason(const protocol::CompileReply& reply) {
    if (reply.outcome == protocol::outcome::kUncacheable) {
        Reason why = reply.reason == reasons::name(Reason::kDestinationWriteFailed) ? Reason::kDestinationWriteFailed
                                                                                    : Reason::kUncacheableInput;
        return std::string(reasons::name(why));
    }
    return reply.reason;
}
}  // namespace

Journal::Journal(std::string path, uint64_t max_bytes) : path_(std::move(path)), max_bytes_(max_bytes) {
    std::lock_guard lock(mutex_);
    open_locked();
}

void Journal::open_locked() {
    fd_.reset(::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    struct stat st;
    size_ = fd_.valid() && ::fstat(fd_.get(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

std::string Journal::format(const protocol::CompileRequest& request, const protocol::CompileReply& reply,
                            const CompileFacts& facts, int64_t now_ns) {
    nlohmann::json j;
    j["ts"] = iso8601_ms(now_ns);
    j["outcome"] = reply.outcome;
    j["compiler"] = facts.compiler.empty() ? (request.argv.empty() ? "" : request.argv[0]) : facts.compiler;
    j["args"] = request.argv.empty() ? std::vector<std::string>{}
                                     : std::vector<std::string>(request.argv.begin() + 1, request.argv.end());
    j["cwd"] = request.cwd;
    nlohmann::json env = nlohmann::json::array();  // [name, value] pairs, as the Rust zccache writes them
    for (std::string_view name : cache::keyed_environment()) {
        auto value = common::env_lookup(request.env, name);
        if (!value) continue;
        const char* ours = std::getenv(std::string(name).c_str());
        if (!ours || *value != ours) env.push_back(nlohmann::json::array({std::string(name), std::string(*value)}));
    }
    if (!env.empty()) j["env"] = env;
    // The client runs uncacheable compiles itself: their exit code is not ours to know.
    j["exit_code"] =
        reply.outcome == protocol::outcome::kUncacheable ? nlohmann::json(nullptr) : nlohmann::json(reply.exit_code);
    j["session_id"] = request.session_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(request.session_id);
    j["latency_ns"] = facts.latency_ns;
    if (reply.outcome == protocol::outcome::kMiss || reply.outcome == protocol::outcome::kLinkMiss ||
        reply.outcome == protocol::outcome::kUncacheable) {
        j["miss_reason"] = journal_miss_reason(reply);
    }
    if (reply.outcome == protocol::outcome::kUncacheable) j["uncacheable_reason"] = reply.reason;
    if (facts.worktree_hit) j["worktree_hit"] = true;
    if (std::string_view why = reasons::worktree_reason_name(facts.worktree); !why.empty()) {
        j["worktree_reason"] = std::string(why);
    }
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void Journal::append(std::string_view text) {
    std::string line = std::string(text) + "\n";
    std::lock_guard lock(mutex_);
    if (size_ + line.size() > max_bytes_) {
        ::rename(path_.c_str(), (path_ + ".1").c_str());
        open_locked();
    }
    if (fd_.valid() && common::write_all(fd_.get(), line)) size_ += line.size();
}

}  // namespace zc::daemon

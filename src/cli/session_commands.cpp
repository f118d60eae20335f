#include "cli/session_commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/daemon_client.h"
#include "cli/status_report.h"
#include "common/config.h"
#include "common/fs.h"
#include "common/paths.h"
#include "ipc/daemon_start.h"
#include "reasons/reason.h"

namespace zc::cli {

namespace {
constexpr int kUsageError = 2;

std::string absolute(const std::string& path) {
    return path.empty() ? path : common::absolute_from_here(path);
}

uint64_t outcome(const protocol::SessionSummary& s, const char* name) {
    auto it = s.outcomes.find(name);
    return it == s.outcomes.end() ? 0 : it->second;
}

std::string format_json(const protocol::SessionSummary& s) {
    nlohmann::json j;
    j["session_id"] = s.session_id;
    j["compiles"] = s.compiles;
    j["hits"] = outcome(s, "hit");
    j["misses"] = outcome(s, "miss");
    j["errors"] = outcome(s, "error");
    j["uncacheable"] = outcome(s, "uncacheable");
    j["uncacheable_reasons"] = s.uncacheable;
    j["time_spent_ns"] = s.time_spent_ns;
    j["time_saved_ns"] = s.time_saved_ns;
    // Worktree sharing: hits from another worktree's entries apart from same-root ones.
    uint64_t worktree_hits = s.worktree.contains("hits") ? s.worktree.at("hits") : 0;
    j["worktree_hits"] = worktree_hits;
    j["same_root_hits"] = outcome(s, "hit") - std::min(worktree_hits, outcome(s, "hit"));
    nlohmann::json not_shared = nlohmann::json::object();
    for (const auto& [reason, n] : s.worktree) {
        if (reason != "hits") not_shared[reason] = n;
    }
    j["worktree_not_shared"] = not_shared;
    return j.dump(2) + "\n";
}

std::string format_text(const protocol::SessionSummary& s) {
    std::string out = fmt::format("session {}\n", s.session_id);
    out += fmt::format("compiles:     {}\n", s.compiles);
    out += fmt::format("hits:         {}\n", outcome(s, "hit"));
    if (!s.worktree.empty()) {
        uint64_t worktree_hits = s.worktree.contains("hits") ? s.worktree.at("hits") : 0;
        out += fmt::format("  from another worktree      {}\n", worktree_hits);
        for (const auto& [reason, n] : s.worktree) {
            if (reason != "hits") out += fmt::format("  not shared: {:<15} {}\n", reason, n);
        }
    }
    out += fmt::format("misses:       {}\n", outcome(s, "miss"));
    out += fmt::format("errors:       {}\n", outcome(s, "error"));
    out += fmt::format("uncacheable:  {}\n", outcome(s, "uncacheable"));
    for (const auto& [reason, n] : s.uncacheable) out += fmt::format("  {:<28} {}\n", reason, n);
    out += fmt::format("time spent:   {:.3f} s\n", static_cast<double>(s.time_spent_ns) / 1e9);
    out += fmt::format("time saved:   {:.3f} s\n", static_cast<double>(s.time_saved_ns) / 1e9);
    auto incremental = s.uncacheable.find(std::string(reasons::name(reasons::Reason::kIncremental)));
    if (incremental != s.uncacheable.end()) out += incremental_hint(incremental->second);
    return out;
}
}  // namespace

int session_start(bool export_form, const std::string& log, const std::string& journal) {
    if (!journal.empty() && !journal.ends_with(".jsonl")) {
        fmt::print(stderr, "zccache: the journal must be a .jsonl file: '{}'\n", journal);
        return kUsageError;
    }
    common::UniqueFd fd(ipc::connect_or_start_daemon(common::endpoint_path()));
    if (!fd.valid()) {
        fmt::print(stderr, "zccache: could not start the daemon\n");
        return 1;
    }
    auto reply = ask_daemon(fd.get(), protocol::type::kSessionStart,
                            protocol::SessionStartRequest{absolute(journal), absolute(log)});
    if (!reply || reply->type != protocol::type::kSessionStarted) {
        auto error = reply ? protocol::body_as<protocol::ErrorReply>(*reply) : std::nullopt;
        fmt::print(stderr, "zccache: {}\n", error ? error->message : "the daemon did not answer");
        return 1;
    }
    auto started = protocol::body_as<protocol::SessionStarted>(*reply);
    if (!started) return 1;
    std::string json = nlohmann::json{{"session_id", started->session_id}}.dump();
    if (export_form) {
        // For `eval "$(zccache session-start --stats)"`: the JSON rides along as a comment.
        fmt::print("export ZCCACHE_SESSION_ID={}\n# {}\n", started->session_id, json);
    } else {
        fmt::print("{}\n", json);
    }
    return 0;
}

int session_summary(const std::string& id, bool end, bool json) {
    common::UniqueFd fd(ipc::connect_to_daemon(common::endpoint_path()));
    std::optional<protocol::Envelope> reply;
    if (fd.valid()) {
        reply = ask_daemon(fd.get(), end ? protocol::type::kSessionEnd : protocol::type::kSessionStats,
                           protocol::SessionQuery{id});
    }
    auto summary = reply && reply->type == protocol::type::kSessionSummary
                       ? protocol::body_as<protocol::SessionSummary>(*reply)
                       : std::nullopt;
    if (!summary) {
        fmt::print(stderr, "zccache: unknown session '{}'\n", id);
        return kUsageError;
    }
    fmt::print("{}", json ? format_json(*summary) : format_text(*summary));
    return 0;
}

}  // namespace zc::cli

#include "cli/status_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/config.h"
#include "common/settings.h"
#include "reasons/reason.h"
#include "reasons/worktree.h"
#include "store/cache_index.h"
#include "store/status_counters.h"

namespace zc::cli {

namespace {

using reasons::Reason;

uint64_t count_in(const std::map<std::string, uint64_t>& counters, Reason counter) {
    auto it = counters.find(std::string(reasons::name(counter)));
    return it == counters.end() ? 0 : it->second;
}

uint64_t counter(const protocol::StatusReply& s, Reason name) {
    return count_in(s.counters, name);
}

// A counter's line with its description: "not stored:    3   (compiled, but ...)".
std::string counter_line(const protocol::StatusReply& s, std::string_view label, Reason name) {
    return fmt::format("{:<15}{}   ({})\n", label, counter(s, name), reasons::description(name));
}

std::string human_bytes(uint64_t bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024 && unit < 4) {
        value /= 1024;
        ++unit;
    }
    return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", value, units[unit]);
}

// Hits over everything the cache could have answered (uncacheable compiles excluded).
double hit_rate(const std::map<std::string, uint64_t>& counters) {
    uint64_t hits = count_in(counters, Reason::kHit);
    uint64_t lookups = hits + count_in(counters, Reason::kMiss) + count_in(counters, Reason::kError);
    return lookups == 0 ? 0.0 : 100.0 * static_cast<double>(hits) / static_cast<double>(lookups);
}
}  // namespace

bool read_offline_status(const std::string& cache_root, StatusView& view, std::string& error) {
    view.daemon_running = false;
    view.status.version = ZCCACHE_VERSION;
    view.status.cache_root = cache_root;
    view.status.endpoint = common::endpoint_path();
    auto index = store::open_cache_index(cache_root, error);
    if (!index) return false;
    auto values = index->read_counters();
    view.status.counters = store::counters_with_prefix(values, store::kCountPrefix);
    view.status.uncacheable = store::counters_with_prefix(values, store::kReasonPrefix);
    view.status.counters[std::string(reasons::name(Reason::kFallback))] = store::fallback_count(cache_root);
    view.status.entries = index->manifest_count();
    view.status.artifact_bytes = index->totals().bytes;
    view.status.limit_bytes = common::cache_size_limit(cache_root);
    return true;
}

namespace {
constexpr reasons::Worktree kNotShared[] = {
    reasons::Worktree::kGitRootUnavailable, reasons::Worktree::kPathOutsideRoot,
    reasons::Worktree::kPathSensitiveArg,   reasons::Worktree::kContentHashMismatch,
    reasons::Worktree::kToolchainMismatch,  reasons::Worktree::kUnsupportedLanguage,
};

// Nothing when no compile asked for worktree sharing.
std::string worktree_lines(const protocol::StatusReply& s) {
    std::string out;
    uint64_t hits = counter(s, Reason::kWorktreeHit);
    for (reasons::Worktree gate : kNotShared) {
        uint64_t n = counter(s, reasons::worktree_counter(gate));
        if (n > 0) out += fmt::format("  {:<28} {:>6}\n", reasons::worktree_reason_name(gate), n);
    }
    if (hits == 0 && out.empty()) return {};
    return fmt::format("worktree hits: {} (of the hits, served from another worktree's entries)\n", hits) +
           (out.empty() ? "" : "not shared with other worktrees:\n" + out);
}
}  // namespace

std::string incremental_hint(uint64_t compiles) {
    return fmt::format(
        "hint: {} rustc compile{} used -C incremental, which is not cached (rustc keeps state of its own "
        "beside the outputs); build with CARGO_INCREMENTAL=0 to cache them\n",
        compiles, compiles == 1 ? "" : "s");
}

std::string format_status_text(const StatusView& view) {
    const protocol::StatusReply& s = view.status;
    std::string out = fmt::format("zccache {}\n", s.version);
    if (view.daemon_running) {
        out += fmt::format("daemon:        running (pid {}, up {} s, {} compiles running, {} sessions open)\n", s.pid,
                           s.uptime_secs, s.active_compiles, s.open_sessions);
    } else {
        out += "daemon:        not running\n";
    }
    out += fmt::format("cache root:    {}\n", s.cache_root);
    out += fmt::format("endpoint:      {}\n", s.endpoint);
    out += fmt::format("entries:       {}\n", s.entries);
    out += fmt::format("size on disk:  {} of {}\n", human_bytes(s.artifact_bytes), human_bytes(s.limit_bytes));
    out += fmt::format("hits:          {}\n", counter(s, Reason::kHit));
    out += fmt::format("misses:        {}\n", counter(s, Reason::kMiss));
    out += fmt::format("errors:        {}\n", counter(s, Reason::kError));
    out += fmt::format("uncacheable:   {}\n", counter(s, Reason::kUncacheable));
    for (const auto& [reason, n] : s.uncacheable) {
        if (n == 0) continue;
        std::optional<Reason> known = reasons::from_name(reason);
        out += fmt::format("  {:<28} {:>6}   {}\n", reason, n, known ? reasons::description(*known) : "");
    }
    out += counter_line(s, "not stored:", Reason::kNotStored);
    out += counter_line(s, "dropped:", Reason::kDroppedEntry);
    out += worktree_lines(s);
    out += counter_line(s, "fallbacks:", Reason::kFallback);
    out += counter_line(s, "evicted:", Reason::kEvicted);
    out += fmt::format("hit rate:      {:.1f} % since the cache was cleared", hit_rate(s.counters));
    if (view.daemon_running) {
        out += fmt::format(", {:.1f} % since the daemon started ({} hits, {} misses)", hit_rate(s.since_start),
                           count_in(s.since_start, Reason::kHit), count_in(s.since_start, Reason::kMiss));
    }
    out += "\n";
    auto incremental = s.uncacheable.find(std::string(reasons::name(Reason::kIncremental)));
    if (incremental != s.uncacheable.end() && incremental->second > 0) out += incremental_hint(incremental->second);
    return out;
}

std::string format_status_json(const StatusView& view) {
    const protocol::StatusReply& s = view.status;
    nlohmann::json j;
    j["version"] = s.version;
    j["daemon_running"] = view.daemon_running;
    j["pid"] = view.daemon_running ? nlohmann::json(s.pid) : nlohmann::json(nullptr);
    j["uptime_secs"] = s.uptime_secs;
    j["cache_root"] = s.cache_root;
    j["endpoint"] = s.endpoint;
    j["entries"] = s.entries;
    j["artifact_bytes"] = s.artifact_bytes;
    j["limit_bytes"] = s.limit_bytes;
    j["active_compiles"] = s.active_compiles;
    j["open_sessions"] = s.open_sessions;
    // JSON field <- counter.
    constexpr std::pair<const char*, Reason> kFields[] = {
        {"hits", Reason::kHit},
        {"misses", Reason::kMiss},
        {"errors", Reason::kError},
        {"uncacheable", Reason::kUncacheable},
        {"not_stored", Reason::kNotStored},
        {"dropped_entries", Reason::kDroppedEntry},
        {"fallbacks", Reason::kFallback},
        {"evicted", Reason::kEvicted},
        {"path_sensitive_args", Reason::kPathSensitiveArg},
    };
    for (const auto& [field, name] : kFields) j[field] = counter(s, name);
    j["uncacheable_reasons"] = s.uncacheable;
    // Worktree sharing: hits on another worktree's entries apart from same-root ones, and the
    // compiles that could not be shared, by the Rust zccache's reason names.
    j["worktree_hits"] = counter(s, Reason::kWorktreeHit);
    j["same_root_hits"] =
        counter(s, Reason::kHit) - std::min(counter(s, Reason::kHit), counter(s, Reason::kWorktreeHit));
    nlohmann::json not_shared = nlohmann::json::object();
    for (reasons::Worktree gate : kNotShared) {
        not_shared[std::string(reasons::worktree_reason_name(gate))] = counter(s, reasons::worktree_counter(gate));
    }
    j["worktree_not_shared"] = not_shared;
    j["hit_rate"] = hit_rate(s.counters);
    j["since_start"] = s.since_start;
    j["hit_rate_since_start"] = hit_rate(s.since_start);
    j["hot_path"] = s.hot_path;
    return j.dump(2) + "\n";
}

}  // namespace zc::cli

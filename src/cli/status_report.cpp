#include "cli/status_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "common/config.h"
#include "common/settings.h"
#include "store/cache_index.h"
#include "store/status_counters.h"

namespace zc::cli {

namespace {

uint64_t count_in(const std::map<std::string, uint64_t>& counters, const std::string& name) {
    auto it = counters.find(name);
    return it == counters.end() ? 0 : it->second;
}

uint64_t counter(const protocol::StatusReply& s, const std::string& name) { return count_in(s.counters, name); }

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
    uint64_t hits = count_in(counters, "hit");
    uint64_t lookups = hits + count_in(counters, "miss") + count_in(counters, "error");
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
    view.status.counters["fallback"] = store::fallback_count(cache_root);
    view.status.entries = index->manifest_count();
    view.status.artifact_bytes = index->totals().bytes;
    view.status.limit_bytes = common::cache_size_limit(cache_root);
    return true;
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
    out += fmt::format("hits:          {}\n", counter(s, "hit"));
    out += fmt::format("misses:        {}\n", counter(s, "miss"));
    out += fmt::format("errors:        {}\n", counter(s, "error"));
    out += fmt::format("uncacheable:   {}\n", counter(s, "uncacheable"));
    for (const auto& [reason, n] : s.uncacheable) {
        if (n > 0) out += fmt::format("  {:<28} {}\n", reason, n);
    }
    out += fmt::format("not stored:    {}   (inputs changed during the compile)\n", counter(s, "not_stored"));
    out += fmt::format("dropped:       {}   (broken entries removed)\n", counter(s, "dropped_entry"));
    out += fmt::format("not shared:    {}   (worktree sharing: an argument embeds this checkout's path)\n",
                       counter(s, "path_sensitive_arg"));
    out += fmt::format("fallbacks:     {}   (compiled without the daemon)\n", counter(s, "fallback"));
    out += fmt::format("evicted:       {}   (least recently used, for the size limit)\n", counter(s, "evicted"));
    out += fmt::format("hit rate:      {:.1f} % since the cache was cleared", hit_rate(s.counters));
    if (view.daemon_running) {
        out += fmt::format(", {:.1f} % since the daemon started ({} hits, {} misses)", hit_rate(s.since_start),
                           count_in(s.since_start, "hit"), count_in(s.since_start, "miss"));
    }
    out += "\n";
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
    // JSON field <- counter name.
    constexpr std::pair<const char*, const char*> kFields[] = {
        {"hits", "hit"},         {"misses", "miss"},         {"errors", "error"},
        {"uncacheable", "uncacheable"}, {"not_stored", "not_stored"}, {"dropped_entries", "dropped_entry"},
        {"fallbacks", "fallback"},      {"evicted", "evicted"},    {"path_sensitive_args", "path_sensitive_arg"},
    };
    for (const auto& [field, name] : kFields) j[field] = counter(s, name);
    j["uncacheable_reasons"] = s.uncacheable;
    j["hit_rate"] = hit_rate(s.counters);
    j["since_start"] = s.since_start;
    j["hit_rate_since_start"] = hit_rate(s.since_start);
    j["hot_path"] = s.hot_path;
    return j.dump(2) + "\n";
}

}  // namespace zc::cli

#include "common/settings.h"

#include <sys/statvfs.h>
#include <toml++/toml.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <map>
#include <mutex>

#include "common/config.h"
#include "common/env.h"

namespace zc::common {

namespace {
constexpr std::array kKeys = {
    ConfigKey{"cache_dir", "ZCCACHE_CACHE_DIR", "~/.zccache", "cache root: artifacts, index, logs", false},
    ConfigKey{"endpoint", "ZCCACHE_ENDPOINT", "", "daemon socket path (default derived, see docs)", false},
    ConfigKey{"idle_timeout_secs", "ZCCACHE_IDLE_TIMEOUT_SECS", "3600",
              "daemon exits after this long without requests; 0 = never", true},
    ConfigKey{"cache_size_bytes", "ZCCACHE_CACHE_SIZE_BYTES", "10G",
              "size limit of the cache (K/M/G suffixes); least recently used entries go first", true},
    ConfigKey{"cache_size_percent", "ZCCACHE_CACHE_SIZE_PERCENT", "",
              "size limit as a percentage of the cache's filesystem (when no byte limit is set)", true},
    ConfigKey{"delivery", "ZCCACHE_DELIVERY", "auto", "auto|reflink|hardlink|copy", true},
    ConfigKey{"compile_priority", "ZCCACHE_COMPILE_PRIORITY", "auto",
              "compiler children: auto (lowered while the CPU is saturated)|low|normal|idle|high; a build's env wins",
              true},
    ConfigKey{"journal_max_bytes", "ZCCACHE_JOURNAL_MAX_BYTES", "64M",
              "the compile journal is rotated (to .1) when it would pass this size", true},
    ConfigKey{"daemon_timeout_secs", "ZCCACHE_DAEMON_TIMEOUT_SECS", "10",
              "a daemon silent this long (no accept, no heartbeat) is killed and the client compiles itself; 0 = wait",
              false},
    ConfigKey{"require_daemon", "ZCCACHE_REQUIRE_DAEMON", "0", "1 = exit 125 instead of compiling without the daemon",
              false},
    ConfigKey{"disable", "ZCCACHE_DISABLE", "0", "1 = run the compiler directly, no cache", false},
};

// config.toml's values as strings, read once.
const std::map<std::string, std::string>& file_values() {
    static std::once_flag once;
    static std::map<std::string, std::string> values;
    std::call_once(once, [] {
        try {
            toml::table table = toml::parse_file(config_file_path());
            for (const auto& [key, node] : table) {
                if (auto s = node.value<std::string>()) {
                    values[std::string(key.str())] = *s;
                } else if (auto i = node.value<int64_t>()) {
                    values[std::string(key.str())] = std::to_string(*i);
                } else if (auto b = node.value<bool>()) {
                    values[std::string(key.str())] = std::string(1, *b ? '1' : '0');
                }
            }
        } catch (const std::exception&) {
            // No file, or one we cannot parse: the defaults stand (`zccache config` shows them).
        }
    });
    return values;
}
}  // namespace

std::span<const ConfigKey> config_keys() {
    return kKeys;
}

std::string config_file_path() {
    return cache_root() + "/config.toml";
}

ConfigValue config_value(std::string_view name) {
    for (const ConfigKey& key : kKeys) {
        if (key.name != name) continue;
        if (auto value = process_env(key.env); value && !value->empty()) {
            return {std::string(*value), ValueOrigin::kEnvironment};
        }
        if (key.in_file) {
            auto it = file_values().find(std::string(key.name));
            if (it != file_values().end()) return {it->second, ValueOrigin::kConfigFile};
        }
        return {std::string(key.default_value), ValueOrigin::kDefault};
    }
    return {std::string(), ValueOrigin::kDefault};
}

uint64_t idle_timeout_secs() {
    std::string value = config_value("idle_timeout_secs").value;
    uint64_t secs = 3600;
    std::from_chars(value.data(), value.data() + value.size(), secs);
    return secs;
}

std::optional<uint64_t> parse_size(std::string_view text) {
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end == text.data()) return std::nullopt;
    std::string_view suffix(end, static_cast<size_t>(text.data() + text.size() - end));
    if (suffix.empty() || suffix == "B") return value;
    constexpr std::string_view kUnits = "KMGT";
    size_t unit = kUnits.find(static_cast<char>(std::toupper(static_cast<unsigned char>(suffix[0]))));
    if (unit == std::string_view::npos) return std::nullopt;
    suffix.remove_prefix(1);
    if (!suffix.empty() && suffix != "B" && suffix != "iB" && suffix != "b") return std::nullopt;
    return value << (10 * (unit + 1));
}

uint64_t cache_size_limit(const std::string& root) {
    constexpr uint64_t kDefault = uint64_t{10} << 30;
    ConfigValue bytes = config_value("cache_size_bytes");
    if (bytes.origin != ValueOrigin::kDefault) return parse_size(bytes.value).value_or(kDefault);
    std::string percent = config_value("cache_size_percent").value;
    if (!percent.empty()) {
        double share = std::atof(percent.c_str());
        struct statvfs fs;
        if (share > 0 && share <= 100 && ::statvfs(root.c_str(), &fs) == 0) {
            return static_cast<uint64_t>(static_cast<double>(fs.f_blocks) * fs.f_frsize * share / 100.0);
        }
    }
    return kDefault;
}

}  // namespace zc::common

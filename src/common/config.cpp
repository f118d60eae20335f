#include "common/config.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>

#include <array>
#include <charconv>

#include "common/env.h"

namespace zc::common {

namespace {
constexpr std::array kKeys = {
    ConfigKey{"cache_dir", "ZCCACHE_CACHE_DIR", "~/.zccache", "cache root: artifacts, index, logs"},
    ConfigKey{"endpoint", "ZCCACHE_ENDPOINT", "", "daemon socket path (default derived, see docs)"},
    ConfigKey{"idle_timeout_secs", "ZCCACHE_IDLE_TIMEOUT_SECS", "3600",
              "daemon exits after this long without requests; 0 = never"},
    ConfigKey{"cache_size_bytes", "ZCCACHE_CACHE_SIZE_BYTES", "10G",
              "size limit of the cache (K/M/G suffixes); least recently used entries go first"},
    ConfigKey{"cache_size_percent", "ZCCACHE_CACHE_SIZE_PERCENT", "",
              "size limit as a percentage of the cache's filesystem (when no byte limit is set)"},
    ConfigKey{"delivery", "ZCCACHE_DELIVERY", "auto", "auto|reflink|hardlink|copy"},
    ConfigKey{"require_daemon", "ZCCACHE_REQUIRE_DAEMON", "0",
              "1 = exit 125 instead of compiling without the daemon"},
    ConfigKey{"disable", "ZCCACHE_DISABLE", "0", "1 = run the compiler directly, no cache"},
};
}  // namespace

std::span<const ConfigKey> config_keys() { return kKeys; }

ConfigValue config_value(std::string_view name) {
    for (const ConfigKey& key : kKeys) {
        if (key.name != name) continue;
        if (auto value = process_env(key.env); value && !value->empty()) {
            return {std::string(*value), ValueOrigin::kEnvironment};
        }
        return {std::string(key.default_value), ValueOrigin::kDefault};
    }
    return {std::string(), ValueOrigin::kDefault};
}

namespace {
// ZCCACHE_CACHE_DIR as given, made absolute against the cwd when relative.
std::optional<std::string> cache_dir_setting() {
    auto dir = process_env("ZCCACHE_CACHE_DIR");
    if (!dir || dir->empty()) return std::nullopt;
    if ((*dir)[0] == '/') return std::string(*dir);
    char cwd[4096];
    return std::string(::getcwd(cwd, sizeof cwd) ? cwd : ".") + "/" + std::string(*dir);
}
}  // namespace

std::string cache_root() {
    if (auto dir = cache_dir_setting()) return *dir;
    auto home = process_env("HOME");
    return std::string(home && !home->empty() ? *home : std::string_view("/tmp")) + "/.zccache";
}

std::string endpoint_path() {
    std::string version = std::to_string(kProtocolVersion);
    if (auto endpoint = process_env("ZCCACHE_ENDPOINT"); endpoint && !endpoint->empty()) {
        return std::string(*endpoint);
    }
    if (auto dir = cache_dir_setting()) return *dir + "/daemon-v" + version + ".sock";
    if (auto runtime = process_env("XDG_RUNTIME_DIR"); runtime && !runtime->empty()) {
        return std::string(*runtime) + "/zccache/sock-v" + version;
    }
    return "/tmp/zccache-" + std::to_string(::getuid()) + "/sock-v" + version;
}

uint64_t idle_timeout_secs() {
    std::string value = config_value("idle_timeout_secs").value;
    uint64_t secs = 3600;
    std::from_chars(value.data(), value.data() + value.size(), secs);
    return secs;
}

}  // namespace zc::common

namespace zc::common {

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
    if (auto bytes = process_env("ZCCACHE_CACHE_SIZE_BYTES"); bytes && !bytes->empty()) {
        return parse_size(*bytes).value_or(kDefault);
    }
    if (auto percent = process_env("ZCCACHE_CACHE_SIZE_PERCENT"); percent && !percent->empty()) {
        double share = std::atof(std::string(*percent).c_str());
        struct statvfs fs;
        if (share > 0 && share <= 100 && ::statvfs(root.c_str(), &fs) == 0) {
            return static_cast<uint64_t>(static_cast<double>(fs.f_blocks) * fs.f_frsize * share / 100.0);
        }
    }
    return kDefault;
}

}  // namespace zc::common

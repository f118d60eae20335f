#include "common/config.h"

#include <unistd.h>

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

std::string cache_root() {
    if (auto dir = process_env("ZCCACHE_CACHE_DIR"); dir && !dir->empty()) return std::string(*dir);
    auto home = process_env("HOME");
    return std::string(home && !home->empty() ? *home : std::string_view("/tmp")) + "/.zccache";
}

std::string endpoint_path() {
    std::string version = std::to_string(kProtocolVersion);
    if (auto endpoint = process_env("ZCCACHE_ENDPOINT"); endpoint && !endpoint->empty()) {
        return std::string(*endpoint);
    }
    if (auto dir = process_env("ZCCACHE_CACHE_DIR"); dir && !dir->empty()) {
        return std::string(*dir) + "/daemon-v" + version + ".sock";
    }
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

#pragma once
// The one table of settings: each key, its ZCCACHE_* variable, its default and what it does.
// Values are read from the process environment; nothing here allocates at start-up.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace zc::common {

// Bumped whenever the wire format changes; part of the endpoint's file name.
inline constexpr int kProtocolVersion = 1;

struct ConfigKey {
    std::string_view name;
    std::string_view env;
    std::string_view default_value;
    std::string_view description;
};

std::span<const ConfigKey> config_keys();

enum class ValueOrigin { kDefault, kEnvironment };

struct ConfigValue {
    std::string value;
    ValueOrigin origin;
};

// The value of a key by name, from the environment or its default.
ConfigValue config_value(std::string_view name);

// Cache root: ZCCACHE_CACHE_DIR, else $HOME/.zccache.
std::string cache_root();
// Socket path: ZCCACHE_ENDPOINT, else <cache dir>/daemon-v<N>.sock when ZCCACHE_CACHE_DIR is set,
// else $XDG_RUNTIME_DIR/zccache/sock-v<N>, else /tmp/zccache-<uid>/sock-v<N>.
std::string endpoint_path();
uint64_t idle_timeout_secs();

// "1234", "64K", "512M", "10G" (powers of 1024); nullopt when malformed.
std::optional<uint64_t> parse_size(std::string_view text);
// The cache size limit: ZCCACHE_CACHE_SIZE_BYTES, else ZCCACHE_CACHE_SIZE_PERCENT of the
// filesystem holding `root`, else 10 GiB.
uint64_t cache_size_limit(const std::string& root);

}  // namespace zc::common

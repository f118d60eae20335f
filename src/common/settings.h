#pragma once
// The one table of settings: each key, its ZCCACHE_* variable, its default, what it does, and
// whether <cache root>/config.toml may set it. The environment wins over the file. The client
// never reads this (its few variables are in config.h): only the daemon and the CLI do.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace zc::common {

struct ConfigKey {
    std::string_view name;  // also the key in config.toml
    std::string_view env;
    std::string_view default_value;
    std::string_view description;
    bool in_file;  // false: read by the client on every compile, so environment only
};

std::span<const ConfigKey> config_keys();

enum class ValueOrigin { kDefault, kConfigFile, kEnvironment };

struct ConfigValue {
    std::string value;
    ValueOrigin origin;
};

// The value of a key: environment, else config.toml under the cache root, else the default.
ConfigValue config_value(std::string_view name);
std::string config_file_path();

uint64_t idle_timeout_secs();
// "1234", "64K", "512M", "10G" (powers of 1024); nullopt when malformed.
std::optional<uint64_t> parse_size(std::string_view text);
// cache_size_bytes, else cache_size_percent of the filesystem holding `root`, else 10 GiB.
uint64_t cache_size_limit(const std::string& root);

}  // namespace zc::common

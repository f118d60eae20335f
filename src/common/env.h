#pragma once
// Environment helpers that work on an explicit "KEY=VALUE" list (a request's env) or the process's.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zc::common {

using EnvList = std::vector<std::string>;

// Value of `key` in a list of "KEY=VALUE" strings, if present.
std::optional<std::string_view> env_lookup(std::span<const std::string> env, std::string_view key);

// Value of `key` in this process's environment (no allocation).
std::optional<std::string_view> process_env(std::string_view key);

// "1", "true", "yes", "on" (any case) are true.
bool env_truthy(std::optional<std::string_view> value);

}  // namespace zc::common

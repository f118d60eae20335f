#include "common/env.h"

#include <strings.h>
#include <unistd.h>  // environ

#include <cstdlib>

namespace zc::common {

namespace {
std::optional<std::string_view> value_if_key(std::string_view entry, std::string_view key) {
    if (entry.size() > key.size() && entry[key.size()] == '=' && entry.starts_with(key)) {
        return entry.substr(key.size() + 1);
    }
    return std::nullopt;
}
}  // namespace

std::optional<std::string_view> env_lookup(std::span<const std::string> env, std::string_view key) {
    for (const std::string& entry : env) {
        if (auto value = value_if_key(entry, key)) return value;
    }
    return std::nullopt;
}

std::optional<std::string_view> process_env(std::string_view key) {
    for (char** e = environ; e && *e; ++e) {
        if (auto value = value_if_key(*e, key)) return value;
    }
    return std::nullopt;
}

bool env_truthy(std::optional<std::string_view> value) {
    if (!value) return false;
    for (const char* yes : {"1", "true", "yes", "on"}) {
        if (value->size() == std::char_traits<char>::length(yes) &&
            strncasecmp(value->data(), yes, value->size()) == 0) {
            return true;
        }
    }
    return false;
}

}  // namespace zc::common

#pragma once
// Where the cache and the daemon live: what the client needs, from the environment only
// (settings with a config file are in common/settings.h, kept off the client's path).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zc::common {

// Bumped whenever the wire format changes; part of the endpoint's file name.
inline constexpr int kProtocolVersion = 1;

// Cache root: ZCCACHE_CACHE_DIR, else $HOME/.zccache.
std::string cache_root();
// Socket path: ZCCACHE_ENDPOINT, else <cache dir>/daemon-v<N>.sock when ZCCACHE_CACHE_DIR is set,
// else $XDG_RUNTIME_DIR/zccache/sock-v<N>, else /tmp/zccache-<uid>/sock-v<N>.
std::string endpoint_path();

}  // namespace zc::common

#pragma once
// The daemon's end: a Unix socket at the endpoint that only this user can connect to.

#include <string>

namespace zc::ipc {

// The listening fd, or -1 with `error` set. A stale socket file there is replaced: the caller
// holds the endpoint's lifetime lock, so no live daemon owns it.
int listen_on(const std::string& endpoint, std::string& error);

}  // namespace zc::ipc

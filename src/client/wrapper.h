#pragma once
// Wrapper mode: one CompileEphemeral request to the daemon, one reply, replayed to the caller.

#include <string>
#include <vector>

namespace zc::client {

// argv[0] is the compiler as the user named it. Returns the exit code (or execs the compiler).
int run_compile(const std::vector<std::string>& argv, bool masquerade);

}  // namespace zc::client

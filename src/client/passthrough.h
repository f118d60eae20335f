#pragma once
// Running the real compiler in the client's own process, for everything the daemon does not take.

#include <string>
#include <vector>

namespace zc::client {

// PATH lookup of `name` that skips zccache itself (so masquerade symlinks do not loop).
// A name with a slash is returned as is. Empty when nothing is found.
std::string find_real_compiler(const std::string& name);

// execv()s `compiler` with `argv` (argv[0] replaced by `compiler`). Returns only on failure,
// after printing one line; the return value is the exit code to use.
int exec_compiler(const std::string& compiler, const std::vector<std::string>& argv);

// Resolves argv[0] and execs it; exit code 2 with a message when it does not exist.
int exec_resolved(const std::vector<std::string>& argv);

}  // namespace zc::client

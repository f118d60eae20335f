#pragma once
// Runs a compiler as a child of the daemon with the client's cwd and environment, collecting
// its output. If the client goes away meanwhile, the child's whole process group is killed.

#include <sys/types.h>

#include <string>
#include <vector>

#include "daemon/client_link.h"

namespace zc::daemon {

struct RunResult {
    bool started = false;
    bool client_gone = false;
    int exit_code = 0;
    std::string stdout_data;
    std::string stderr_data;
};

// `nice_increment` is added to the daemon's niceness for the compiler's whole process group;
// `umask_bits` is the client's, so that what the compiler writes gets the modes it would bare.
RunResult run_compiler(const std::string& path, const std::vector<std::string>& argv,
                       const std::vector<std::string>& env, const std::string& cwd, ClientLink& client,
                       int nice_increment, mode_t umask_bits);

}  // namespace zc::daemon

#include "daemon/tool_identity.h"

#include "common/env.h"
#include "common/paths.h"
#include "daemon/compiler_runner.h"

namespace zc::daemon {

std::string tool_memo_key(const std::string& real_path, const common::Hash128& hash, std::span<const std::string> env,
                          const std::string& cwd) {
    std::string key = real_path + "\n" + hash.hex() + "\n";
    if (common::base_name(real_path) == "rustup") {
        key += std::string(common::env_lookup(env, "RUSTUP_TOOLCHAIN").value_or("")) + "\n" + cwd + "\n";
    }
    return key;
}

std::vector<std::string> driver_query_env(std::span<const std::string> env, std::span<const std::string_view> names,
                                          std::string& memo) {
    std::vector<std::string> out{"LC_ALL=C",
                                 "PATH=" + std::string(common::env_lookup(env, "PATH").value_or("/usr/bin:/bin"))};
    memo += "\n" + out.back();
    for (std::string_view name : names) {
        if (auto value = common::env_lookup(env, name)) {
            out.push_back(std::string(name) + "=" + std::string(*value));
            memo += "\n" + out.back();
        }
    }
    return out;
}

std::string ToolIdentities::describe(const std::string& tool_key, const std::vector<std::string>& argv,
                                     const std::vector<std::string>& env, const std::string& cwd, ClientLink& client) {
    std::string memo_key = tool_key;
    for (size_t i = 1; i < argv.size(); ++i) {
        memo_key += '\0';
        memo_key += argv[i];
    }
    {
        std::lock_guard lock(mutex_);
        if (auto it = known_.find(memo_key); it != known_.end()) return it->second;
    }
    // Two first requests may both ask; the answers are the same.
    RunResult run = run_compiler(argv.front(), argv, env, cwd, client, /*nice_increment=*/0,
                                 /*umask_bits=*/077);  // it writes nothing of the user's
    if (!run.started || run.client_gone || run.exit_code != 0) return {};
    std::string answer = run.stdout_data + run.stderr_data;
    std::lock_guard lock(mutex_);
    known_.emplace(memo_key, answer);
    return answer;
}

}  // namespace zc::daemon

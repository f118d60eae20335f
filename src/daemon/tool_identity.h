#pragma once
// What a tool says of itself (`clang-tidy --version`, `emcc -v`), asked once per binary content:
// such tools load LLVM's shared libraries or run Python code, so their binary's bytes alone do
// not say which toolchain answers.

#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/hash.h"
#include "daemon/client_link.h"

namespace zc::daemon {

// What must change for a tool's answer to change: its binary's path and content, and for
// rustup's proxy (one binary that runs whichever toolchain RUSTUP_TOOLCHAIN or a
// rust-toolchain file above the cwd picks) also those.
std::string tool_memo_key(const std::string& real_path, const common::Hash128& hash, std::span<const std::string> env,
                          const std::string& cwd);

// The environment for asking a compiler driver about itself (`-E -v`, `-print-prog-name=`):
// messages in English, as callers parse them; the request's PATH; and those of `names` the
// request sets. PATH and each of those values are appended to `memo`, so that an answer is kept
// per value.
std::vector<std::string> driver_query_env(std::span<const std::string> env, std::span<const std::string_view> names,
                                          std::string& memo);

class ToolIdentities {
  public:
    // The output of `argv` (stdout, then stderr), memoised under `tool_key` (which must change
    // when the tool does, see tool_memo_key) and the arguments; empty when it did not run or
    // failed. A client that goes away stops the run, and nothing is kept.
    std::string describe(const std::string& tool_key, const std::vector<std::string>& argv,
                         const std::vector<std::string>& env, const std::string& cwd,
                         ClientLink& client = ClientLink::none());

  private:
    std::mutex mutex_;
    std::unordered_map<std::string, std::string> known_;
};

}  // namespace zc::daemon

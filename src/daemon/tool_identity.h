#pragma once
// What a tool says of itself (`clang-tidy --version`, `emcc -v`), asked once per binary content:
// such tools load LLVM's shared libraries or run Python code, so their binary's bytes alone do
// not say which toolchain answers.

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace zc::daemon {

class ToolIdentities {
public:
    // The output of `argv` (stdout, then stderr), memoised under `memo_key` (which must change
    // when the tool does); empty when it did not run or failed.
    std::string describe(const std::string& memo_key, const std::vector<std::string>& argv,
                         const std::vector<std::string>& env, const std::string& cwd);

private:
    std::mutex mutex_;
    std::unordered_map<std::string, std::string> known_;
};

}  // namespace zc::daemon

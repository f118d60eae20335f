#pragma once
// `zccache explain <output>`: why the last compile of an output hit, missed or was not cached.
// The daemon keeps, per output path, what went into the last compile's key and what it found;
// a miss is explained against the compile before it.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "reasons/worktree.h"

namespace zc::daemon {

// What entered a compile's context key, in a form that can be compared and shown.
struct KeyInputs {
    std::string compiler;
    std::string compiler_hash;
    std::vector<std::string> args;
    std::map<std::string, std::string> env;  // the keyed variables that were set
    std::string cwd;
    std::string source;
    std::string source_hash;
};

struct CompileRecord {
    std::string outcome;
    std::string reason;                       // miss or uncacheable reason
    KeyInputs inputs;                         // empty compiler when the compile never got that far
    std::vector<std::string> changed_inputs;  // for input_fingerprint_mismatch: what differs
    reasons::Worktree worktree = reasons::Worktree::kNotAsked;
    bool worktree_hit = false;  // served from an entry another worktree stored
};

class ExplainLog {
  public:
    // Records the compile of `output` and returns the explanation lines for it.
    void record(const std::string& output, CompileRecord record);
    // Lines that say why the last compile of `output` did what it did; nullopt if none is known.
    std::optional<std::vector<std::string>> explain(const std::string& output);

  private:
    struct History {
        CompileRecord last;
        std::optional<CompileRecord> previous;
    };
    static constexpr size_t kMaxOutputs = 200'000;
    std::mutex mutex_;
    std::unordered_map<std::string, History> by_output_;
};

// What differs between two compiles' key inputs, one line per difference.
std::vector<std::string> key_differences(const KeyInputs& before, const KeyInputs& now);

}  // namespace zc::daemon

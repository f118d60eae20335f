#include "reasons/worktree.h"

namespace zc::reasons {

namespace {
struct WorktreeInfo {
    std::string_view name;
    Reason counter;
};

WorktreeInfo info(Worktree gate) {
    switch (gate) {
        case Worktree::kNotAsked:
        case Worktree::kShared:
            return {"", Reason::kNone};
        case Worktree::kGitRootUnavailable:
            return {"git_root_unavailable", Reason::kWorktreeGitRootUnavailable};
        case Worktree::kPathOutsideRoot:
            return {"path_outside_root", Reason::kWorktreePathOutsideRoot};
        case Worktree::kPathSensitiveArg:
            return {"path_sensitive_arg", Reason::kPathSensitiveArg};
        case Worktree::kContentHashMismatch:
            return {"content_hash_mismatch", Reason::kWorktreeContentHashMismatch};
        case Worktree::kToolchainMismatch:
            return {"toolchain_mismatch", Reason::kWorktreeToolchainMismatch};
        case Worktree::kUnsupportedLanguage:
            return {"unsupported_language", Reason::kWorktreeUnsupportedLanguage};
    }
    return {"", Reason::kNone};
}
}  // namespace

std::string_view worktree_reason_name(Worktree gate) {
    return info(gate).name;
}

Reason worktree_counter(Worktree gate) {
    return info(gate).counter;
}

}  // namespace zc::reasons

#pragma once
// Worktree sharing (ZCCACHE_PATH_REMAP=auto): whether a compile's result is shared with sibling
// checkouts of the project and, when it is not, why, under the Rust zccache's reason names
// (journal, session log, `explain`) and the counter `status` keeps for each.

#include <cstdint>
#include <string_view>

#include "reasons/reason.h"

namespace zc::reasons {

enum class Worktree : uint8_t {
    kNotAsked,             // no ZCCACHE_PATH_REMAP=auto
    kShared,               // keyed relative to the root: sibling checkouts share it
    kGitRootUnavailable,   // no git root and no ZCCACHE_WORKTREE_ROOT
    kPathOutsideRoot,      // the source is outside the root: keyed by its own path
    kPathSensitiveArg,     // an argument embeds this checkout's path
    kContentHashMismatch,  // another worktree's entry, but the files here differ from its inputs
    kToolchainMismatch,    // another worktree compiled the same thing with another toolchain
    kUnsupportedLanguage,  // a tool whose paths are not remapped
};

// The reference's name ("git_root_unavailable", …); empty for kNotAsked and kShared.
std::string_view worktree_reason_name(Worktree gate);
// The counter of a reason why a compile was not shared; kNone for kNotAsked and kShared.
Reason worktree_counter(Worktree gate);

}  // namespace zc::reasons

#include "daemon/worktree_toolchains.h"

namespace zc::daemon {

void WorktreeToolchains::note(const common::Hash128& toolless_key, const common::Hash128& toolchain,
                              const std::string& origin) {
    std::lock_guard lock(mutex_);
    // Only a hint for a reason's name: forgetting everything at once keeps it bounded and cheap.
    if (stored_.size() >= capacity_ && !stored_.contains(toolless_key)) stored_.clear();
    stored_[toolless_key] = Stored{toolchain, origin};
}

bool WorktreeToolchains::mismatch(const common::Hash128& toolless_key, const common::Hash128& toolchain,
                                  const std::string& origin) const {
    std::lock_guard lock(mutex_);
    auto it = stored_.find(toolless_key);
    return it != stored_.end() && it->second.toolchain != toolchain && it->second.origin != origin;
}

}  // namespace zc::daemon

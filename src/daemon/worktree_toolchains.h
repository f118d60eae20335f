#pragma once
// With worktree sharing, which toolchain in which checkout last stored each compile keyed
// without its toolchain: so that a worktree's miss can say that a sibling compiled the same
// thing with another toolchain (`toolchain_mismatch`) rather than that nothing was cached. In
// memory and bounded: after a restart, or once full, such a miss reads as a plain miss.

#include <mutex>
#include <string>
#include <unordered_map>

#include "common/hash.h"

namespace zc::daemon {

class WorktreeToolchains {
  public:
    explicit WorktreeToolchains(size_t capacity = 65536) : capacity_(capacity) {}

    void note(const common::Hash128& toolless_key, const common::Hash128& toolchain, const std::string& origin);
    // True when another checkout stored this compile with another toolchain.
    bool mismatch(const common::Hash128& toolless_key, const common::Hash128& toolchain,
                  const std::string& origin) const;

  private:
    struct Stored {
        common::Hash128 toolchain;
        std::string origin;
    };
    size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<common::Hash128, Stored, common::Hash128Hasher> stored_;
};

}  // namespace zc::daemon

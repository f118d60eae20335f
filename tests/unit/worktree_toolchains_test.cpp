#include "daemon/worktree_toolchains.h"

#include <gtest/gtest.h>

namespace zc::daemon {
namespace {

common::Hash128 h(const char* text) {
    return common::hash_bytes(text);
}

TEST(WorktreeToolchains, OnlyAnotherCheckoutWithAnotherToolchainIsAMismatch) {
    WorktreeToolchains seen;
    EXPECT_FALSE(seen.mismatch(h("key"), h("gcc-12"), "wt2")) << "nothing stored yet";
    seen.note(h("key"), h("gcc-12"), "wt1");
    EXPECT_TRUE(seen.mismatch(h("key"), h("gcc-13"), "wt2"));
    EXPECT_FALSE(seen.mismatch(h("key"), h("gcc-12"), "wt2")) << "the same toolchain: not the cause";
    EXPECT_FALSE(seen.mismatch(h("key"), h("gcc-13"), "wt1")) << "an upgrade in one checkout is no sibling's";
    EXPECT_FALSE(seen.mismatch(h("other"), h("gcc-13"), "wt2"));
}

TEST(WorktreeToolchains, StaysBounded) {
    WorktreeToolchains seen(/*capacity=*/2);
    seen.note(h("a"), h("gcc-12"), "wt1");
    seen.note(h("b"), h("gcc-12"), "wt1");
    seen.note(h("c"), h("gcc-12"), "wt1");  // full: forgets what it had
    EXPECT_FALSE(seen.mismatch(h("a"), h("gcc-13"), "wt2"));
    EXPECT_TRUE(seen.mismatch(h("c"), h("gcc-13"), "wt2"));
}

}  // namespace
}  // namespace zc::daemon

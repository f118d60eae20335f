#include "cache/path_remap.h"

#include <gtest/gtest.h>

namespace zc::cache {
namespace {

TEST(PathRemap, ReplacesWholePathComponentsOnlyAndRoundTrips) {
    PathRemap remap;
    remap.add_root("/w/wt1", "@R@");
    EXPECT_EQ(remap.to_portable("-I/w/wt1/include /w/wt10/x /w/wt1:3: /w/wt1"), "-I@R@/include /w/wt10/x @R@:3: @R@");
    EXPECT_EQ(remap.to_local("@R@/src/a.c"), "/w/wt1/src/a.c");
    PathRemap other;
    other.add_root("/elsewhere/clone", "@R@");
    EXPECT_EQ(other.to_local(remap.to_portable("/w/wt1/src/a.c")), "/elsewhere/clone/src/a.c");
}

TEST(PathRemap, LongerRootsWinAndGetTheLastPrefixMap) {
    PathRemap remap;
    remap.add_root("/w", "@R@");
    remap.add_root("/w/build", "@B@");
    EXPECT_EQ(remap.to_portable("/w/build/gen.h /w/src/a.c"), "@B@/gen.h @R@/src/a.c");
    EXPECT_EQ(prefix_map_flags(remap, {"-c", "a.c"}),
              (std::vector<std::string>{"-ffile-prefix-map=/w=.", "-ffile-prefix-map=/w/build=."}));
    EXPECT_EQ(prefix_map_flags(remap, {"-ffile-prefix-map=/w=/src"}),
              (std::vector<std::string>{"-ffile-prefix-map=/w/build=."}));
    // A map for one kind of path only does not replace ours.
    for (const char* kind : {"debug", "macro", "coverage", "profile"}) {
        EXPECT_EQ(prefix_map_flags(remap, {std::string("-f") + kind + "-prefix-map=/w=/src"}).size(), 2u) << kind;
    }
}

TEST(PathRemap, OnlyWhenAskedFor) {
    std::vector<std::string> env = {"ZCCACHE_WORKTREE_ROOT=/w/proj"};
    EXPECT_FALSE(remap_for(env, "/w/proj/build").active());
    env.push_back("ZCCACHE_PATH_REMAP=auto");
    PathRemap inside = remap_for(env, "/w/proj/build");
    ASSERT_EQ(inside.roots().size(), 1u);
    EXPECT_EQ(inside.roots()[0].path, "/w/proj");
    EXPECT_EQ(remap_for(env, "/tmp/out-of-tree").roots().size(), 2u);
}

TEST(PathRemap, EachCheckoutHasItsOwnOriginAndCoversOnlyItsRoots) {
    std::vector<std::string> env = {"ZCCACHE_PATH_REMAP=auto", "ZCCACHE_WORKTREE_ROOT=/w/wt1"};
    PathRemap wt1 = remap_for(env, "/w/wt1/build");
    env[1] = "ZCCACHE_WORKTREE_ROOT=/w/wt2";
    PathRemap wt2 = remap_for(env, "/w/wt2/build");
    EXPECT_FALSE(wt1.origin().empty());
    EXPECT_NE(wt1.origin(), wt2.origin());
    std::vector<std::string> again = {"ZCCACHE_PATH_REMAP=auto", "ZCCACHE_WORKTREE_ROOT=/w/wt1"};
    EXPECT_EQ(wt1.origin(), remap_for(again, "/w/wt1").origin());
    EXPECT_TRUE(PathRemap().origin().empty());
    EXPECT_TRUE(wt1.covers("/w/wt1/src/a.c"));
    EXPECT_FALSE(wt1.covers("/w/wt10/src/a.c"));
    EXPECT_FALSE(wt1.covers("/usr/include/stdio.h"));
    EXPECT_TRUE(remap_requested(env));
    std::vector<std::string> off = {"ZCCACHE_PATH_REMAP=off"};
    EXPECT_FALSE(remap_requested(off));
}

}  // namespace
}  // namespace zc::cache

#include "cache/negative_deps.h"

#include <gtest/gtest.h>

#include <set>

using zc::cache::shadowing_candidates;
using Paths = std::vector<std::string>;

TEST(NegativeDeps, EarlierDirectoriesMustStayWithoutTheHeader) {
    std::set<std::string> existing{"/p/src", "/p/src/sub", "/p/a", "/p/a/sub", "/p/b"};
    auto exists = [&](const std::string& p) { return existing.contains(p); };
    Paths dirs{"/p/src", "/p/a", "/p/b"};
    Paths deps{"/p/src/main.c", "/p/b/sub/x.h", "/usr/include/stdio.h"};
    EXPECT_EQ(shadowing_candidates(dirs, deps, exists), (Paths{"/p/src/sub/x.h", "/p/a/sub/x.h"}));
}

TEST(NegativeDeps, CandidatesThatExistAreNotRecorded) {
    std::set<std::string> existing{"/p/a", "/p/a/x.h"};
    auto exists = [&](const std::string& p) { return existing.contains(p); };
    EXPECT_EQ(shadowing_candidates({"/p/a", "/p/b"}, {"/p/b/x.h"}, exists), Paths{});
}

TEST(NegativeDeps, PrefixMustEndAtASlash) {
    std::set<std::string> existing{"/p/a"};
    auto exists = [&](const std::string& p) { return existing.contains(p); };
    EXPECT_EQ(shadowing_candidates({"/p/a", "/p/ab"}, {"/p/ab/x.h"}, exists), (Paths{"/p/a/x.h"}));
}

TEST(NegativeDeps, AMissingDirectoryStandsForEverythingUnderIt) {
    // One missing search directory and one missing subdirectory: one path each, for any header.
    std::set<std::string> existing{"/inc"};
    auto exists = [&](const std::string& p) { return existing.contains(p); };
    Paths deps{"/usr/include/bits/a.h", "/usr/include/bits/b.h", "/usr/include/stdio.h"};
    EXPECT_EQ(shadowing_candidates({"/gone", "/inc", "/usr/include"}, deps, exists),
              (Paths{"/gone", "/inc/bits", "/inc/stdio.h"}));
}

TEST(NegativeDeps, NestedDirectoriesCoverEveryReading) {
    std::set<std::string> existing{"/w", "/w/early", "/w/late"};
    auto exists = [&](const std::string& p) { return existing.contains(p); };
    // /w/late/config.h may be "late/config.h" from /w or "config.h" from /w/late.
    EXPECT_EQ(shadowing_candidates({"/w", "/w/early", "/w/late"}, {"/w/late/config.h"}, exists),
              (Paths{"/w/config.h", "/w/early/config.h"}));
}

TEST(NegativeDeps, AQuotedIncludeLooksBesideItsIncluderFirst) {
    std::set<std::string> existing{"/p/src", "/p/inc", "/p/inc/sub", "/p/foo", "/p/foo/y.h", "/p/inc/sub/z.h"};
    auto exists = [&](const std::string& p) { return existing.contains(p); };
    Paths dirs{"/p/src", "/p/inc", "/p/foo"};
    std::vector<zc::cache::IncludeEdge> edges{
        {"/p/src", "/p/inc/sub/x.h"},     // from the source: its directory is first already
        {"/p/inc/sub", "/p/foo/y.h"},     // x.h includes "y.h", found through -I/p/foo
        {"/p/inc/sub", "/p/inc/sub/z.h"}  // beside x.h; or "sub/z.h" through -I/p/inc
    };
    EXPECT_EQ(zc::cache::includer_candidates(dirs, edges, exists), (Paths{"/p/inc/sub/y.h", "/p/inc/sub/sub"}));
}

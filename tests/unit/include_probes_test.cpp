#include "meta/include_probes.h"

#include <gtest/gtest.h>

#include <set>

#include "cache/negative_deps.h"

namespace zc::meta {
namespace {

TEST(IncludeProbes, LiteralProbesInBothForms) {
    IncludeProbes p = scan_include_probes(
        "#if defined(__has_include) && __has_include(<version>)\n"
        "#elif __has_include_next ( \"linux/stat.h\" )\n"
        "#ifdef __has_include\n"                         // not a probe
        "/* __has_include argument (GCC PR 80005) */\n"  // prose
        "// resolve operator __has_include()\n"          // prose
        "#define USE_TBB __has_include(<tbb/tbb.h>)\n");
    EXPECT_EQ(p.literal, (std::vector<IncludeProbe>{{"version", true}, {"linux/stat.h", false}, {"tbb/tbb.h", true}}));
    EXPECT_FALSE(p.unresolved);
}

TEST(IncludeProbes, WrapperMacrosAndTheirCalls) {
    IncludeProbes def = scan_include_probes("#  define FMT_HAS_INCLUDE(x) __has_include(x)\n");
    EXPECT_EQ(def.wrappers, std::vector<std::string>{"FMT_HAS_INCLUDE"});
    EXPECT_FALSE(def.unresolved);
    IncludeProbes cont = scan_include_probes("#define HAS(h) \\\n   __has_include(h)\n");
    EXPECT_EQ(cont.wrappers, std::vector<std::string>{"HAS"});
    IncludeProbes use = scan_include_probes(
        "#if FMT_HAS_INCLUDE(<string_view>) && FMT_HAS_INCLUDE( \"winapifamily.h\" )\n"
        "printf(\"%d\\n\"); foo(\"x.h\"); _(\"a b\"); EXPECT_EQ(\"a\", b);\n");
    ASSERT_EQ(use.calls.size(), 2u);
    EXPECT_EQ(use.calls[0], (std::pair<std::string, IncludeProbe>{"FMT_HAS_INCLUDE", {"string_view", true}}));
    EXPECT_EQ(use.calls[1], (std::pair<std::string, IncludeProbe>{"FMT_HAS_INCLUDE", {"winapifamily.h", false}}));
}

TEST(IncludeProbes, FormsWeCannotReadAreSaidSo) {
    EXPECT_TRUE(scan_include_probes("#if __has_include(HEADER)\n").unresolved);
    EXPECT_TRUE(scan_include_probes("#define has_inc(x) __has_include(x)\n").unresolved);  // calls not found
    EXPECT_TRUE(scan_include_probes("#define H(x, y) __has_include(x)\n").unresolved);
    EXPECT_TRUE(scan_include_probes("").empty());
}

TEST(IncludeProbes, CandidatesOverEveryPlaceTheCompilerLooks) {
    std::set<std::string> existing{"/src", "/inc", "/inc/v.h", "/usr/include"};
    auto exists = [&](const std::string& p) { return existing.contains(p); };
    auto got = cache::probe_candidates({"/gone", "/inc", "/usr/include"},
                                       {{"/src", "v.h", false}, {"/src", "sys/x.h", true}}, exists);
    EXPECT_EQ(got.present, std::vector<std::string>{"/inc/v.h"});
    EXPECT_EQ(got.absent,
              (std::vector<std::string>{"/src/v.h", "/gone", "/usr/include/v.h", "/inc/sys", "/usr/include/sys"}));
}

}  // namespace
}  // namespace zc::meta

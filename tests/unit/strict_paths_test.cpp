#include "compiler/strict_paths.h"

#include <gtest/gtest.h>

namespace zc::compiler {
namespace {

using Args = std::vector<std::string>;

TEST(StrictPaths, ParsesModes) {
    EXPECT_EQ(parse_strict_paths("1"), StrictPaths::kAbsolute);
    EXPECT_EQ(parse_strict_paths("absolute"), StrictPaths::kAbsolute);
    EXPECT_EQ(parse_strict_paths("consistent"), StrictPaths::kConsistent);
    EXPECT_EQ(parse_strict_paths("off"), StrictPaths::kOff);
    EXPECT_EQ(parse_strict_paths("0"), StrictPaths::kOff);
    EXPECT_EQ(parse_strict_paths("strict"), std::nullopt);
}

TEST(StrictPaths, ConsistentRejectsMixedSeparators) {
    auto check = [](const Args& a) { return strict_path_violation(a, StrictPaths::kConsistent, false); };
    EXPECT_EQ(check({"-Iinc", "-I", "../lib/inc", "-c", "a.c"}), "");
    EXPECT_NE(check({"-Iinc/sub\\x", "-c", "a.c"}), "");
    std::string across = check({"-Ia/b", "-isystem", "c\\d", "-c", "a.c"});
    EXPECT_NE(across.find("-Ia/b"), std::string::npos);
    EXPECT_NE(across.find("-isystem c\\d"), std::string::npos);
    // Only the checked flags count: a define with a backslash is not a path.
    EXPECT_EQ(check({"-Ia/b", "-DX=a\\b", "-c", "a.c"}), "");
}

TEST(StrictPaths, AbsoluteRequiresCleanAbsolutePaths) {
    auto check = [](const Args& a) { return strict_path_violation(a, StrictPaths::kAbsolute, false); };
    EXPECT_EQ(check({"-I/w/inc", "-include", "/w/pre.h", "-iquote/w/q", "-F/fw", "-c", "a.c"}), "");
    EXPECT_NE(check({"-Iinc", "-c", "a.c"}).find("-Iinc"), std::string::npos);
    EXPECT_NE(check({"-idirafter", "/w/./x"}), "");
    EXPECT_NE(check({"-imacros", "/w/../x.h"}), "");
    EXPECT_NE(check({"-I/w/.."}), "");
    EXPECT_EQ(check({"-I/w/..x"}), "");
    EXPECT_NE(check({"-include-pch", "pch.h.gch"}).find("-include-pch"), std::string::npos);
    // `/I` is a path flag only for MSVC-style drivers; for gcc it is a file name.
    EXPECT_EQ(check({"/Iinc"}), "");
    EXPECT_NE(strict_path_violation({"/Iinc"}, StrictPaths::kAbsolute, true), "");
}

}  // namespace
}  // namespace zc::compiler

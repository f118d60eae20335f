#include "meta/time_macros.h"

#include <gtest/gtest.h>

namespace zc::meta {
namespace {

TEST(TimeMacros, FindsExpandedMacros) {
    EXPECT_TRUE(uses_time_macro("const char* built = __DATE__ \" \" __TIME__;"));
    EXPECT_TRUE(uses_time_macro("#define STAMP __TIMESTAMP__\n"));
    EXPECT_TRUE(uses_time_macro("int x = 1'000; const char* t = __TIME__;"));
    EXPECT_TRUE(uses_time_macro("// comment\\\n continued\nauto d = __DATE__;"));
}

TEST(TimeMacros, IgnoresCommentsStringsAndLongerNames) {
    EXPECT_FALSE(uses_time_macro("// uses __DATE__ in a comment\nint x;"));
    EXPECT_FALSE(uses_time_macro("/* __TIME__\n */ int y;"));
    EXPECT_FALSE(uses_time_macro("auto s = \"__DATE__\"; char c = '_';"));
    EXPECT_FALSE(uses_time_macro("auto s = \"esc \\\" __TIME__\";"));
    EXPECT_FALSE(uses_time_macro("auto r = R\"x(__DATE__ \" )\" still)x\";"));
    EXPECT_FALSE(uses_time_macro("int MY__DATE__X; int __TIME__2;"));
    EXPECT_FALSE(uses_time_macro("int plain;"));
}

}  // namespace
}  // namespace zc::meta

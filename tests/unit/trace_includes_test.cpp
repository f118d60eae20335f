#include "compiler/trace_includes.h"

#include <gtest/gtest.h>

#include <set>

namespace zc::compiler {
namespace {

TEST(TraceIncludes, TakesTheHeaderLinesAndTheGuardListOut) {
    std::set<std::string> files{"/usr/include/stdio.h", "/usr/include/bits/a.h", "inc/v.h"};
    auto is_file = [&](const std::string& p) { return files.contains(p); };
    std::string err =
        ". /usr/include/stdio.h\n"
        ".. /usr/include/bits/a.h\n"
        "a.c: In function 'f':\n"
        ". = 4\n"  // an assembler line in a message: no such file, so it stays
        ". inc/v.h\n"
        "a.c:3:5: warning: unused variable 'u'\n"
        "Multiple include guards may be useful for:\n"
        "/usr/include/bits/a.h\n"
        "inc/v.h\n"
        "a.c:9:1: warning: later\n"
        ". <built-in>\n";
    std::vector<TracedInclude> traced = take_trace_includes(err, is_file);
    ASSERT_EQ(traced.size(), 3u);
    EXPECT_EQ(traced[0].path, "/usr/include/stdio.h");
    EXPECT_EQ(traced[0].depth, 1u);
    EXPECT_EQ(traced[1].path, "/usr/include/bits/a.h");
    EXPECT_EQ(traced[1].depth, 2u);
    EXPECT_EQ(traced[2].path, "inc/v.h");
    EXPECT_EQ(traced[2].depth, 1u);
    EXPECT_EQ(err, "a.c: In function 'f':\n. = 4\na.c:3:5: warning: unused variable 'u'\na.c:9:1: warning: later\n");
}

TEST(TraceIncludes, NothingTracedLeavesStderrAlone) {
    std::string err = "a.c:1:1: error: x\n..no space\n";
    EXPECT_TRUE(take_trace_includes(err, [](const std::string&) { return true; }).empty());
    EXPECT_EQ(err, "a.c:1:1: error: x\n..no space\n");
}

TEST(TraceIncludes, ALineAfterAColouredMessageKeepsTheMessagesReset) {
    std::string err = "\x1b[0;1;32m   ^~~~\n\x1b[0m. inc/h1.h\n1 error generated.\n";
    std::vector<TracedInclude> traced = take_trace_includes(err, [](const std::string& p) { return p == "inc/h1.h"; });
    ASSERT_EQ(traced.size(), 1u);
    EXPECT_EQ(traced[0].path, "inc/h1.h");
    EXPECT_EQ(err, "\x1b[0;1;32m   ^~~~\n\x1b[0m1 error generated.\n");
}

}  // namespace
}  // namespace zc::compiler

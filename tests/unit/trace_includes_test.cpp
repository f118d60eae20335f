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
        "a.c:9:1: warning: later\n";
    std::vector<std::string> headers = take_trace_includes(err, is_file);
    EXPECT_EQ(headers, (std::vector<std::string>{"/usr/include/stdio.h", "/usr/include/bits/a.h", "inc/v.h"}));
    EXPECT_EQ(err, "a.c: In function 'f':\n. = 4\na.c:3:5: warning: unused variable 'u'\na.c:9:1: warning: later\n");
}

TEST(TraceIncludes, NothingTracedLeavesStderrAlone) {
    std::string err = "a.c:1:1: error: x\n..no space\n";
    EXPECT_TRUE(take_trace_includes(err, [](const std::string&) { return true; }).empty());
    EXPECT_EQ(err, "a.c:1:1: error: x\n..no space\n");
}

}  // namespace
}  // namespace zc::compiler

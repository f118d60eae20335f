#include "compiler/search_list.h"

#include <gtest/gtest.h>

namespace zc::compiler {
namespace {

TEST(SearchList, ReadsGccsListWithQuoteDirsAndMissingOnes) {
    auto list = parse_search_list(
        "Using built-in specs.\n"
        "ignoring duplicate directory \"/usr/include/x86_64-linux-gnu/c++/12\"\n"
        "ignoring nonexistent directory \"/usr/local/include/x86_64-linux-gnu\"\n"
        "ignoring nonexistent directory \"missing\"\n"
        "#include \"...\" search starts here:\n"
        " quoted\n"
        "#include <...> search starts here:\n"
        " inc\n"
        " /usr/lib/gcc/x86_64-linux-gnu/12/include\n"
        " /usr/include\n"
        "End of search list.\n"
        "# 0 \"/dev/null\"\n");
    ASSERT_TRUE(list);
    EXPECT_EQ(list->quote_dirs, std::vector<std::string>{"quoted"});
    EXPECT_EQ(list->angle_dirs,
              (std::vector<std::string>{"inc", "/usr/lib/gcc/x86_64-linux-gnu/12/include", "/usr/include"}));
    EXPECT_EQ(list->missing_dirs, (std::vector<std::string>{"/usr/local/include/x86_64-linux-gnu", "missing"}));
}

TEST(SearchList, DropsClangsFrameworkSuffixAndCarriageReturns) {
    auto list = parse_search_list(
        "#include \"...\" search starts here:\r\n#include <...> search starts here:\r\n"
        " /usr/include\r\n /Library/Frameworks (framework directory)\r\nEnd of search list.\r\n");
    ASSERT_TRUE(list);
    EXPECT_EQ(list->angle_dirs, (std::vector<std::string>{"/usr/include", "/Library/Frameworks"}));
}

TEST(SearchList, NoListIsNoAnswer) {
    EXPECT_FALSE(parse_search_list(""));
    EXPECT_FALSE(parse_search_list("gcc: error: unrecognized command-line option\n"));
    EXPECT_FALSE(parse_search_list("#include <...> search starts here:\n /usr/include\n"));  // cut short
}

}  // namespace
}  // namespace zc::compiler

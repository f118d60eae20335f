// `#include "name"` directives read as text: each spelling the preprocessor accepts is found,
// and one whose name we cannot read says so (the miss then asks the compiler for a -H trace).

#include "meta/quoted_includes.h"

#include <gtest/gtest.h>

namespace {

using zc::meta::scan_quoted_includes;

std::vector<std::string> names(std::string_view text) {
    return scan_quoted_includes(text).names;
}

TEST(QuotedIncludes, PlainSpellings) {
    EXPECT_EQ(names("#include \"a.h\"\n#  include \"sub/b.h\"\n\t#include\"c.h\"\n#import \"d.h\"\n"),
              (std::vector<std::string>{"a.h", "sub/b.h", "c.h", "d.h"}));
}

TEST(QuotedIncludes, AngleIncludesAndIncludeNextDoNotLookBesideTheIncluder) {
    auto found = scan_quoted_includes("#include <a.h>\n#include_next \"b.h\"\n#include_next <c.h>\n");
    EXPECT_TRUE(found.names.empty());
    EXPECT_FALSE(found.computed);
}

TEST(QuotedIncludes, CommentsWhereBlanksMayBe) {
    EXPECT_EQ(names("/* x */ # /* y */ include /* z */ \"a.h\"\n"), std::vector<std::string>{"a.h"});
    EXPECT_EQ(names("#/*\n*/include \"b.h\"\n"), std::vector<std::string>{"b.h"});
    EXPECT_EQ(names("/* a comment\n   over lines */ #include \"c.h\"\n"), std::vector<std::string>{"c.h"});
}

TEST(QuotedIncludes, DigraphAndTrigraph) {
    EXPECT_EQ(names("%:include \"a.h\"\n?\?=include \"b.h\"\n"), (std::vector<std::string>{"a.h", "b.h"}));
}

TEST(QuotedIncludes, EachNameOnce) {
    EXPECT_EQ(names("#include \"a.h\"\n#include \"a.h\"\n"), std::vector<std::string>{"a.h"});
}

TEST(QuotedIncludes, NotADirective) {
    auto prose = scan_quoted_includes("/* #include's protect themselves; # include 3 */\n");
    EXPECT_TRUE(prose.names.empty());
    EXPECT_FALSE(prose.computed);
    EXPECT_TRUE(names("int x; # include \"a.h\"\nconst char* s = \"#include \\\"b.h\\\"\";\n").empty());
}

TEST(QuotedIncludes, UnreadableForms) {
    EXPECT_TRUE(scan_quoted_includes("#define H \"a.h\"\n#include H\n").computed);
    EXPECT_TRUE(scan_quoted_includes("#inc\\\nlude \"a.h\"\n").computed);
    EXPECT_TRUE(scan_quoted_includes("#\\\ninclude \"a.h\"\n").computed);
    EXPECT_TRUE(scan_quoted_includes("#include \\\n\"a.h\"\n").computed);
    EXPECT_TRUE(scan_quoted_includes("#include \"a.h\n").computed);
    EXPECT_FALSE(scan_quoted_includes("#define X 1\n#if X\n#endif\n").computed);
}

}  // namespace

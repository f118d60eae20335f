#include "compiler/depfile.h"

#include <gtest/gtest.h>

using zc::compiler::parse_dep_file;
using Deps = std::vector<std::string>;

TEST(DepFile, GccStyleWithContinuations) {
    EXPECT_EQ(parse_dep_file("a.o: a.c /usr/include/stdio.h \\\n include/x.h\n"),
              (Deps{"a.c", "/usr/include/stdio.h", "include/x.h"}));
}

TEST(DepFile, EscapedSpacesHashesAndDollars) {
    EXPECT_EQ(parse_dep_file("sp\\ ace.o: my\\ file.c we\\#ird.h cost$$.h\n"),
              (Deps{"my file.c", "we#ird.h", "cost$.h"}));
}

TEST(DepFile, PhonyTargetsFromMPAreNotDependencies) {
    EXPECT_EQ(parse_dep_file("a.o: a.c x.h\n\nx.h:\n"), (Deps{"a.c", "x.h"}));
}

TEST(DepFile, SeveralTargetsAndDuplicates) {
    EXPECT_EQ(parse_dep_file("a.o a.d: a.c x.h \\\n  x.h\n"), (Deps{"a.c", "x.h"}));
}

TEST(DepFile, CrLfLineEndings) {
    EXPECT_EQ(parse_dep_file("a.o: a.c \\\r\n b.h\r\n"), (Deps{"a.c", "b.h"}));
}

TEST(DepFile, EmptyInput) {
    EXPECT_TRUE(parse_dep_file("").empty());
}

TEST(DepFile, AVisitSeesEachOnceAndStopsWhenAsked) {
    std::string text = "a.o: a.c my\\ x.h a.c \\\n  b$$.h c.h\n";
    Deps seen;
    zc::compiler::visit_dep_file(text, [&](std::string_view dep) {
        seen.emplace_back(dep);
        return dep != "b$.h";
    });
    EXPECT_EQ(seen, (Deps{"a.c", "my x.h", "b$.h"}));
}

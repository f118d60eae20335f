#include "compiler/response_file.h"

#include <gtest/gtest.h>

#include <map>

namespace zc::compiler {
namespace {

using Words = std::vector<std::string>;

TEST(ResponseFile, SplitsLikeGcc) {
    // Checked against gcc 12 and clang 14 with `@file -dM -E`.
    EXPECT_EQ(split_response_file(R"(-DA="a b" -DB='c\'d' -DC=e\ f -DD="x\"y" -DE=\\z)"),
              (Words{"-DA=a b", "-DB=c'd", "-DC=e f", "-DD=x\"y", "-DE=\\z"}));
    EXPECT_EQ(split_response_file("-DF=\"\"\n-DG='q\"r'\r\n\t-c"), (Words{"-DF=", "-DG=q\"r", "-c"}));
    EXPECT_EQ(split_response_file("a \"\" b"), (Words{"a", "", "b"}));
    EXPECT_EQ(split_response_file("  \n "), Words{});
}

struct FakeFiles {
    std::map<std::string, std::string> files;
    FileReader reader() {
        return [this](const std::string& path) -> std::optional<std::string> {
            auto it = files.find(path);
            if (it == files.end()) return std::nullopt;
            return it->second;
        };
    }
};

TEST(ResponseFile, ExpandsNestedFilesInPlace) {
    FakeFiles fs;
    fs.files["/w/outer.rsp"] = "-O2 @sub/inner.rsp -c";
    fs.files["/w/sub/inner.rsp"] = "-DX=1 \"-Ia b\"";
    Words out;
    EXPECT_EQ(expand_response_files({"@outer.rsp", "a.c", "-o", "a.o"}, "/w", fs.reader(), out), Expansion::kDone);
    EXPECT_EQ(out, (Words{"-O2", "-DX=1", "-Ia b", "-c", "a.c", "-o", "a.o"}));
}

TEST(ResponseFile, ReportsMissingFilesAndCycles) {
    FakeFiles fs;
    fs.files["/w/a.rsp"] = "@b.rsp";
    fs.files["/w/b.rsp"] = "-c @a.rsp";
    Words out;
    EXPECT_EQ(expand_response_files({"@a.rsp"}, "/w", fs.reader(), out), Expansion::kCycle);
    EXPECT_EQ(expand_response_files({"@gone.rsp"}, "/w", fs.reader(), out), Expansion::kMissingFile);
    // The same file twice side by side is not a cycle.
    fs.files["/w/c.rsp"] = "-g";
    EXPECT_EQ(expand_response_files({"@c.rsp", "@c.rsp", "@"}, "/w", fs.reader(), out), Expansion::kDone);
    EXPECT_EQ(out, (Words{"-g", "-g", "@"}));
}

}  // namespace
}  // namespace zc::compiler

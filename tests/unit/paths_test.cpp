#include "common/paths.h"

#include <gtest/gtest.h>

#include <filesystem>

using zc::common::lexically_normal;

TEST(LexicallyNormal, AgreesWithTheStandardLibraryLessATrailingSlash) {
    for (const char* path :
         {"/a/b/c.h", "/a/./b", "/a//b", "/a/b/../c", "/a/b/..", "/..", "/../x", "/", "a/b", "./a", "a/..", "../a",
          "../../a/./b/..", "a/b/", "a/b/.", "/a/b/c/../../d", ".", "..", "a/../.."}) {
        std::string expected = std::filesystem::path(path).lexically_normal().string();
        if (expected.size() > 1 && expected.back() == '/') expected.pop_back();
        EXPECT_EQ(lexically_normal(path), expected) << path;
    }
}

TEST(LexicallyNormal, EmptyStaysEmpty) {
    EXPECT_EQ(lexically_normal(""), "");
}

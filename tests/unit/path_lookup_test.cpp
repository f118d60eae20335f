#include "meta/path_lookup.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fs.h"
#include "temp_dir_fixture.h"

using namespace zc;

class PathLookupTest : public TempDirTest {
  protected:
    // Looks `path` up with handles that are indexes into `opened_`.
    bool look_up(const std::string& path, meta::DirectoryLookup& out) {
        opened_.clear();
        return meta::look_up_directory(
            path,
            [this](const std::string& real) {
                opened_.push_back(real);
                return static_cast<int>(opened_.size() - 1);
            },
            out);
    }
    // The lookup's steps as "directory/name".
    std::vector<std::string> steps(const meta::DirectoryLookup& lookup) const {
        std::vector<std::string> out;
        for (const meta::LookupStep& step : lookup.steps) out.push_back(opened_[step.dir] + "|" + step.name);
        return out;
    }
    void mkdir(const std::string& rel) { ASSERT_EQ(::mkdir((dir_ + "/" + rel).c_str(), 0755), 0); }
    void symlink(const std::string& target, const std::string& rel) {
        ASSERT_EQ(::symlink(target.c_str(), (dir_ + "/" + rel).c_str()), 0);
    }

    std::vector<std::string> opened_;
};

TEST_F(PathLookupTest, APlainPathReadsEachAncestorOnce) {
    mkdir("a");
    mkdir("a/b");
    meta::DirectoryLookup lookup;
    ASSERT_TRUE(look_up(dir_ + "/a/b", lookup));
    EXPECT_EQ(lookup.real, dir_ + "/a/b");
    EXPECT_EQ(opened_[lookup.dir], dir_ + "/a/b");
    std::vector<std::string> got = steps(lookup);
    ASSERT_GE(got.size(), 3u);
    EXPECT_EQ(got[0], "/|tmp");
    EXPECT_EQ(got[got.size() - 2], dir_ + "|a");
    EXPECT_EQ(got.back(), dir_ + "/a|b");
}

TEST_F(PathLookupTest, SymlinksOnTheWayAddTheLookupsOfTheirTargets) {
    mkdir("ext");
    mkdir("ext/r1");
    mkdir("ext/r1/include");
    symlink("r1", "ext/current");
    symlink(dir_ + "/ext/current/include", "inc");
    meta::DirectoryLookup lookup;
    ASSERT_TRUE(look_up(dir_ + "/inc", lookup));
    EXPECT_EQ(lookup.real, dir_ + "/ext/r1/include");
    std::vector<std::string> got = steps(lookup);
    // The link's own name, the link in the target's path, and the target's directories.
    for (const std::string& want : {dir_ + "|inc", dir_ + "/ext|current", dir_ + "/ext|r1", dir_ + "/ext/r1|include"}) {
        EXPECT_NE(std::find(got.begin(), got.end(), want), got.end()) << want;
    }
}

TEST_F(PathLookupTest, DotDotGoesBackFromWhereTheLinkLed) {
    mkdir("x");
    mkdir("x/deep");
    mkdir("x/inc");
    symlink("x/deep", "lnk");
    meta::DirectoryLookup lookup;
    // As the kernel resolves it: lnk/.. is x, not the directory holding lnk.
    ASSERT_TRUE(look_up(dir_ + "/lnk/../inc", lookup));
    EXPECT_EQ(lookup.real, dir_ + "/x/inc");
}

TEST_F(PathLookupTest, LoopsFilesAndMissingNamesAreRefused) {
    symlink("loop2", "loop1");
    symlink("loop1", "loop2");
    ASSERT_TRUE(common::write_file_atomic(dir_ + "/file", "x"));
    meta::DirectoryLookup lookup;
    EXPECT_FALSE(look_up(dir_ + "/loop1", lookup));
    EXPECT_FALSE(look_up(dir_ + "/file", lookup));
    EXPECT_FALSE(look_up(dir_ + "/missing", lookup));
    EXPECT_FALSE(look_up("relative/path", lookup));
}

TEST_F(PathLookupTest, AHandleRefusedEndsTheLookup) {
    mkdir("a");
    meta::DirectoryLookup lookup;
    bool ok = meta::look_up_directory(
        dir_ + "/a", [&](const std::string& real) { return real == dir_ ? -1 : 0; }, lookup);
    EXPECT_FALSE(ok);
}

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "common/fs.h"
#include "temp_dir_fixture.h"

namespace {

using ReadFile = TempDirTest;

TEST_F(ReadFile, ARegularFileReadsWholeWithEitherReader) {
    std::string path = dir_ + "/f";
    ASSERT_TRUE(zc::common::write_file_atomic(path, "text\n"));
    EXPECT_EQ(zc::common::read_file(path), "text\n");
    EXPECT_EQ(zc::common::read_regular_file(path), "text\n");
}

TEST_F(ReadFile, ADeviceInAFilesPlaceIsNotRead) {
    // /dev/zero never ends: read, it would take all memory.
    std::string path = dir_ + "/zero";
    ASSERT_EQ(::symlink("/dev/zero", path.c_str()), 0);
    EXPECT_FALSE(zc::common::read_file(path));
    EXPECT_FALSE(zc::common::read_regular_file(path));
}

TEST_F(ReadFile, AFifoIsNotWaitedOnAndIsNoRegularFile) {
    std::string path = dir_ + "/fifo";
    ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
    EXPECT_FALSE(zc::common::read_regular_file(path));
    zc::common::read_file(path);  // returns at once, whatever it gives
}

TEST_F(ReadFile, ProcFilesStillRead) {
    std::optional<std::string> text = zc::common::read_file("/proc/self/status");
    ASSERT_TRUE(text);
    EXPECT_NE(text->find("Name:"), std::string::npos);
}

}  // namespace

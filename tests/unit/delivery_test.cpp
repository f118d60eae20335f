// Delivery on a real directory: the modes, the permission bits, and that an output is replaced,
// never written through (a hardlinked or symlinked output must leave its other names alone).
#include "store/delivery.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <optional>
#include <string>

#include "common/fs.h"
#include "temp_dir_fixture.h"

namespace zc::store {
namespace {

class DeliveryTest : public TempDirTest {
  protected:
    void SetUp() override {
        TempDirTest::SetUp();
        blob_ = dir_ + "/blob";
        ASSERT_TRUE(common::write_file_atomic(blob_, "object bytes", 0444));
        ASSERT_EQ(::lstat(blob_.c_str(), &blob_st_), 0);
    }
    struct stat stat_of(const std::string& path) {
        struct stat st {};
        EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
        return st;
    }
    std::string contents(const std::string& path) {
        std::optional<std::string> data = common::read_file(path);
        EXPECT_TRUE(data.has_value()) << path;
        return data.value_or("");
    }

    std::string blob_;
    struct stat blob_st_ {};
};

TEST_F(DeliveryTest, ACopyIsANewFileWithTheModeAskedWhateverTheUmask) {
    mode_t old = ::umask(077);
    std::string dest = dir_ + "/a.out";
    Delivered how = deliver(blob_, dest, DeliveryMode::kCopy, 0755);
    ::umask(old);
    ASSERT_EQ(how, Delivered::kCopy);
    struct stat st = stat_of(dest);
    EXPECT_EQ(st.st_mode & 07777, 0755u);
    EXPECT_NE(st.st_ino, blob_st_.st_ino);
    EXPECT_EQ(contents(dest), "object bytes");
}

TEST_F(DeliveryTest, AutoDeliversTheSameBytesByReflinkOrCopyNeverByHardlink) {
    std::string dest = dir_ + "/a.o";
    Delivered how = deliver(blob_, dest, DeliveryMode::kAuto, 0644);
    EXPECT_TRUE(how == Delivered::kReflink || how == Delivered::kCopy);
    struct stat st = stat_of(dest);
    EXPECT_NE(st.st_ino, blob_st_.st_ino);
    EXPECT_EQ(st.st_mode & 07777, 0644u);
    EXPECT_EQ(contents(dest), "object bytes");
}

TEST_F(DeliveryTest, AHardlinkIsMadeOnlyWhenAskedAndLooksFreshToMake) {
    struct timespec old_times[2] = {{1000, 0}, {1000, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, blob_.c_str(), old_times, 0), 0);
    std::string dest = dir_ + "/a.o";
    ASSERT_EQ(deliver(blob_, dest, DeliveryMode::kHardlink, 0644), Delivered::kHardlink);
    struct stat st = stat_of(dest);
    EXPECT_EQ(st.st_ino, blob_st_.st_ino);
    EXPECT_GT(st.st_mtime, 1000);
}

// The fresh mtime is the inode's: a second output sharing it would make the first look newer
// than it is, and a stale object could pass for up to date.
TEST_F(DeliveryTest, OnlyOneOutputSharesABlobsInodeSoNoneGetsAnotherOnesMtime) {
    std::string first = dir_ + "/a.o", second = dir_ + "/b.o";
    ASSERT_EQ(deliver(blob_, first, DeliveryMode::kHardlink, 0644), Delivered::kHardlink);
    struct timespec old_times[2] = {{1000, 0}, {1000, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, first.c_str(), old_times, 0), 0);  // as if its source changed since
    EXPECT_EQ(deliver(blob_, second, DeliveryMode::kHardlink, 0644), Delivered::kCopy);
    EXPECT_EQ(stat_of(first).st_mtime, 1000) << "the first output's time moved with the second";
    EXPECT_NE(stat_of(second).st_ino, blob_st_.st_ino);
    EXPECT_EQ(stat_of(blob_).st_nlink, 2u);
    EXPECT_EQ(contents(second), "object bytes");
    ASSERT_EQ(::unlink(first.c_str()), 0);
    EXPECT_EQ(deliver(blob_, first, DeliveryMode::kHardlink, 0644), Delivered::kHardlink) << "free again";
}

TEST_F(DeliveryTest, AnExecutableIsNeverHardlinkedToTheReadOnlyBlob) {
    std::string dest = dir_ + "/tool";
    Delivered how = deliver(blob_, dest, DeliveryMode::kHardlink, 0755);
    EXPECT_NE(how, Delivered::kHardlink);
    struct stat st = stat_of(dest);
    EXPECT_NE(st.st_ino, blob_st_.st_ino);
    EXPECT_EQ(st.st_mode & 07777, 0755u);
}

TEST_F(DeliveryTest, AnOutputHardlinkedElsewhereIsReplacedNotWrittenThrough) {
    std::string other = dir_ + "/other-name";
    std::string dest = dir_ + "/a.o";
    ASSERT_TRUE(common::write_file_atomic(other, "the other file", 0644));
    ASSERT_EQ(::link(other.c_str(), dest.c_str()), 0);
    for (DeliveryMode mode : {DeliveryMode::kAuto, DeliveryMode::kCopy, DeliveryMode::kHardlink}) {
        ASSERT_NE(deliver(blob_, dest, mode, 0644), Delivered::kFailed);
        EXPECT_EQ(contents(dest), "object bytes");
        EXPECT_EQ(contents(other), "the other file");
    }
}

TEST_F(DeliveryTest, ANonRegularOutputIsLeftAloneAndTheDeliveryFails) {
    std::string target = dir_ + "/target";
    ASSERT_TRUE(common::write_file_atomic(target, "target", 0644));
    std::string link = dir_ + "/link.o";
    ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
    std::string fifo = dir_ + "/fifo.o";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    std::string directory = dir_ + "/dir.o";
    ASSERT_EQ(::mkdir(directory.c_str(), 0755), 0);

    EXPECT_EQ(deliver(blob_, link, DeliveryMode::kAuto, 0644), Delivered::kFailed);
    EXPECT_TRUE(S_ISLNK(stat_of(link).st_mode));
    EXPECT_EQ(contents(target), "target");
    EXPECT_EQ(deliver(blob_, fifo, DeliveryMode::kAuto, 0644), Delivered::kFailed);
    EXPECT_TRUE(S_ISFIFO(stat_of(fifo).st_mode));
    EXPECT_EQ(deliver(blob_, directory, DeliveryMode::kCopy, 0644), Delivered::kFailed);
    EXPECT_TRUE(S_ISDIR(stat_of(directory).st_mode));
}

TEST_F(DeliveryTest, ABlobThatIsASymlinkIsNotFollowed) {
    std::string outside = dir_ + "/outside";
    ASSERT_TRUE(common::write_file_atomic(outside, "not from the store", 0644));
    std::string linked_blob = dir_ + "/linked-blob";
    ASSERT_EQ(::symlink(outside.c_str(), linked_blob.c_str()), 0);
    std::string dest = dir_ + "/a.o";
    EXPECT_EQ(deliver(linked_blob, dest, DeliveryMode::kAuto, 0644), Delivered::kFailed);
    struct stat st;
    EXPECT_NE(::lstat(dest.c_str(), &st), 0);
}

TEST_F(DeliveryTest, CloneMakesAWritableCopyOfARegularFileOnly) {
    std::string copy = dir_ + "/clone";
    ASSERT_TRUE(clone_file(blob_, copy));
    struct stat st = stat_of(copy);
    EXPECT_NE(st.st_ino, blob_st_.st_ino);
    EXPECT_EQ(st.st_mode & 07777, 0644u);
    EXPECT_EQ(contents(copy), "object bytes");
    EXPECT_FALSE(clone_file(dir_, dir_ + "/clone-of-a-directory"));
    EXPECT_FALSE(clone_file(blob_, copy));  // never over an existing file
}

TEST(DeliveryMode, NamesParseAndAnythingElseIsAuto) {
    EXPECT_EQ(parse_delivery_mode("reflink"), DeliveryMode::kReflink);
    EXPECT_EQ(parse_delivery_mode("hardlink"), DeliveryMode::kHardlink);
    EXPECT_EQ(parse_delivery_mode("copy"), DeliveryMode::kCopy);
    EXPECT_EQ(parse_delivery_mode(""), DeliveryMode::kAuto);
    EXPECT_EQ(parse_delivery_mode("symlink"), DeliveryMode::kAuto);
}

}  // namespace
}  // namespace zc::store

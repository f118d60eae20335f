// The blob guard on the virtual disk: a blob is served on its remembered stat only when that
// stat proves its bytes, and a blob written through a hardlinked output is never served.

#include "daemon/blob_guard.h"

#include <gtest/gtest.h>

#include "common/hash.h"
#include "virtual_disk.h"

using namespace zc;

namespace {

class BlobGuardOnVirtualDisk : public ::testing::Test {
  protected:
    void SetUp() override {
        disk.mkdir("/cache");
        disk.write(kBlob, "object bytes");
    }
    static constexpr const char* kBlob = "/cache/blob";
    const common::Hash128 hash = common::hash_bytes("object bytes");
    virtual_fs::VirtualDisk disk;
    daemon::BlobGuard guard{disk};
};

TEST_F(BlobGuardOnVirtualDisk, ASettledRememberedBlobCostsOneStat) {
    disk.advance(virtual_fs::kSecond);
    guard.remember(kBlob, hash);
    disk.calls = {};
    EXPECT_TRUE(guard.verify(kBlob, hash));
    EXPECT_TRUE(guard.verify(kBlob, hash));
    EXPECT_EQ(disk.calls.read, 0);
    EXPECT_EQ(disk.calls.lstat, 2);
}

TEST_F(BlobGuardOnVirtualDisk, AnUnknownBlobIsReadOnceThenRemembered) {
    disk.advance(virtual_fs::kSecond);
    EXPECT_TRUE(guard.verify(kBlob, hash));
    EXPECT_EQ(disk.calls.read, 1);
    EXPECT_TRUE(guard.verify(kBlob, hash));
    EXPECT_EQ(disk.calls.read, 1);
    EXPECT_FALSE(guard.verify(kBlob, common::hash_bytes("other")));
}

TEST_F(BlobGuardOnVirtualDisk, ABlobWrittenThroughAHardlinkIsRefused) {
    disk.advance(virtual_fs::kSecond);
    guard.remember(kBlob, hash);
    disk.advance(virtual_fs::kSecond);
    disk.rewrite_in_place(kBlob, "OBJECT BYTES");  // same size; its ctime moves
    EXPECT_FALSE(guard.verify(kBlob, hash));
}

TEST_F(BlobGuardOnVirtualDisk, ARememberedCtimeWithinItsTickVouchesForNothing) {
    guard.remember(kBlob, hash);                   // in the tick the blob was written
    disk.rewrite_in_place(kBlob, "OBJECT BYTES");  // the same tick: every stat field as it was
    EXPECT_FALSE(guard.verify(kBlob, hash));
}

TEST_F(BlobGuardOnVirtualDisk, TouchedButUnchangedIsReadAndServed) {
    disk.advance(virtual_fs::kSecond);
    guard.remember(kBlob, hash);
    disk.advance(virtual_fs::kSecond);
    disk.rewrite_in_place(kBlob, "object bytes");  // a link or chmod moves ctime, not the bytes
    disk.advance(virtual_fs::kSecond);
    disk.calls = {};
    EXPECT_TRUE(guard.verify(kBlob, hash));
    EXPECT_EQ(disk.calls.read, 1);
}

TEST_F(BlobGuardOnVirtualDisk, ABlobChangedWhileReadIsRefused) {
    disk.advance(virtual_fs::kSecond);
    disk.during_read = [&] {
        disk.advance(1);
        disk.rewrite_in_place(kBlob, "object bytes");
    };
    EXPECT_FALSE(guard.verify(kBlob, hash));
}

TEST_F(BlobGuardOnVirtualDisk, WhatIsNotARegularFileIsRefused) {
    disk.symlink("blob", "/cache/link");
    disk.fifo("/cache/fifo");
    EXPECT_FALSE(guard.verify("/cache/link", hash));
    EXPECT_FALSE(guard.verify("/cache/fifo", hash));
    EXPECT_FALSE(guard.verify("/cache/missing", hash));
    EXPECT_EQ(disk.calls.read, 0);
}

}  // namespace

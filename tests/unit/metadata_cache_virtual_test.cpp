// The metadata cache on the virtual disk: what it may answer from memory, and every way a file
// can change under it, each made to happen exactly when it matters.

#include <gtest/gtest.h>

#include "common/hash.h"
#include "meta/file_metadata_cache.h"
#include "virtual_disk.h"

using namespace zc;

namespace {

class MetadataCacheOnVirtualDisk : public ::testing::Test {
  protected:
    void SetUp() override {
        disk.mkdir("/src");
        disk.mkdir("/inc");
    }
    // Writes a file and lets a second pass, so that it is outside the racy window when looked up.
    void settled_write(const std::string& path, const std::string& data) {
        disk.write(path, data);
        disk.advance(virtual_fs::kSecond);
    }
    // A lookup as the daemon makes one: the watcher drained first.
    meta::FileInfo request(const std::string& path) {
        cache.drain();
        return cache.get(path);
    }

    virtual_fs::VirtualDisk disk;
    virtual_fs::VirtualWatcher watcher{disk};
    meta::FileMetadataCache cache{watcher, disk};
};

TEST_F(MetadataCacheOnVirtualDisk, AWatchedUnchangedFileIsMemoryWork) {
    settled_write("/src/a.h", "int a;");
    meta::FileInfo first = request("/src/a.h");
    EXPECT_TRUE(first.regular);
    EXPECT_TRUE(first.watch_covers);
    EXPECT_EQ(first.hash, common::hash_bytes("int a;"));
    disk.calls = {};
    int watches = watcher.watch_calls + watcher.file_watch_calls;
    for (int i = 0; i < 3; ++i) EXPECT_EQ(request("/src/a.h").hash, first.hash);
    EXPECT_EQ(disk.calls.total(), 0);
    EXPECT_EQ(watcher.watch_calls + watcher.file_watch_calls, watches);
    meta::MetadataCounters counted = cache.counters();
    EXPECT_EQ(counted.lookups, 4u);
    EXPECT_EQ(counted.from_memory, 3u);
    EXPECT_EQ(counted.hashes, 1u);
}

TEST_F(MetadataCacheOnVirtualDisk, ARewriteThatKeepsEveryStatFieldIsSeenThroughItsEvent) {
    disk.write("/src/a.h", "aaaa");
    request("/src/a.h");
    disk.rewrite_in_place("/src/a.h", "bbbb");
    EXPECT_EQ(request("/src/a.h").hash, common::hash_bytes("bbbb"));
}

TEST_F(MetadataCacheOnVirtualDisk, WithoutAWatchTheRacyWindowForcesARehash) {
    watcher.refuse_file_watches = true;  // nothing vouches: stat validation only
    disk.write("/src/a.h", "aaaa");      // looked up in the same tick as written
    EXPECT_EQ(request("/src/a.h").hash, common::hash_bytes("aaaa"));
    disk.rewrite_in_place("/src/a.h", "bbbb");
    watcher.lose_events();
    EXPECT_EQ(request("/src/a.h").hash, common::hash_bytes("bbbb"));
    // Once the file is older than the window, an unchanged stat is trusted: stats, no reads.
    disk.advance(virtual_fs::kSecond);
    request("/src/a.h");
    uint64_t hashes = cache.counters().hashes;
    disk.calls = {};
    request("/src/a.h");
    EXPECT_EQ(cache.counters().hashes, hashes);
    EXPECT_EQ(disk.calls.read, 0);
    EXPECT_GT(disk.calls.stat, 0);
}

TEST_F(MetadataCacheOnVirtualDisk, AnEventWhileTheFileIsReadLeavesTheEntryUntrusted) {
    disk.write("/src/a.h", "aaaa");  // the read falls in the tick of the write: its stat holds
    disk.during_read = [&] {
        disk.rewrite_in_place("/src/a.h", "bbbb");
        cache.drain();  // another request drains while this one reads
    };
    request("/src/a.h");
    disk.during_read = nullptr;
    disk.calls = {};
    EXPECT_EQ(request("/src/a.h").hash, common::hash_bytes("bbbb"));
    EXPECT_GT(disk.calls.total(), 0) << "an entry computed across an event must not be served from memory";
}

TEST_F(MetadataCacheOnVirtualDisk, AFileChangedWhileReadIsNotStored) {
    settled_write("/src/a.h", "aaaa");
    disk.during_read = [&] {
        disk.during_read = nullptr;
        disk.rewrite_in_place("/src/a.h", "bbbb");  // a later tick: its times move
    };
    EXPECT_EQ(request("/src/a.h").hash, common::hash_bytes("aaaa"));  // what was read
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(request("/src/a.h").hash, common::hash_bytes("bbbb"));
}

TEST_F(MetadataCacheOnVirtualDisk, AFileReplacedWhileReadIsNotStored) {
    settled_write("/src/a.h", "old");
    disk.during_read = [&] {
        disk.during_read = nullptr;
        disk.advance(1);
        disk.write("/src/a.h", "new");
    };
    request("/src/a.h");
    EXPECT_EQ(request("/src/a.h").hash, common::hash_bytes("new"));
}

TEST_F(MetadataCacheOnVirtualDisk, LostEventsMakeEveryEntryRevalidate) {
    settled_write("/src/a.h", "aaaa");
    request("/src/a.h");
    request("/src/a.h");
    watcher.lose_events();
    disk.calls = {};
    uint64_t hashes = cache.counters().hashes;
    EXPECT_EQ(request("/src/a.h").hash, common::hash_bytes("aaaa"));
    EXPECT_GT(disk.calls.stat, 0);
    EXPECT_EQ(cache.counters().hashes, hashes) << "same stat, outside the racy window: no rehash";
    // Revalidated under the new generation, it is memory work again.
    disk.calls = {};
    request("/src/a.h");
    EXPECT_EQ(disk.calls.total(), 0);
}

TEST_F(MetadataCacheOnVirtualDisk, ARemovedAndRecreatedDirectoryIsWatchedAfresh) {
    settled_write("/src/a.h", "one");
    request("/src/a.h");
    disk.remove("/src");
    EXPECT_FALSE(request("/src/a.h").exists);
    disk.mkdir("/src");
    settled_write("/src/a.h", "two");
    EXPECT_EQ(request("/src/a.h").hash, common::hash_bytes("two"));
    disk.calls = {};
    EXPECT_EQ(request("/src/a.h").hash, common::hash_bytes("two"));
    EXPECT_EQ(disk.calls.total(), 0);
}

TEST_F(MetadataCacheOnVirtualDisk, AFileWithoutItsOwnWatchIsCheckedEveryTime) {
    watcher.refuse_file_watches = true;  // it could be written through a hard link elsewhere
    settled_write("/src/a.h", "aaaa");
    EXPECT_FALSE(request("/src/a.h").watch_covers);
    disk.calls = {};
    request("/src/a.h");
    EXPECT_GT(disk.calls.stat, 0);
    EXPECT_EQ(cache.counters().from_memory, 0u);
}

TEST_F(MetadataCacheOnVirtualDisk, AbsentFilesAreRememberedUntilCreated) {
    EXPECT_FALSE(request("/inc/later.h").exists);
    disk.calls = {};
    EXPECT_FALSE(request("/inc/later.h").exists);
    EXPECT_EQ(disk.calls.total(), 0);
    settled_write("/inc/later.h", "x");
    EXPECT_TRUE(request("/inc/later.h").exists);
}

TEST_F(MetadataCacheOnVirtualDisk, AFifoIsNeverRead) {
    disk.fifo("/inc/pipe.h");
    meta::FileInfo info = request("/inc/pipe.h");
    EXPECT_TRUE(info.exists);
    EXPECT_FALSE(info.regular);
    EXPECT_EQ(disk.calls.read, 0);
}

TEST_F(MetadataCacheOnVirtualDisk, ASymlinkIsMemoryWorkAndFollowsARetarget) {
    disk.mkdir("/real");
    settled_write("/real/a.h", "one");
    settled_write("/real/b.h", "bee");
    disk.symlink("../real/a.h", "/inc/a.h");
    meta::FileInfo first = request("/inc/a.h");
    EXPECT_EQ(first.hash, common::hash_bytes("one"));
    EXPECT_FALSE(first.watch_covers);  // the link's directory alone does not see the target change
    disk.calls = {};
    EXPECT_EQ(request("/inc/a.h").hash, common::hash_bytes("one"));
    EXPECT_EQ(disk.calls.total(), 0);
    disk.rewrite_in_place("/real/a.h", "two");
    EXPECT_EQ(request("/inc/a.h").hash, common::hash_bytes("two"));
    disk.symlink("../real/b.h", "/inc/a.h");
    EXPECT_EQ(request("/inc/a.h").hash, common::hash_bytes("bee"));
    disk.remove("/real/b.h");
    EXPECT_FALSE(request("/inc/a.h").exists);
}

TEST_F(MetadataCacheOnVirtualDisk, SymlinkLoopsEnd) {
    disk.symlink("loop-b.h", "/inc/loop-a.h");
    disk.symlink("loop-a.h", "/inc/loop-b.h");
    EXPECT_FALSE(request("/inc/loop-a.h").regular);
}

TEST_F(MetadataCacheOnVirtualDisk, RealPathIsMemoryWorkAndFollowsARetargetThroughALinkedDirectory) {
    disk.mkdir("/opt");
    settled_write("/opt/tool-12", "#!/bin/sh\n");
    settled_write("/opt/tool-13", "#!/bin/sh\n");
    disk.symlink("opt", "/bin");
    disk.symlink("tool-12", "/opt/tool");
    cache.drain();
    EXPECT_EQ(cache.real_path("/bin/tool"), "/opt/tool-12");
    cache.drain();
    disk.calls = {};
    EXPECT_EQ(cache.real_path("/bin/tool"), "/opt/tool-12");
    EXPECT_EQ(disk.calls.total(), 0);
    disk.symlink("tool-13", "/opt/tool");
    cache.drain();
    EXPECT_EQ(cache.real_path("/bin/tool"), "/opt/tool-13");
    // The directory link retargeted: the watch made through it no longer vouches.
    disk.mkdir("/opt2");
    settled_write("/opt2/tool", "#!/bin/sh\n");
    disk.symlink("opt2", "/bin");
    cache.drain();
    EXPECT_EQ(cache.real_path("/bin/tool"), "/opt2/tool");
    EXPECT_EQ(cache.real_path("/missing"), "/missing");
}

TEST_F(MetadataCacheOnVirtualDisk, MemoryIsBounded) {
    virtual_fs::VirtualDisk small_disk;
    virtual_fs::VirtualWatcher small_watcher(small_disk);
    meta::FileMetadataCache small(small_watcher, small_disk, /*capacity=*/64);
    small_disk.mkdir("/d");
    for (int i = 0; i < 500; ++i) small_disk.write("/d/" + std::to_string(i) + ".h", "x");
    for (int i = 0; i < 500; ++i) small.get("/d/" + std::to_string(i) + ".h");
    EXPECT_LE(small.size(), 64u);
    EXPECT_GT(small.size(), 0u);
}

}  // namespace

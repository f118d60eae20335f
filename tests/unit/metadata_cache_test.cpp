#include "meta/file_metadata_cache.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "common/fs.h"

using namespace zc;

class MetadataCacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/zc-meta-XXXXXX";
        dir_ = ::mkdtemp(tmpl);
    }
    void TearDown() override { common::remove_tree(dir_); }
    std::string dir_;
};

TEST_F(MetadataCacheTest, SeesRewritesWithinTheSameTickThroughTheWatcher) {
    auto watcher = meta::make_inotify_watcher();
    meta::FileMetadataCache cache(*watcher);
    std::string path = dir_ + "/h.h";
    ASSERT_TRUE(common::write_file_atomic(path, "aaaa"));
    meta::FileInfo first = cache.get(path);
    ASSERT_TRUE(first.regular);
    // Same size, immediately: only the watcher (or the racy-window rule) can tell.
    ASSERT_TRUE(common::write_file_atomic(path, "bbbb"));
    cache.drain();
    meta::FileInfo second = cache.get(path);
    EXPECT_NE(first.hash, second.hash);
    EXPECT_EQ(second.hash, common::hash_bytes("bbbb"));
}

TEST_F(MetadataCacheTest, AbsentFilesAndTheirCreation) {
    auto watcher = meta::make_inotify_watcher();
    meta::FileMetadataCache cache(*watcher);
    std::string path = dir_ + "/later.h";
    EXPECT_FALSE(cache.get(path).exists);
    ASSERT_TRUE(common::write_file_atomic(path, "x"));
    cache.drain();
    EXPECT_TRUE(cache.get(path).exists);
}

TEST_F(MetadataCacheTest, TimeMacrosAreFlagged) {
    auto watcher = meta::make_inotify_watcher();
    meta::FileMetadataCache cache(*watcher);
    ASSERT_TRUE(common::write_file_atomic(dir_ + "/t.c", "const char* s = __TIME__;"));
    ASSERT_TRUE(common::write_file_atomic(dir_ + "/n.c", "int x;"));
    EXPECT_TRUE(cache.get(dir_ + "/t.c").has_time_macro);
    EXPECT_FALSE(cache.get(dir_ + "/n.c").has_time_macro);
}

// A watcher that can watch nothing: every lookup falls back to stat validation.
class NoWatcher final : public meta::DirectoryWatcher {
public:
    std::shared_ptr<meta::WatchedDir> watch(const std::string&) override { return nullptr; }
    void drain(const meta::ChangeCallback&) override {}
    size_t watch_count() const override { return 0; }
};

TEST_F(MetadataCacheTest, WithoutAWatchStatValidationStillSeesChanges) {
    NoWatcher watcher;
    meta::FileMetadataCache cache(watcher);
    std::string path = dir_ + "/h.h";
    ASSERT_TRUE(common::write_file_atomic(path, "aaaa"));
    meta::FileInfo first = cache.get(path);
    // Same size within the same tick: the racy-window rule forces a rehash.
    ASSERT_TRUE(common::write_file_atomic(path, "bbbb"));
    EXPECT_EQ(cache.get(path).hash, common::hash_bytes("bbbb"));
    ASSERT_TRUE(common::write_file_atomic(path, "longer"));
    EXPECT_EQ(cache.get(path).hash, common::hash_bytes("longer"));
    EXPECT_NE(first.hash, cache.get(path).hash);
}

TEST_F(MetadataCacheTest, UnrelatedWritesInTheDirectoryKeepOtherEntriesTrusted) {
    auto watcher = meta::make_inotify_watcher();
    meta::FileMetadataCache cache(*watcher);
    std::string kept = dir_ + "/kept.h";
    ASSERT_TRUE(common::write_file_atomic(kept, "kept"));
    cache.get(kept);
    cache.get(kept);  // now stored after its own events were drained
    cache.drain();
    cache.get(kept);
    ASSERT_TRUE(common::write_file_atomic(dir_ + "/other.o", "object"));
    cache.drain();
    // Still correct; the entry for kept.h was not dropped by the event for other.o.
    EXPECT_EQ(cache.get(kept).hash, common::hash_bytes("kept"));
}

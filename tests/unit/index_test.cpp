#include "store/index.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "common/fs.h"

using namespace zc;

TEST(Index, ManifestsAndCountersPersist) {
    char tmpl[] = "/tmp/zc-index-XXXXXX";
    std::string dir = ::mkdtemp(tmpl);
    common::Hash128 key = common::hash_bytes("key");
    std::string error;
    {
        auto index = store::Index::open(dir + "/index", error);
        ASSERT_TRUE(index) << error;
        std::vector<std::string> freed;
        ASSERT_TRUE(index->put_manifest(key, "value", {}, freed));
        ASSERT_TRUE(index->write_counters({{"count.hit", 3}}));
    }
    auto index = store::Index::open(dir + "/index", error);
    ASSERT_TRUE(index) << error;
    EXPECT_EQ(index->get_manifest(key).value_or(""), "value");
    EXPECT_EQ(index->read_counters().at("count.hit"), 3u);
    EXPECT_EQ(index->manifest_count(), 1u);
    ASSERT_TRUE(index->clear_manifests());
    EXPECT_FALSE(index->get_manifest(key));
    common::remove_tree(dir);
}

TEST(Index, CorruptedIndexIsMovedAsideAndRecreated) {
    char tmpl[] = "/tmp/zc-index-XXXXXX";
    std::string dir = ::mkdtemp(tmpl);
    ASSERT_TRUE(common::make_dirs(dir + "/index"));
    ASSERT_TRUE(common::write_file_atomic(dir + "/index/data.mdb", std::string(8192, '\x7f')));
    std::string error;
    auto index = store::Index::open(dir + "/index", error);
    ASSERT_TRUE(index) << error;
    std::vector<std::string> freed;
    EXPECT_TRUE(index->put_manifest(common::hash_bytes("k"), "v", {}, freed));
    common::remove_tree(dir);
}

struct IndexFixture : ::testing::Test {
    void SetUp() override {
        char tmpl[] = "/tmp/zc-index-XXXXXX";
        dir = ::mkdtemp(tmpl);
        std::string error;
        index = store::Index::open(dir + "/index", error);
        ASSERT_TRUE(index) << error;
    }
    void TearDown() override {
        index.reset();
        common::remove_tree(dir);
    }
    std::string blob(std::string_view name) { return common::hash_bytes(name).bytes(); }
    std::string dir;
    std::unique_ptr<store::Index> index;
};

TEST_F(IndexFixture, ABlobSharedByTwoManifestsGoesOnlyWithTheSecond) {
    common::Hash128 a = common::hash_bytes("a"), b = common::hash_bytes("b");
    std::vector<std::string> freed;
    ASSERT_TRUE(index->put_manifest(a, "A", {{blob("shared"), 4096}, {blob("own"), 8192}}, freed));
    ASSERT_TRUE(index->put_manifest(b, "B", {{blob("shared"), 4096}}, freed));
    EXPECT_TRUE(freed.empty());
    EXPECT_EQ(index->totals().bytes, 12288u);  // the shared blob counted once
    EXPECT_EQ(index->totals().blobs, 2u);
    ASSERT_TRUE(index->erase_manifest(a, freed));
    EXPECT_EQ(freed, std::vector<std::string>{blob("own")});  // "shared" is still b's
    EXPECT_EQ(index->totals().bytes, 4096u);
    freed.clear();
    ASSERT_TRUE(index->erase_manifest(b, freed));
    EXPECT_EQ(freed, std::vector<std::string>{blob("shared")});
    EXPECT_EQ(index->totals().bytes, 0u);
    EXPECT_EQ(index->totals().blobs, 0u);
}

TEST_F(IndexFixture, RewritingAManifestReleasesOnlyTheBlobsItNoLongerNames) {
    common::Hash128 key = common::hash_bytes("k");
    std::vector<std::string> freed;
    ASSERT_TRUE(index->put_manifest(key, "v1", {{blob("old"), 4096}, {blob("kept"), 4096}}, freed));
    ASSERT_TRUE(index->put_manifest(key, "v2", {{blob("kept"), 4096}, {blob("new"), 4096}, {blob("new"), 4096}}, freed));
    EXPECT_EQ(freed, std::vector<std::string>{blob("old")});
    EXPECT_EQ(index->totals().bytes, 8192u);
    EXPECT_EQ(index->get_manifest(key).value_or(""), "v2");
}

TEST_F(IndexFixture, LeastRecentlyUsedComesFirstAndFollowsLastUse) {
    std::vector<std::string> freed;
    common::Hash128 keys[3] = {common::hash_bytes("0"), common::hash_bytes("1"), common::hash_bytes("2")};
    for (const common::Hash128& key : keys) ASSERT_TRUE(index->put_manifest(key, "v", {}, freed));
    ASSERT_TRUE(index->write_last_used({{keys[0].bytes(), 300}, {keys[1].bytes(), 100}, {keys[2].bytes(), 200}}));
    EXPECT_EQ(index->least_recently_used(2), (std::vector<std::string>{keys[1].bytes(), keys[2].bytes()}));
    ASSERT_TRUE(index->write_last_used({{keys[1].bytes(), 400}}));  // used again: now the newest
    EXPECT_EQ(index->least_recently_used(3), (std::vector<std::string>{keys[2].bytes(), keys[0].bytes(), keys[1].bytes()}));
    ASSERT_TRUE(index->erase_manifest(keys[2], freed));
    ASSERT_TRUE(index->write_last_used({{keys[2].bytes(), 50}}));  // gone: not brought back
    EXPECT_EQ(index->least_recently_used(3), (std::vector<std::string>{keys[0].bytes(), keys[1].bytes()}));
}

TEST_F(IndexFixture, ClearDropsManifestsBlobsAndTotals) {
    std::vector<std::string> freed;
    ASSERT_TRUE(index->put_manifest(common::hash_bytes("k"), "v", {{blob("b"), 4096}}, freed));
    ASSERT_TRUE(index->clear_manifests());
    EXPECT_EQ(index->manifest_count(), 0u);
    EXPECT_EQ(index->totals().bytes, 0u);
    EXPECT_TRUE(index->least_recently_used(10).empty());
    ASSERT_TRUE(index->put_manifest(common::hash_bytes("k"), "v", {{blob("b"), 4096}}, freed));
    EXPECT_EQ(index->totals().blobs, 1u);
}

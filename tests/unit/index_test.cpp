#include "store/index.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "common/fs.h"
#include "store/artifact_store.h"

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
    ASSERT_TRUE(
        index->put_manifest(key, "v2", {{blob("kept"), 4096}, {blob("new"), 4096}, {blob("new"), 4096}}, freed));
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
    EXPECT_EQ(index->least_recently_used(3),
              (std::vector<std::string>{keys[2].bytes(), keys[0].bytes(), keys[1].bytes()}));
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

TEST_F(IndexFixture, TheSweepRemovesOnlyOldBlobsNoManifestReferencesAndNoJobHolds) {
    store::ArtifactStore artifacts(dir);
    std::string error;
    ASSERT_TRUE(artifacts.prepare(error)) << error;
    common::Hash128 kept, orphan, pinned;
    int64_t size = 0;
    store::BlobPins job_pins;
    for (auto [text, hash] : {std::pair{"kept", &kept}, std::pair{"orphan", &orphan}, std::pair{"pinned", &pinned}}) {
        std::string temp = artifacts.temp_path(".o");
        ASSERT_TRUE(common::write_file_atomic(temp, text));
        store::BlobPins ended_job;
        ASSERT_TRUE(artifacts.publish(temp, hash == &pinned ? job_pins : ended_job, *hash, size));
    }
    std::vector<std::string> freed;
    ASSERT_TRUE(index->put_manifest(common::hash_bytes("k"), "v", {{kept.bytes(), 4096}}, freed));
    auto referenced = [&](const common::Hash128& h) { return index->references_blob(h.bytes()); };
    auto sweep_all = [&](int64_t older_than) {
        size_t removed = 0;
        for (unsigned slice = 0; slice < 256; ++slice)
            removed += artifacts.sweep_unreferenced(slice, referenced, older_than);
        return removed;
    };
    EXPECT_EQ(sweep_all(0), 0u);  // all too young: any may be waiting for its manifest
    EXPECT_EQ(sweep_all(common::now_realtime_ns() + 1'000'000'000), 1u);
    struct stat st;
    EXPECT_EQ(::stat(artifacts.blob_path(kept).c_str(), &st), 0);
    EXPECT_NE(::stat(artifacts.blob_path(orphan).c_str(), &st), 0);
    EXPECT_EQ(::stat(artifacts.blob_path(pinned).c_str(), &st), 0) << "a job still holds it";
    job_pins = store::BlobPins();
    EXPECT_EQ(sweep_all(common::now_realtime_ns() + 1'000'000'000), 1u);
    EXPECT_NE(::stat(artifacts.blob_path(pinned).c_str(), &st), 0);
}

// The manifest cache and the evictor over a real index and blob store in a temp dir, with the
// evictor on a clock of the test's own: what memory keeps, what each write frees, and what the
// size limit removes.

#include "daemon/manifest_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>

#include "cache/manifest.h"
#include "common/fs.h"
#include "common/hash.h"
#include "daemon/eviction.h"
#include "daemon/stats.h"
#include "store/artifact_store.h"
#include "store/index.h"
#include "temp_dir_fixture.h"

using namespace zc;

namespace {

class ManifestStore : public TempDirTest {
  protected:
    void SetUp() override {
        TempDirTest::SetUp();
        std::string error;
        index = store::Index::open(dir_ + "/index", error);
        ASSERT_TRUE(index) << error;
        artifacts = std::make_unique<store::ArtifactStore>(dir_);
        ASSERT_TRUE(artifacts->prepare(error)) << error;
        manifests = std::make_unique<daemon::ManifestCache>(*index, *artifacts, /*capacity=*/8);
    }
    // A blob of `text`, published and pinned by `pins`; its hash.
    common::Hash128 blob(const std::string& text, store::BlobPins& pins) {
        std::string temp = artifacts->temp_path(".o");
        EXPECT_TRUE(common::write_file_atomic(temp, text));
        common::Hash128 hash;
        int64_t size = 0;
        EXPECT_TRUE(artifacts->publish(temp, pins, hash, size));
        return hash;
    }
    // Published by a job that has ended: nothing pins it.
    common::Hash128 blob(const std::string& text) {
        store::BlobPins pins;
        return blob(text, pins);
    }
    bool blob_exists(const common::Hash128& hash) const {
        return ::access(artifacts->blob_path(hash).c_str(), F_OK) == 0;
    }
    // One entry whose object is `object` (a 4 KiB block in the store's totals).
    static cache::Manifest manifest_of(const common::Hash128& object, const std::string& dep = "/src/a.c") {
        cache::Manifest manifest;
        cache::ManifestEntry entry;
        entry.deps.push_back({dep, common::hash_bytes(dep).bytes()});
        entry.outputs.push_back({std::string(cache::output_kind::kObject), object.bytes(), 100});
        manifest.entries.push_back(std::move(entry));
        return manifest;
    }
    static common::Hash128 key(int i) { return common::hash_bytes("key" + std::to_string(i)); }

    std::unique_ptr<store::Index> index;
    std::unique_ptr<store::ArtifactStore> artifacts;
    std::unique_ptr<daemon::ManifestCache> manifests;
    cache::PathRemap no_remap;
};

TEST_F(ManifestStore, AStoredManifestIsServedFromMemory) {
    ASSERT_TRUE(manifests->store(key(0), no_remap, manifest_of(blob("a"))));
    std::shared_ptr<daemon::LiveManifest> first, second;
    ASSERT_EQ(manifests->load(key(0), no_remap, first), daemon::ManifestCache::Load::kFound);
    ASSERT_EQ(manifests->load(key(0), no_remap, second), daemon::ManifestCache::Load::kFound);
    EXPECT_EQ(first, second) << "decoded once, with its validators";
    EXPECT_EQ(first->validators.size(), first->manifest.entries.size());
    EXPECT_EQ(manifests->load(key(1), no_remap, second), daemon::ManifestCache::Load::kNone);
}

TEST_F(ManifestStore, AManifestThatDoesNotDecodeIsErasedNotServed) {
    std::vector<std::string> freed;
    ASSERT_TRUE(index->put_manifest(key(0), "not msgpack", {}, freed));
    std::shared_ptr<daemon::LiveManifest> live;
    EXPECT_EQ(manifests->load(key(0), no_remap, live), daemon::ManifestCache::Load::kBroken);
    EXPECT_FALSE(index->get_manifest(key(0)));
    EXPECT_EQ(manifests->load(key(0), no_remap, live), daemon::ManifestCache::Load::kNone);
}

TEST_F(ManifestStore, ARewriteFreesOnlyTheBlobsNoManifestNamesAnyMore) {
    common::Hash128 old_object = blob("old"), shared = blob("shared"), new_object = blob("new");
    ASSERT_TRUE(manifests->store(key(0), no_remap, manifest_of(old_object)));
    ASSERT_TRUE(manifests->store(key(1), no_remap, manifest_of(shared)));
    ASSERT_TRUE(manifests->store(key(2), no_remap, manifest_of(shared)));
    ASSERT_TRUE(manifests->store(key(0), no_remap, manifest_of(new_object)));
    EXPECT_FALSE(blob_exists(old_object));
    EXPECT_TRUE(blob_exists(new_object));
    std::shared_ptr<daemon::LiveManifest> live;
    ASSERT_EQ(manifests->load(key(0), no_remap, live), daemon::ManifestCache::Load::kFound);
    EXPECT_EQ(live->manifest.entries[0].outputs[0].blob, new_object.bytes()) << "memory follows the write";
    ASSERT_TRUE(manifests->erase(key(1)));
    EXPECT_TRUE(blob_exists(shared)) << "still key 2's";
    ASSERT_TRUE(manifests->erase(key(2)));
    EXPECT_FALSE(blob_exists(shared));
}

// An index that refuses writes (its map is full): what memory serves is what the index holds.
TEST_F(ManifestStore, AfterARefusedWriteMemoryAgreesWithTheIndex) {
    manifests.reset();
    index.reset();
    std::string error;
    index = store::Index::open(dir_ + "/small-index", error, size_t{256} << 10);
    ASSERT_TRUE(index) << error;
    manifests = std::make_unique<daemon::ManifestCache>(*index, *artifacts, /*capacity=*/8);
    common::Hash128 first = blob("first");
    ASSERT_TRUE(manifests->store(key(0), no_remap, manifest_of(first)));
    std::shared_ptr<daemon::LiveManifest> live;
    ASSERT_EQ(manifests->load(key(0), no_remap, live), daemon::ManifestCache::Load::kFound);  // now in memory
    // Fill the map, large values first, until not even a small one fits.
    std::vector<std::string> freed;
    int filler = 1000;
    for (size_t bytes : {size_t{32} << 10, size_t{4} << 10, size_t{512}, size_t{64}}) {
        while (index->put_manifest(key(filler), std::string(bytes, 'x'), {}, freed)) ++filler;
    }
    store::StoreTotals before = index->totals();

    common::Hash128 second = blob("second");
    cache::Manifest rewrite = manifest_of(second);
    for (int i = 0; i < 300; ++i) {  // tens of KiB: more than the pages the last write freed
        std::string dep = "/src/dep" + std::to_string(i) + ".h";
        rewrite.entries[0].deps.push_back({dep, common::hash_bytes(dep).bytes()});
    }
    EXPECT_FALSE(manifests->store(key(0), no_remap, rewrite)) << "the index took it after all";
    ASSERT_EQ(manifests->load(key(0), no_remap, live), daemon::ManifestCache::Load::kFound);
    ASSERT_EQ(live->manifest.entries.size(), 1u);
    EXPECT_EQ(live->manifest.entries[0].outputs[0].blob, first.bytes()) << "memory kept the refused write";
    EXPECT_TRUE(blob_exists(first)) << "the index still names it";
    EXPECT_EQ(index->totals().bytes, before.bytes);
    EXPECT_FALSE(manifests->store(key(1), no_remap, rewrite));
    EXPECT_EQ(manifests->load(key(1), no_remap, live), daemon::ManifestCache::Load::kNone);
}

// A job found the blob it produced already there; before its entry is written, the last entry
// that named the blob is evicted. The blob must survive for the job's entry.
TEST_F(ManifestStore, ABlobAJobFoundStaysWhenTheLastEntryNamingItIsEvicted) {
    common::Hash128 object = blob("same bytes");
    ASSERT_TRUE(manifests->store(key(0), no_remap, manifest_of(object)));
    {
        store::BlobPins pins;
        ASSERT_EQ(blob("same bytes", pins), object);
        ASSERT_TRUE(manifests->erase(key(0)));
        EXPECT_TRUE(blob_exists(object)) << "pinned by the job that is about to name it";
        ASSERT_TRUE(manifests->store(key(1), no_remap, manifest_of(object, "/src/b.c")));
    }
    EXPECT_TRUE(blob_exists(object)) << "key 1's now";
    ASSERT_TRUE(manifests->erase(key(1)));
    EXPECT_FALSE(blob_exists(object)) << "unpinned and unreferenced: freed";
}

// The index freed a blob, then another entry took it before the unlink came: it stays.
TEST_F(ManifestStore, ABlobIsNotUnlinkedOnceAnotherEntryReferencesIt) {
    common::Hash128 object = blob("shared later");
    std::vector<std::string> freed;
    ASSERT_TRUE(index->put_manifest(key(0), "a", {{object.bytes(), 4096}}, freed));
    ASSERT_TRUE(index->erase_manifest(key(0), freed));
    ASSERT_EQ(freed.size(), 1u);
    ASSERT_TRUE(index->put_manifest(key(1), "b", {{object.bytes(), 4096}}, freed));
    auto referenced = [&](const common::Hash128& h) { return index->references_blob(h.bytes()); };
    EXPECT_FALSE(artifacts->remove_unreferenced(object, referenced));
    EXPECT_TRUE(blob_exists(object));
    ASSERT_TRUE(index->erase_manifest(key(1), freed));
    EXPECT_TRUE(artifacts->remove_unreferenced(object, referenced));
    EXPECT_FALSE(blob_exists(object));
}

TEST_F(ManifestStore, MemoryIsBoundedAndWhatLeftItIsDecodedAgain) {
    common::Hash128 object = blob("a");
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(manifests->store(key(i), no_remap, manifest_of(object)));
    EXPECT_LE(manifests->size(), 8u);
    std::shared_ptr<daemon::LiveManifest> live;
    EXPECT_EQ(manifests->load(key(0), no_remap, live), daemon::ManifestCache::Load::kFound);
}

TEST_F(ManifestStore, TheLeastRecentlyUsedLeavesMemoryFirst) {
    common::Hash128 object = blob("a");
    for (int i = 0; i < 8; ++i) ASSERT_TRUE(manifests->store(key(i), no_remap, manifest_of(object)));
    std::shared_ptr<daemon::LiveManifest> first, again;
    ASSERT_EQ(manifests->load(key(0), no_remap, first), daemon::ManifestCache::Load::kFound);  // now the most recent
    for (int i = 8; i < 15; ++i) ASSERT_TRUE(manifests->store(key(i), no_remap, manifest_of(object)));
    ASSERT_EQ(manifests->load(key(0), no_remap, again), daemon::ManifestCache::Load::kFound);
    EXPECT_EQ(first, again) << "the manifest used last was dropped before older ones";
    ASSERT_EQ(manifests->load(key(1), no_remap, again), daemon::ManifestCache::Load::kFound);
    EXPECT_EQ(manifests->size(), 8u);
}

TEST_F(ManifestStore, MemoryIsBoundedByBytesWhateverTheHeaderCount) {
    constexpr size_t kBudget = 256 * 1024;
    daemon::ManifestCache budgeted(*index, *artifacts, /*capacity=*/1000, kBudget);
    common::Hash128 object = blob("a");
    cache::Manifest big = manifest_of(object);
    for (int d = 0; d < 300; ++d) {
        std::string path = "/src/include/a_header_with_a_long_name_" + std::to_string(d) + ".h";
        big.entries[0].deps.push_back({path, common::hash_bytes(path).bytes()});
    }
    size_t one = daemon::estimated_bytes(big);
    ASSERT_GT(one, size_t{300 * 150});  // each header counts, so the budget holds few
    for (int i = 0; i < 40; ++i) ASSERT_TRUE(budgeted.store(key(i), no_remap, big));
    EXPECT_LE(budgeted.bytes(), kBudget);
    EXPECT_EQ(budgeted.size(), kBudget / one) << "as many as the budget holds, the count limit far away";
    std::shared_ptr<daemon::LiveManifest> live;
    EXPECT_EQ(budgeted.load(key(0), no_remap, live), daemon::ManifestCache::Load::kFound) << "decoded again";
    EXPECT_LE(budgeted.bytes(), kBudget);
    budgeted.clear();
    EXPECT_EQ(budgeted.bytes(), 0u);
}

TEST_F(ManifestStore, CopiesForOtherRootsStayBoundedAsTheyComeAndGo) {
    common::Hash128 object = blob("a");
    ASSERT_TRUE(manifests->store(key(0), no_remap, manifest_of(object, "/work/a/src/a.c")));
    for (int round = 0; round < 50; ++round) {
        // Another worktree's copy, then enough other manifests to push it out of memory.
        cache::PathRemap tree;
        tree.add_root("/work/t" + std::to_string(round % 3), "root");
        std::shared_ptr<daemon::LiveManifest> live;
        ASSERT_EQ(manifests->load(key(0), tree, live), daemon::ManifestCache::Load::kFound);
        for (int i = 1; i < 9; ++i) ASSERT_TRUE(manifests->store(key(i), no_remap, manifest_of(object)));
    }
    EXPECT_LE(manifests->variants(), manifests->size());
    EXPECT_EQ(manifests->variants(), 0u) << "every copy for another root left memory";
}

TEST_F(ManifestStore, EachWorktreeGetsItsOwnCopyAndAWriteDropsThemAll) {
    cache::PathRemap tree_a, tree_b;
    tree_a.add_root("/work/a", "root");
    tree_b.add_root("/work/b", "root");
    ASSERT_TRUE(manifests->store(key(0), tree_a, manifest_of(blob("x"), "/work/a/src/a.c")));
    std::shared_ptr<daemon::LiveManifest> in_a, in_b;
    ASSERT_EQ(manifests->load(key(0), tree_a, in_a), daemon::ManifestCache::Load::kFound);
    ASSERT_EQ(manifests->load(key(0), tree_b, in_b), daemon::ManifestCache::Load::kFound);
    EXPECT_EQ(in_a->manifest.entries[0].deps[0].path, "/work/a/src/a.c");
    EXPECT_EQ(in_b->manifest.entries[0].deps[0].path, "/work/b/src/a.c");
    ASSERT_TRUE(manifests->store(key(0), tree_a, manifest_of(blob("y"), "/work/a/src/b.c")));
    ASSERT_EQ(manifests->load(key(0), tree_b, in_b), daemon::ManifestCache::Load::kFound);
    EXPECT_EQ(in_b->manifest.entries[0].deps[0].path, "/work/b/src/b.c") << "the other tree's copy was dropped";
}

// The evictor: a clock the test moves, manifests of one 4 KiB block each.
class EvictionTest : public ManifestStore {
  protected:
    int64_t now = 1000;
    daemon::Stats stats;
    std::vector<common::Hash128> objects;

    void fill(int count) {
        for (int i = 0; i < count; ++i) {
            objects.push_back(blob("object " + std::to_string(i)));
            ASSERT_TRUE(manifests->store(key(i), no_remap, manifest_of(objects.back())));
        }
    }
    bool present(int i) {
        std::shared_ptr<daemon::LiveManifest> live;
        return manifests->load(key(i), no_remap, live) == daemon::ManifestCache::Load::kFound;
    }
};

TEST_F(EvictionTest, UnderTheLimitNothingGoes) {
    fill(4);
    daemon::Evictor evictor(4 * 4096, [this] { return now; });
    EXPECT_EQ(evictor.evict(*index, *manifests, stats), 0u);
    for (int i = 0; i < 4; ++i) EXPECT_TRUE(present(i));
}

TEST_F(EvictionTest, TheLeastRecentlyUsedGoUntilTheStoreIsUnderNinetyPercent) {
    fill(10);
    daemon::Evictor evictor(8 * 4096, [this] { return now; });
    for (int i = 0; i < 10; ++i) {
        ++now;
        evictor.note_use(key(i));
    }
    ++now;
    evictor.note_use(key(0));  // used again: the newest now
    // 10 blocks over a limit of 8: down to 90% of it, 7 blocks; keys 1, 2 and 3 were the oldest.
    EXPECT_EQ(evictor.evict(*index, *manifests, stats), 3u);
    EXPECT_TRUE(present(0));
    for (int i : {1, 2, 3}) {
        EXPECT_FALSE(present(i)) << i;
        EXPECT_FALSE(blob_exists(objects[i])) << i;
    }
    for (int i = 4; i < 10; ++i) EXPECT_TRUE(present(i)) << i;
    EXPECT_LE(index->totals().bytes, 8u * 4096 / 10 * 9);
    EXPECT_EQ(stats.counters().at("evicted"), 3u);
}

TEST_F(EvictionTest, ABlobAnotherManifestStillUsesStays) {
    common::Hash128 shared = blob("shared");
    ASSERT_TRUE(manifests->store(key(0), no_remap, manifest_of(shared)));
    ASSERT_TRUE(manifests->store(key(1), no_remap, manifest_of(shared)));
    ASSERT_TRUE(manifests->store(key(2), no_remap, manifest_of(blob("two"))));
    ASSERT_TRUE(manifests->store(key(3), no_remap, manifest_of(blob("three"))));
    daemon::Evictor evictor(2 * 4096, [this] { return now; });
    for (int i : {0, 2, 3, 1}) {
        ++now;
        evictor.note_use(key(i));
    }
    // Three blocks (the shared one counted once) over a limit of two: removing key 0 frees
    // nothing, so keys 2 and 3 go too; key 1 and the blob it shares stay.
    EXPECT_EQ(evictor.evict(*index, *manifests, stats), 3u);
    for (int i : {0, 2, 3}) EXPECT_FALSE(present(i)) << i;
    EXPECT_TRUE(present(1));
    EXPECT_TRUE(blob_exists(shared));
    EXPECT_EQ(index->totals().bytes, 4096u);
}

}  // namespace

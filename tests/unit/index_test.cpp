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
        ASSERT_TRUE(index->put_manifest(key, "value"));
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
    EXPECT_TRUE(index->put_manifest(common::hash_bytes("k"), "v"));
    common::remove_tree(dir);
}

#include "cache/manifest.h"

#include <gtest/gtest.h>

#include <functional>
#include <msgpack.hpp>

using namespace zc::cache;

TEST(Manifest, RoundTrip) {
    Manifest m;
    ManifestEntry e;
    e.deps = {{"/a.c", std::string(16, 'x')}};
    e.absent = {"/shadow.h"};
    e.stderr_data = "warning";
    e.outputs = {{"object", std::string(16, 'y'), 42}};
    add_entry(m, e);
    auto decoded = decode_manifest(encode_manifest(m));
    ASSERT_TRUE(decoded);
    ASSERT_EQ(decoded->entries.size(), 1u);
    EXPECT_EQ(decoded->entries[0].deps[0].path, "/a.c");
    EXPECT_EQ(decoded->entries[0].absent, std::vector<std::string>{"/shadow.h"});
    EXPECT_EQ(decoded->entries[0].outputs[0].size, 42);
}

TEST(Manifest, GarbageIsRejected) {
    EXPECT_FALSE(decode_manifest("not msgpack at all"));
    EXPECT_FALSE(decode_manifest(""));
}

TEST(Manifest, SameDependenciesReplaceAndTheListIsBounded) {
    Manifest m;
    for (int i = 0; i < 40; ++i) {
        ManifestEntry e;
        e.deps = {{"/a.c", std::to_string(i % 20)}};
        add_entry(m, e);
    }
    EXPECT_EQ(m.entries.size(), kMaxEntriesPerManifest);
    EXPECT_EQ(m.entries[0].deps[0].hash, "19");
}

TEST(Manifest, SameFilesWithAnotherEnvironmentIsAnotherEntry) {
    Manifest m;
    for (const char* value : {"first", "second", "first"}) {
        ManifestEntry e;
        e.deps = {{"/lib.rs", "h"}};
        e.env_deps = {{"BUILD_VALUE", value, true}};
        add_entry(m, e);
    }
    ASSERT_EQ(m.entries.size(), 2u);
    EXPECT_EQ(m.entries[0].env_deps[0].value, "first");
    EXPECT_EQ(m.entries[1].env_deps[0].value, "second");
}

// A manifest of format 1 around one entry, as MessagePack written by `entry`.
std::string manifest_around(const std::function<void(msgpack::packer<msgpack::sbuffer>&)>& entry) {
    msgpack::sbuffer buffer;
    msgpack::packer<msgpack::sbuffer> pk(buffer);
    pk.pack_map(2);
    pk.pack(std::string("format"));
    pk.pack(uint32_t{1});
    pk.pack(std::string("entries"));
    pk.pack_array(1);
    entry(pk);
    return std::string(buffer.data(), buffer.size());
}

TEST(Manifest, EntriesWrittenBeforeEnvironmentDependenciesStillDecode) {
    std::optional<Manifest> m = decode_manifest(manifest_around([](msgpack::packer<msgpack::sbuffer>& pk) {
        pk.pack_map(2);
        pk.pack(std::string("exit_code"));
        pk.pack(int32_t{3});
        pk.pack(std::string("stderr_data"));
        pk.pack(std::string("warning"));
    }));
    ASSERT_TRUE(m.has_value());
    ASSERT_EQ(m->entries.size(), 1u);
    const ManifestEntry& entry = m->entries[0];
    EXPECT_EQ(entry.exit_code, 3);
    EXPECT_EQ(entry.stderr_data, "warning");
    EXPECT_TRUE(entry.env_deps.empty());
}

TEST(Manifest, OutputRecordsWrittenBeforePathAndModeStillDecode) {
    std::optional<Manifest> m = decode_manifest(manifest_around([](msgpack::packer<msgpack::sbuffer>& pk) {
        pk.pack_map(1);
        pk.pack(std::string("outputs"));
        pk.pack_array(1);
        pk.pack(std::make_tuple(std::string("object"), std::string(16, 'h'), int64_t{42}));
    }));
    ASSERT_TRUE(m.has_value());
    ASSERT_EQ(m->entries.size(), 1u);
    ASSERT_EQ(m->entries[0].outputs.size(), 1u);
    const OutputRecord& record = m->entries[0].outputs[0];
    EXPECT_EQ(record.kind, "object");
    EXPECT_EQ(record.size, 42);
    EXPECT_EQ(record.path, "");
    EXPECT_EQ(record.mode, 0644u);
}

TEST(Manifest, AClaimOfMoreElementsThanBytesIsBrokenNotAnAllocation) {
    // A map header claiming ~800 million entries in a few bytes: found by fuzz_frame.
    std::string bytes =
        "\xdf\x2f\x77\xa4\x61\xa3"
        "cwd";
    EXPECT_EQ(decode_manifest(bytes), std::nullopt);
}

// The validator on the virtual disk: a proven entry costs only the names its watches saw change,
// and every change that matters to a compile fails it.

#include "daemon/entry_validator.h"

#include <gtest/gtest.h>

#include "analysis/ninja_deps_log.h"
#include "cache/manifest.h"
#include "common/hash.h"
#include "meta/file_metadata_cache.h"
#include "virtual_disk.h"

using namespace zc;

namespace {

constexpr int kHeaders = 50;

class EntryValidatorOnVirtualDisk : public ::testing::Test {
  protected:
    void SetUp() override {
        disk.mkdir("/inc");
        disk.mkdir("/src");
        disk.mkdir("/opt");
        for (int i = 0; i < kHeaders; ++i) add_dep(header(i), "int h" + std::to_string(i) + ";");
        add_dep("/src/main.c", "#include \"h0.h\"");
        entry.absent = {"/src/h0.h", "/opt/inc/h1.h"};  // a header that would shadow; a missing -I dir
        disk.advance(virtual_fs::kSecond);
    }
    static std::string header(int i) { return "/inc/h" + std::to_string(i) + ".h"; }
    void add_dep(const std::string& path, const std::string& text) {
        disk.write(path, text);
        entry.deps.push_back({path, common::hash_bytes(text).bytes()});
    }
    // As the daemon asks: the watcher drained first.
    bool unchanged() {
        files.drain();
        return validator.inputs_unchanged(files, watcher, entry);
    }
    uint64_t lookups() const { return files.counters().lookups; }

    virtual_fs::VirtualDisk disk;
    virtual_fs::VirtualWatcher watcher{disk};
    meta::FileMetadataCache files{watcher, disk};
    daemon::EntryValidator validator;
    cache::ManifestEntry entry;
};

TEST_F(EntryValidatorOnVirtualDisk, AProvenEntryIsMemoryWorkAndLooksAtNothingWhenNothingChanged) {
    ASSERT_TRUE(unchanged());
    uint64_t before = lookups();
    disk.calls = {};
    ASSERT_TRUE(unchanged());
    EXPECT_EQ(lookups(), before) << "no event since it was proven: no lookup at all";
    EXPECT_EQ(disk.calls.total(), 0);
}

TEST_F(EntryValidatorOnVirtualDisk, OnlyTheNamesThatChangedAreLookedAt) {
    ASSERT_TRUE(unchanged());
    disk.write("/inc/unrelated.h", "x");
    uint64_t before = lookups();
    ASSERT_TRUE(unchanged());
    EXPECT_EQ(lookups(), before) << "a name the entry does not depend on";
    disk.write(header(7), "int h7;");  // replaced by the same text
    before = lookups();
    ASSERT_TRUE(unchanged());
    EXPECT_EQ(lookups(), before + 1);
}

TEST_F(EntryValidatorOnVirtualDisk, AChangedDependencyFails) {
    ASSERT_TRUE(unchanged());
    disk.rewrite_in_place(header(3), "int hX;");
    EXPECT_FALSE(unchanged());
}

TEST_F(EntryValidatorOnVirtualDisk, ARemovedDependencyFails) {
    ASSERT_TRUE(unchanged());
    disk.remove(header(49));
    EXPECT_FALSE(unchanged());
}

TEST_F(EntryValidatorOnVirtualDisk, AHeaderThatNowShadowsFails) {
    ASSERT_TRUE(unchanged());
    disk.write("/src/h0.h", "int shadow;");
    EXPECT_FALSE(unchanged());
}

TEST_F(EntryValidatorOnVirtualDisk, AMissingIncludeDirectoryThatAppearsIsLookedInto) {
    ASSERT_TRUE(unchanged());
    disk.mkdir("/opt/inc");
    EXPECT_TRUE(unchanged()) << "the directory appeared, the header in it did not";
    disk.write("/opt/inc/h1.h", "int shadow;");
    EXPECT_FALSE(unchanged());
}

TEST_F(EntryValidatorOnVirtualDisk, AnIncludeDirectoryReplacedByAnotherIsCheckedInFull) {
    ASSERT_TRUE(unchanged());
    disk.remove("/inc");
    disk.mkdir("/inc");
    for (int i = 0; i < kHeaders; ++i) disk.write(header(i), "int h" + std::to_string(i) + ";");
    EXPECT_TRUE(unchanged());
    disk.rewrite_in_place(header(0), "int hY;");
    EXPECT_FALSE(unchanged());
}

TEST_F(EntryValidatorOnVirtualDisk, MoreChangesThanTheEventLogHoldsMeanAFullCheck) {
    ASSERT_TRUE(unchanged());
    for (int i = 0; i < 5000; ++i) disk.write("/inc/noise" + std::to_string(i) + ".h", "");
    uint64_t before = lookups();
    ASSERT_TRUE(unchanged());
    EXPECT_GE(lookups(), before + kHeaders) << "the log no longer reaches back: every check made again";
}

TEST_F(EntryValidatorOnVirtualDisk, LostEventsMeanAFullCheckThatStillSeesAChange) {
    ASSERT_TRUE(unchanged());
    disk.advance(virtual_fs::kSecond);
    disk.rewrite_in_place(header(5), "int hZ;");
    watcher.lose_events();
    EXPECT_FALSE(unchanged());
}

TEST_F(EntryValidatorOnVirtualDisk, TheNewestInputIsRememberedUntilAGroupSeesAChange) {
    ASSERT_TRUE(unchanged());
    int64_t first = validator.newest_input_mtime(files, entry);
    EXPECT_GT(first, 0);
    ASSERT_TRUE(unchanged());
    uint64_t before = lookups();
    EXPECT_EQ(validator.newest_input_mtime(files, entry), first);
    EXPECT_EQ(lookups(), before) << "nothing changed since it was computed: no lookup";
    disk.advance(virtual_fs::kSecond);
    disk.write(header(7), "int h7;");  // the same text, a newer mtime: still a hit
    ASSERT_TRUE(unchanged());
    EXPECT_GT(validator.newest_input_mtime(files, entry), first) << "a touched header dates the restore";
}

TEST(EntryValidatorDepInputs, HashesTheDepFilesInputsAsNinjaWouldRecordThemFromEachCwd) {
    cache::ManifestEntry entry;
    entry.dep_file_text = "obj/a.o: ../src/a.c /usr/include/stdio.h \\\n inc/a.h /usr/lib/gcc/../../include/x.h\n";
    auto expected = [](std::initializer_list<std::string_view> paths) {
        analysis::NinjaDepsLog::InputsHash hash;
        for (std::string_view path : paths) hash.add(path);
        return hash.digest();
    };
    common::Hash128 from_p = expected({"/p/src/a.c", "/usr/include/stdio.h", "/p/build/inc/a.h", "/usr/include/x.h"});
    daemon::EntryValidator validator;
    EXPECT_EQ(validator.dep_inputs_hash(entry, "/p/build"), from_p);
    // Another cwd is other paths, worked out afresh, and back again.
    EXPECT_EQ(validator.dep_inputs_hash(entry, "/q/build"),
              expected({"/q/src/a.c", "/usr/include/stdio.h", "/q/build/inc/a.h", "/usr/include/x.h"}));
    EXPECT_EQ(validator.dep_inputs_hash(entry, "/p/build"), from_p);
    // The order and the count are part of it.
    EXPECT_NE(from_p, expected({"/usr/include/stdio.h", "/p/src/a.c", "/p/build/inc/a.h", "/usr/include/x.h"}));
    EXPECT_NE(from_p, expected({"/p/src/a.c", "/usr/include/stdio.h", "/p/build/inc/a.h"}));
}

}  // namespace

#include <fcntl.h>
#include <gtest/gtest.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fs.h"
#include "meta/file_metadata_cache.h"
#include "temp_dir_fixture.h"

using namespace zc;

using MetadataCacheTest = TempDirTest;

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

TEST_F(MetadataCacheTest, ContentOnlyLookupsLeaveTheTextFactsToALaterGet) {
    auto watcher = meta::make_inotify_watcher();
    meta::FileMetadataCache cache(*watcher);
    std::string text = "const char* t = __TIME__;\n#include \"x.h\"\n#if __has_include(<y.h>)\n#endif\n.incbin \"z\"\n";
    ASSERT_TRUE(common::write_file_atomic(dir_ + "/member", text));
    cache.drain();
    meta::FileInfo content = cache.content_of(dir_ + "/member");
    EXPECT_EQ(content.hash, common::hash_bytes(text));
    EXPECT_FALSE(content.text_scanned || content.has_time_macro || content.probes || content.quoted_includes);
    EXPECT_EQ(cache.counters().hashes, 1u);
    // A compile reading the same file gets every fact, though the entry was trusted.
    meta::FileInfo read = cache.get(dir_ + "/member");
    EXPECT_TRUE(read.text_scanned && read.has_time_macro && read.has_assembler_include && read.probes &&
                read.quoted_includes);
    EXPECT_EQ(cache.counters().hashes, 2u);
    // What a get() found serves either kind of lookup from memory.
    uint64_t from_memory = cache.counters().from_memory;
    EXPECT_TRUE(cache.content_of(dir_ + "/member").has_time_macro);
    EXPECT_TRUE(cache.get(dir_ + "/member").has_time_macro);
    EXPECT_EQ(cache.counters().from_memory, from_memory + 2);
}

// A watcher that can watch nothing: every lookup falls back to stat validation.
class NoWatcher final : public meta::DirectoryWatcher {
  public:
    std::shared_ptr<meta::WatchedDir> watch(const std::string&) override { return nullptr; }
    bool watch_file(const std::string&, std::string_view) override { return false; }
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
    // The event for other.o did not drop kept.h's entry: it is served from memory, untouched.
    meta::MetadataCounters before = cache.counters();
    EXPECT_EQ(cache.get(kept).hash, common::hash_bytes("kept"));
    meta::MetadataCounters after = cache.counters();
    EXPECT_EQ(after.from_memory, before.from_memory + 1);
    EXPECT_EQ(after.stats, before.stats);
    EXPECT_EQ(after.hashes, before.hashes);
    // And a write to kept.h itself is seen: its next lookup stats and rehashes it.
    ASSERT_TRUE(common::write_file_atomic(kept, "changed"));
    cache.drain();
    EXPECT_EQ(cache.get(kept).hash, common::hash_bytes("changed"));
    EXPECT_EQ(cache.counters().hashes, after.hashes + 1);
}

TEST_F(MetadataCacheTest, ARetargetedSymlinkOnThePathEndsItsDirectorysWatch) {
    auto watcher = meta::make_inotify_watcher();
    meta::FileMetadataCache cache(*watcher);
    ASSERT_EQ(::mkdir((dir_ + "/v1").c_str(), 0755), 0);
    ASSERT_EQ(::mkdir((dir_ + "/v2").c_str(), 0755), 0);
    ASSERT_TRUE(common::write_file_atomic(dir_ + "/v1/a.h", "one"));
    ASSERT_TRUE(common::write_file_atomic(dir_ + "/v2/a.h", "two"));
    ASSERT_EQ(::symlink("v1", (dir_ + "/inc").c_str()), 0);
    std::shared_ptr<meta::WatchedDir> watch = watcher->watch(dir_ + "/inc");
    ASSERT_TRUE(watch);
    EXPECT_EQ(cache.get(dir_ + "/inc/a.h").hash, common::hash_bytes("one"));
    cache.drain();
    cache.get(dir_ + "/inc/a.h");
    // ln -sfn v2 inc: no event in v1, only in the directory holding the link.
    ASSERT_EQ(::symlink("v2", (dir_ + "/inc.new").c_str()), 0);
    ASSERT_EQ(::rename((dir_ + "/inc.new").c_str(), (dir_ + "/inc").c_str()), 0);
    cache.drain();
    EXPECT_FALSE(watch->valid.load());
    EXPECT_EQ(cache.get(dir_ + "/inc/a.h").hash, common::hash_bytes("two"));
}

TEST_F(MetadataCacheTest, AWriteThroughAHardLinkMadeLaterElsewhereIsSeen) {
    auto watcher = meta::make_inotify_watcher();
    meta::FileMetadataCache cache(*watcher);
    std::string other;
    {
        char tmpl[] = "/tmp/zc-meta-other-XXXXXX";
        other = ::mkdtemp(tmpl);
    }
    std::string path = dir_ + "/a.h";
    ASSERT_TRUE(common::write_file_atomic(path, "one"));
    cache.get(path);
    cache.drain();
    ASSERT_TRUE(cache.get(path).watch_covers);
    // A name in a directory nobody watches, then an in-place write through it.
    ASSERT_EQ(::link(path.c_str(), (other + "/alias.h").c_str()), 0);
    {
        common::UniqueFd fd(::open((other + "/alias.h").c_str(), O_WRONLY | O_TRUNC));
        ASSERT_TRUE(fd.valid());
        ASSERT_EQ(::write(fd.get(), "two", 3), 3);
    }
    cache.drain();
    EXPECT_EQ(cache.get(path).hash, common::hash_bytes("two"));
    common::remove_tree(other);
}

namespace {
// The inotify watcher, counting how often the cache asks it for a watch.
class CountingWatcher final : public meta::DirectoryWatcher {
  public:
    std::shared_ptr<meta::WatchedDir> watch(const std::string& dir) override {
        ++calls;
        return inner->watch(dir);
    }
    bool watch_file(const std::string& dir, std::string_view name) override {
        ++calls;
        return inner->watch_file(dir, name);
    }
    void drain(const meta::ChangeCallback& changed) override { inner->drain(changed); }
    size_t watch_count() const override { return inner->watch_count(); }

    std::unique_ptr<meta::DirectoryWatcher> inner = meta::make_inotify_watcher();
    int calls = 0;
};

void write_in_place(const std::string& path, std::string_view text) {
    common::UniqueFd fd(::open(path.c_str(), O_WRONLY | O_TRUNC));
    ASSERT_TRUE(fd.valid());
    ASSERT_EQ(::write(fd.get(), text.data(), text.size()), static_cast<ssize_t>(text.size()));
}
}  // namespace

// uClibc's include/bits/*.h are symlinks into libc/sysdeps: each compile looks them up dozens of times.
TEST_F(MetadataCacheTest, ASymlinkedHeaderIsServedFromMemoryAndFollowsItsTarget) {
    CountingWatcher watcher;
    meta::FileMetadataCache cache(watcher);
    ASSERT_EQ(::mkdir((dir_ + "/real").c_str(), 0755), 0);
    ASSERT_EQ(::mkdir((dir_ + "/inc").c_str(), 0755), 0);
    std::string target = dir_ + "/real/a.h", link = dir_ + "/inc/a.h";
    ASSERT_TRUE(common::write_file_atomic(target, "one"));
    ASSERT_EQ(::symlink("../real/a.h", link.c_str()), 0);
    meta::FileInfo first = cache.get(link);
    EXPECT_EQ(first.hash, common::hash_bytes("one"));
    EXPECT_FALSE(first.watch_covers);  // the link's directory alone does not see the target change
    cache.drain();
    cache.get(link);
    cache.drain();
    int before = watcher.calls;
    EXPECT_EQ(cache.get(link).hash, common::hash_bytes("one"));
    EXPECT_EQ(watcher.calls, before) << "a trusted symlink and its target are memory work";
    // The target rewritten in place, same size, same tick: only its own watch can tell.
    write_in_place(target, "two");
    cache.drain();
    EXPECT_EQ(cache.get(link).hash, common::hash_bytes("two"));
    // Retargeted (ln -sf): an event in the link's directory.
    ASSERT_TRUE(common::write_file_atomic(dir_ + "/real/b.h", "bee"));
    ASSERT_EQ(::symlink("../real/b.h", (dir_ + "/inc/b.new").c_str()), 0);
    ASSERT_EQ(::rename((dir_ + "/inc/b.new").c_str(), link.c_str()), 0);
    cache.drain();
    EXPECT_EQ(cache.get(link).hash, common::hash_bytes("bee"));
    // The target removed: the link dangles.
    ASSERT_EQ(::unlink((dir_ + "/real/b.h").c_str()), 0);
    cache.drain();
    EXPECT_FALSE(cache.get(link).exists);
}

TEST_F(MetadataCacheTest, SymlinkChainsAreFollowedAndLoopsEnd) {
    auto watcher = meta::make_inotify_watcher();
    meta::FileMetadataCache cache(*watcher);
    ASSERT_EQ(::mkdir((dir_ + "/d").c_str(), 0755), 0);
    ASSERT_TRUE(common::write_file_atomic(dir_ + "/d/file.h", "end"));
    ASSERT_EQ(::symlink("d/file.h", (dir_ + "/second.h").c_str()), 0);
    ASSERT_EQ(::symlink("second.h", (dir_ + "/first.h").c_str()), 0);
    EXPECT_EQ(cache.get(dir_ + "/first.h").hash, common::hash_bytes("end"));
    // Retargeting the middle link is seen through the first.
    ASSERT_TRUE(common::write_file_atomic(dir_ + "/other.h", "other"));
    ASSERT_EQ(::symlink("other.h", (dir_ + "/second.new").c_str()), 0);
    cache.drain();
    cache.get(dir_ + "/first.h");
    ASSERT_EQ(::rename((dir_ + "/second.new").c_str(), (dir_ + "/second.h").c_str()), 0);
    cache.drain();
    EXPECT_EQ(cache.get(dir_ + "/first.h").hash, common::hash_bytes("other"));
    ASSERT_EQ(::symlink("loop-b.h", (dir_ + "/loop-a.h").c_str()), 0);
    ASSERT_EQ(::symlink("loop-a.h", (dir_ + "/loop-b.h").c_str()), 0);
    EXPECT_FALSE(cache.get(dir_ + "/loop-a.h").exists);
    EXPECT_FALSE(cache.get(dir_ + "/loop-a.h").regular);
}

// How the daemon finds the compiler a request names: /usr/bin/gcc -> gcc-12 -> x86_64-linux-gnu-gcc-12.
TEST_F(MetadataCacheTest, RealPathIsRealpathAndFollowsRetargets) {
    CountingWatcher watcher;
    meta::FileMetadataCache cache(watcher);
    ASSERT_EQ(::mkdir((dir_ + "/opt").c_str(), 0755), 0);
    ASSERT_TRUE(common::write_file_atomic(dir_ + "/opt/tool-12", "#!/bin/sh\n"));
    ASSERT_TRUE(common::write_file_atomic(dir_ + "/opt/tool-13", "#!/bin/sh\n"));
    ASSERT_EQ(::symlink("opt", (dir_ + "/bin").c_str()), 0);  // a directory link on the way
    ASSERT_EQ(::symlink("tool-12", (dir_ + "/opt/tool").c_str()), 0);
    std::string named = dir_ + "/bin/tool";
    char real[PATH_MAX];
    ASSERT_TRUE(::realpath(named.c_str(), real));
    EXPECT_EQ(cache.real_path(named), real);
    cache.drain();
    cache.real_path(named);
    cache.drain();
    int before = watcher.calls;
    EXPECT_EQ(cache.real_path(named), real);
    EXPECT_EQ(watcher.calls, before) << "an unchanged chain is memory work";
    ASSERT_EQ(::symlink("tool-13", (dir_ + "/opt/tool.new").c_str()), 0);
    ASSERT_EQ(::rename((dir_ + "/opt/tool.new").c_str(), (dir_ + "/opt/tool").c_str()), 0);
    cache.drain();
    ASSERT_TRUE(::realpath(named.c_str(), real));
    EXPECT_EQ(cache.real_path(named), real);
    EXPECT_EQ(std::string(real).substr(std::string(real).size() - 7), "tool-13");
    EXPECT_EQ(cache.real_path(dir_ + "/missing"), dir_ + "/missing");
}

TEST_F(MetadataCacheTest, MemoryIsBoundedAndTheRecentlyUsedStay) {
    auto watcher = meta::make_inotify_watcher();
    meta::FileMetadataCache cache(*watcher, /*capacity=*/64);
    std::string hot = dir_ + "/hot.h";
    ASSERT_TRUE(common::write_file_atomic(hot, "hot"));
    cache.get(hot);
    cache.drain();
    cache.get(hot);  // stored trusted now
    for (int i = 0; i < 1000; ++i) {
        std::string path = dir_ + "/f" + std::to_string(i) + ".h";
        ASSERT_TRUE(common::write_file_atomic(path, std::to_string(i)));
        EXPECT_EQ(cache.get(path).hash, common::hash_bytes(std::to_string(i)));
        cache.get(hot);  // kept the most recently used in its shard
    }
    EXPECT_LE(cache.size(), 64u);
    cache.drain();
    meta::MetadataCounters before = cache.counters();
    EXPECT_EQ(cache.get(hot).hash, common::hash_bytes("hot"));
    EXPECT_EQ(cache.counters().from_memory, before.from_memory + 1);
    // One that was dropped is looked at afresh, and is still right.
    EXPECT_EQ(cache.get(dir_ + "/f0.h").hash, common::hash_bytes("0"));
}

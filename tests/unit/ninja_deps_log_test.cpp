#include "analysis/ninja_deps_log.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

using zc::analysis::NinjaDepsLog;

namespace {

std::vector<std::string> inputs_of(const NinjaDepsLog& log, const NinjaDepsLog::Record& record) {
    std::vector<std::string> out;
    for (size_t i = 0; i < record.inputs.size(); ++i) out.push_back(log.input(record, i));
    return out;
}

// A deps log written as ninja writes one (format 4, this host's byte order).
class LogWriter {
  public:
    LogWriter() {
        bytes_ = "# ninjadeps\n";
        u32(4);
    }
    uint32_t path(const std::string& p) {
        std::string padded = p;
        while (padded.size() % 4 != 0) padded.push_back('\0');
        u32(static_cast<uint32_t>(padded.size() + 4));
        bytes_ += padded;
        u32(~next_id_);
        return next_id_++;
    }
    void deps(uint32_t out, int64_t mtime, const std::vector<uint32_t>& inputs) {
        u32(static_cast<uint32_t>(12 + 4 * inputs.size()) | 0x80000000u);
        u32(out);
        u32(static_cast<uint32_t>(static_cast<uint64_t>(mtime)));
        u32(static_cast<uint32_t>(static_cast<uint64_t>(mtime) >> 32));
        for (uint32_t id : inputs) u32(id);
    }
    void u32(uint32_t v) {
        char raw[4];
        std::memcpy(raw, &v, 4);
        bytes_.append(raw, 4);
    }
    std::string bytes_;

  private:
    uint32_t next_id_ = 0;
};

}  // namespace

TEST(NinjaDepsLog, ReadsTheLatestRecordOfEachOutputWithPathsMadeAbsolute) {
    LogWriter w;
    uint32_t out = w.path("obj/a.o");
    uint32_t src = w.path("../src/a.c");
    uint32_t hdr = w.path("/usr/include/stdio.h");
    uint32_t mine = w.path("../src/a.h");
    w.deps(out, 100, {src, hdr});
    w.deps(out, int64_t{5} << 33, {src, hdr, mine});  // a later build: it replaces the first
    auto log = NinjaDepsLog::parse(w.bytes_, "/p/build");
    ASSERT_TRUE(log);
    const NinjaDepsLog::Record* record = log->find("/p/build/obj/a.o");
    ASSERT_NE(record, nullptr);
    EXPECT_EQ(record->mtime_ns, int64_t{5} << 33);
    EXPECT_EQ(inputs_of(*log, *record), (std::vector<std::string>{"/p/src/a.c", "/usr/include/stdio.h", "/p/src/a.h"}));
    EXPECT_EQ(log->find("/p/build/obj/b.o"), nullptr);
    EXPECT_EQ(log->find("/p/src/a.c"), nullptr);  // a node, but nothing recorded for it
}

TEST(NinjaDepsLog, EachRecordsInputsAreHashedInOrder) {
    LogWriter w;
    uint32_t out = w.path("a.o");
    uint32_t src = w.path("a.c");
    uint32_t hdr = w.path("/usr/include/stdio.h");
    w.deps(out, 1, {src, hdr});
    uint32_t other = w.path("b.o");
    w.deps(other, 1, {hdr, src});
    auto log = NinjaDepsLog::parse(w.bytes_, "/b");
    ASSERT_TRUE(log);
    NinjaDepsLog::InputsHash hash;
    hash.add("/b/a.c");
    hash.add("/usr/include/stdio.h");
    EXPECT_EQ(log->find("/b/a.o")->inputs_hash, hash.digest());
    EXPECT_NE(log->find("/b/b.o")->inputs_hash, log->find("/b/a.o")->inputs_hash);
}

TEST(NinjaDepsLog, StopsAtADamagedRecordAsNinjaDoes) {
    LogWriter w;
    uint32_t out = w.path("a.o");
    uint32_t src = w.path("a.c");
    w.deps(out, 1, {src});
    uint32_t other = w.path("b.o");
    w.deps(other, 1, {src, 7});  // an input id no path record gave
    uint32_t third = w.path("c.o");
    w.deps(third, 1, {src});
    auto log = NinjaDepsLog::parse(w.bytes_, "/b");
    ASSERT_TRUE(log);
    EXPECT_NE(log->find("/b/a.o"), nullptr);
    EXPECT_EQ(log->find("/b/b.o"), nullptr);
    EXPECT_EQ(log->find("/b/c.o"), nullptr);
}

TEST(NinjaDepsLog, APathRecordWithTheWrongChecksumEndsTheLog) {
    LogWriter w;
    uint32_t out = w.path("a.o");
    w.u32(8);
    w.bytes_ += std::string("b.c\0", 4);
    w.u32(~uint32_t{5});  // should be ~1
    uint32_t src = 1;
    w.deps(out, 1, {src});
    auto log = NinjaDepsLog::parse(w.bytes_, "/b");
    ASSERT_TRUE(log);
    EXPECT_EQ(log->find("/b/a.o"), nullptr);
}

TEST(NinjaDepsLog, ATruncatedTailKeepsWhatCameBefore) {
    LogWriter w;
    uint32_t out = w.path("a.o");
    uint32_t src = w.path("a.c");
    w.deps(out, 1, {src});
    w.path("b.o");
    std::string cut = w.bytes_.substr(0, w.bytes_.size() - 3);
    auto log = NinjaDepsLog::parse(cut, "/b");
    ASSERT_TRUE(log);
    EXPECT_NE(log->find("/b/a.o"), nullptr);
}

TEST(NinjaDepsLog, OtherVersionsAndOtherFilesAreNotLogs) {
    LogWriter w;
    std::string v3 = w.bytes_;
    v3[12] = 3;
    EXPECT_FALSE(NinjaDepsLog::parse(v3, "/b"));
    EXPECT_FALSE(NinjaDepsLog::parse("# ninja log v5\n", "/b"));
    EXPECT_FALSE(NinjaDepsLog::parse("", "/b"));
    EXPECT_TRUE(NinjaDepsLog::parse(w.bytes_, "/b"));
}

TEST(NinjaDepsLog, TwoSpellingsOfOneFileAreOneInput) {
    LogWriter w;
    uint32_t out = w.path("a.o");
    uint32_t rel = w.path("./inc/../x.h");
    uint32_t abs = w.path("/b/x.h");
    w.deps(out, 1, {rel});
    auto log = NinjaDepsLog::parse(w.bytes_, "/b");
    ASSERT_TRUE(log);
    EXPECT_EQ(inputs_of(*log, *log->find("/b/a.o")), std::vector<std::string>{"/b/x.h"});
    (void)abs;
}

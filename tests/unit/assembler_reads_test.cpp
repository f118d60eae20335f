// What a miss learns the assembler read: GNU as's --MD list (gcc) and the open recorder's log
// (clang), each against what the dep file lists.

#include "compiler/assembler_reads.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fs.h"
#include "daemon/tools/assembler_reads.h"
#include "reason_printing.h"
#include "temp_dir_fixture.h"

namespace {

class AssemblerReadsTest : public TempDirTest {
  protected:
    std::string file(const std::string& name) {
        std::string path = dir_ + "/" + name;
        EXPECT_TRUE(zc::common::write_file_replacing(path, "x"));
        return path;
    }
};

TEST_F(AssemblerReadsTest, GnuAsInputAndFileDirectiveAreNotReads) {
    std::string source = file("x.c");
    std::string deps = "x.o: x.c /tmp/ccGoneAway.s\n";
    EXPECT_TRUE(zc::compiler::files_the_assembler_read(deps, source, dir_).empty());
}

TEST_F(AssemblerReadsTest, GnuAsIncbinIsARead) {
    std::string source = file("x.c");
    file("blob.bin");
    auto read = zc::compiler::files_the_assembler_read("x.o: blob.bin x.c /tmp/ccGoneAway.s\n", source, dir_);
    ASSERT_EQ(read.size(), 1u);
    EXPECT_EQ(read[0], dir_ + "/blob.bin");
}

TEST_F(AssemblerReadsTest, ASourceNamedLikeAnotherFileInTheDirectoryIsARead) {
    // Compiling src/x.c from a directory that has its own x.c: `.file "x.c"` and `.incbin "x.c"` look alike.
    ::mkdir((dir_ + "/src").c_str(), 0755);
    std::string source = file("src/x.c");
    file("x.c");
    EXPECT_EQ(zc::compiler::files_the_assembler_read("x.o: x.c\n", source, dir_).size(), 1u);
}

TEST_F(AssemblerReadsTest, AnExistingTemporaryLookingFileIsARead) {
    std::string source = file("x.c");
    std::string kept = file("ccKept.s");
    EXPECT_EQ(zc::compiler::files_the_assembler_read("x.o: " + kept + "\n", source, dir_).size(), 1u);
}

TEST_F(AssemblerReadsTest, RecorderLogOfListedFilesOnly) {
    std::string source = file("x.c"), header = file("h.h");
    std::string log = "zccache-open-recorder\n/etc/os-release\n" + source + "\n" + header + "\n/proc/self/status\n";
    EXPECT_EQ(zc::daemon::unlisted_reads(log, source, {source, header}), zc::reasons::Reason::kNone);
}

TEST_F(AssemblerReadsTest, RecorderLogWithAnUnlistedFileAfterTheSource) {
    std::string source = file("x.c"), blob = file("blob.bin");
    std::string log = "zccache-open-recorder\n" + source + "\n" + blob + "\n";
    EXPECT_EQ(zc::daemon::unlisted_reads(log, source, {source}), "assembler_file_inclusion");
}

TEST_F(AssemblerReadsTest, RecorderLogNamesAListedFileAnotherWay) {
    std::string source = file("x.c"), header = file("h.h");
    ASSERT_EQ(::symlink(header.c_str(), (dir_ + "/link.h").c_str()), 0);
    std::string log = "zccache-open-recorder\n" + dir_ + "/./x.c\n" + dir_ + "/link.h\n";
    EXPECT_EQ(zc::daemon::unlisted_reads(log, source, {source, header}), zc::reasons::Reason::kNone);
}

TEST_F(AssemblerReadsTest, RecorderThatDidNotLoadOrSawNoSourceIsUnknown) {
    std::string source = file("x.c");
    EXPECT_EQ(zc::daemon::unlisted_reads("", source, {source}), "assembler_reads_unknown");
    EXPECT_EQ(zc::daemon::unlisted_reads("zccache-open-recorder\n/etc/os-release\n", source, {source}),
              "assembler_reads_unknown");
}

}  // namespace

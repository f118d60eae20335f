#include "analysis/ninja_manifest.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analysis/cmake_archive_steps.h"
#include "common/fs.h"
#include "temp_dir_fixture.h"

using zc::analysis::ArchiveStep;
using zc::analysis::cmake_archive_steps;
using zc::analysis::NinjaManifest;

namespace {

using Strings = std::vector<std::string>;

NinjaManifest parsed(const std::string& text, const std::string& dir = "/nowhere") {
    std::optional<NinjaManifest> manifest = NinjaManifest::parse(text, dir);
    EXPECT_TRUE(manifest.has_value()) << text;
    return manifest.value_or(*NinjaManifest::parse("", dir));
}

TEST(NinjaManifest, ReadsAnEdgesListsAndBindings) {
    NinjaManifest m = parsed(
        "rule cc\n  command = gcc -c $in -o $out\n\n"
        "build a.o b.o | a.d: cc a.c | a.h || gen |@ check\n  FLAGS = -O2\n  EMPTY =\n");
    ASSERT_EQ(m.edges().size(), 1u);
    const NinjaManifest::Edge& e = m.edges()[0];
    EXPECT_EQ(e.rule, "cc");
    EXPECT_EQ(e.outputs, (Strings{"a.o", "b.o"}));
    EXPECT_EQ(e.implicit_outputs, (Strings{"a.d"}));
    EXPECT_EQ(e.inputs, (Strings{"a.c"}));
    EXPECT_EQ(e.implicit_inputs, (Strings{"a.h"}));
    EXPECT_EQ(e.order_only, (Strings{"gen"}));
    EXPECT_TRUE(e.literal_paths);
    EXPECT_EQ(m.lookup(e, "FLAGS"), "-O2");
    EXPECT_EQ(m.lookup(e, "EMPTY"), "");
    EXPECT_EQ(m.lookup(e, "command"), "gcc -c $in -o $out");
    EXPECT_EQ(m.lookup(e, "NOTHING"), std::nullopt);
}

TEST(NinjaManifest, UnescapesPathsAndJoinsContinuedLines) {
    NinjaManifest m = parsed("rule r\n  command = x\nbuild my$ lib.a c$:d: r one$$.o $\n    two.o\n");
    ASSERT_EQ(m.edges().size(), 1u);
    EXPECT_EQ(m.edges()[0].outputs, (Strings{"my lib.a", "c:d"}));
    EXPECT_EQ(m.edges()[0].inputs, (Strings{"one$.o", "two.o"}));
}

TEST(NinjaManifest, MarksPathsThatReferToVariables) {
    NinjaManifest m = parsed("dir = out\nrule r\n  command = x\nbuild $dir/a.o: r a.c\nbuild b.o: r ${dir}/b.c\n");
    ASSERT_EQ(m.edges().size(), 2u);
    EXPECT_FALSE(m.edges()[0].literal_paths);
    EXPECT_FALSE(m.edges()[1].literal_paths);
}

TEST(NinjaManifest, LooksUpTheEdgeThenTheRuleThenTheFile) {
    NinjaManifest m = parsed(
        "A = file\ndescription = file\ndepfile = file\nrule r\n  command = x\n"
        "  description = rule\n  depfile = rule\nbuild o: r\n  depfile = edge\n");
    const NinjaManifest::Edge& e = m.edges()[0];
    EXPECT_EQ(m.lookup(e, "A"), "file");
    EXPECT_EQ(m.lookup(e, "description"), "rule");
    EXPECT_EQ(m.lookup(e, "depfile"), "edge");
}

TEST(NinjaManifest, GivesUpOnWhatItDoesNotUnderstand) {
    for (const char* text :
         {"rule r\n\tcommand = x\n", "  stray = binding\n", "nonsense here\n",
          "rule r\n  command = x\nrule r\n  command = y\n", "build: r a\n", "rule r\n  command = x\nbuild o: r a$!b\n",
          "include /nonexistent/rules.ninja\n", "include $dir/rules.ninja\n",
          // what ninja itself refuses
          "rule r\n  command = x\n  FLAGS = -O2\n", "x = $!\n", "x = ${\n", "x = ${}\n",
          "build o: r\nrule r\n  command = x\n", "rule r\n\n  command = x\n",
          "rule r\n  command = x\nbuild o: r\n# note\n  X = 1\n",
          // a keyword and nothing after it
          "default \n", "include \n", "build \n", "rule \n", "x \n"}) {
        EXPECT_FALSE(NinjaManifest::parse(text, "/nowhere").has_value()) << text;
    }
}

TEST(NinjaManifest, SkipsCommentsPoolsDefaultsAndSubninjas) {
    NinjaManifest m = parsed(
        "# a comment $\npool link\n  depth = 1\nrule r\n  command = x\n"
        "build o: r\ndefault o\nsubninja /nonexistent/other.ninja\n");
    EXPECT_EQ(m.edges().size(), 1u);
}

class NinjaManifestFiles : public TempDirTest {};

TEST_F(NinjaManifestFiles, ReadsIncludedFilesFromTheBuildDirectory) {
    ASSERT_TRUE(zc::common::write_file_atomic(dir_ + "/rules.ninja", "rule r\n  command = x\n"));
    NinjaManifest m = parsed("include rules.ninja\nbuild o: r\n", dir_);
    ASSERT_NE(m.rule("r"), nullptr);
    EXPECT_EQ(m.lookup(m.edges()[0], "command"), "x");
}

TEST_F(NinjaManifestFiles, AnIncludeCycleIsNotFollowedForever) {
    ASSERT_TRUE(zc::common::write_file_atomic(dir_ + "/self.ninja", "include self.ninja\n"));
    EXPECT_FALSE(NinjaManifest::parse("include self.ninja\n", dir_).has_value());
}

// CMake 3.25's static library rule and edge, with the paths the test names.
std::string cmake_archive(const std::string& edge_extra = "", const std::string& command_extra = "",
                          const std::string& members = "CMakeFiles/w.dir/a.c.o CMakeFiles/w.dir/b.c.o") {
    return "rule C_STATIC_LIBRARY_LINKER__w_\n"
           "  command = $PRE_LINK && /usr/bin/cmake -E rm -f $TARGET_FILE && /opt/zc/ar qc $TARGET_FILE "
           "$LINK_FLAGS $in && /opt/zc/ranlib $TARGET_FILE && $POST_BUILD" +
           command_extra +
           "\n  description = Linking C static library $TARGET_FILE\n  restat = $RESTAT\n"
           "build libw.a: C_STATIC_LIBRARY_LINKER__w_ " +
           members + "\n  OBJECT_DIR = CMakeFiles/w.dir\n  POST_BUILD = :\n  PRE_LINK = :\n" +
           "  TARGET_FILE = libw.a\n  TARGET_PDB = libw.pdb\n" + edge_extra;
}

TEST(CmakeArchiveSteps, FindsCMakesStaticLibraryStep) {
    std::vector<ArchiveStep> steps = cmake_archive_steps(parsed(cmake_archive()));
    ASSERT_EQ(steps.size(), 1u);
    EXPECT_EQ(steps[0].target, "libw.a");
    EXPECT_EQ(steps[0].members, (Strings{"CMakeFiles/w.dir/a.c.o", "CMakeFiles/w.dir/b.c.o"}));
    EXPECT_EQ(steps[0].archiver, "/opt/zc/ar");
    EXPECT_EQ(steps[0].indexer, "/opt/zc/ranlib");
    EXPECT_EQ(steps[0].cmake, "/usr/bin/cmake");
    // An empty LINK_FLAGS is none.
    EXPECT_EQ(cmake_archive_steps(parsed(cmake_archive("  LINK_FLAGS =\n"))).size(), 1u);
}

TEST(CmakeArchiveSteps, AStepThatDoesMoreOrOtherwiseIsNotOne) {
    const std::vector<std::string> others = {
        cmake_archive("  LINK_FLAGS = --plugin x.so\n"),  // ar gets more than its members
        cmake_archive("  command = /bin/true\n"),         // the edge runs its own command
        cmake_archive("  rspfile = libw.rsp\n"),
        cmake_archive("  dyndep = libw.dd\n"),
        cmake_archive("  depfile = libw.d\n"),
        cmake_archive("", " && touch stamp"),  // more commands
        cmake_archive("", "", "CMakeFiles/w.dir/a.c.o 'b.c.o'"),
        cmake_archive("", "", "-x.o"),    // a member ar would take for an option
        cmake_archive("", "", "a$ b.o"),  // a member the shell would split
        cmake_archive("", "", "$OBJ"),    // a path from a variable
    };
    for (const std::string& text : others) {
        std::optional<NinjaManifest> manifest = NinjaManifest::parse(text, "/nowhere");
        EXPECT_TRUE(!manifest || cmake_archive_steps(*manifest).empty()) << text;
    }
}

TEST(CmakeArchiveSteps, PreAndPostBuildCommandsMakeItNotOne) {
    for (const char* binding : {"PRE_LINK", "POST_BUILD"}) {
        std::string text = cmake_archive();
        std::string from = std::string("  ") + binding + " = :\n";
        text.replace(text.find(from), from.size(), std::string("  ") + binding + " = cd /x && ./gen\n");
        EXPECT_TRUE(cmake_archive_steps(parsed(text)).empty()) << binding;
    }
    // Unbound on the edge, each is empty in ninja: not `:`, not the shape.
    std::string unbound = cmake_archive();
    unbound.erase(unbound.find("  PRE_LINK = :\n"), 15);
    EXPECT_TRUE(cmake_archive_steps(parsed(unbound)).empty());
    // Bound on the rule or the file instead of `:` counts as written there.
    EXPECT_TRUE(cmake_archive_steps(parsed("LINK_FLAGS = -X\n" + cmake_archive())).empty());
}

TEST(CmakeArchiveSteps, TheArchiveMustBeTheEdgesOnlyOutput) {
    std::string text = cmake_archive();
    text.replace(text.find("build libw.a:"), 13, "build libw.a | libw.stamp:");
    EXPECT_TRUE(cmake_archive_steps(parsed(text)).empty());
    std::string other = cmake_archive();
    other.replace(other.find("TARGET_FILE = libw.a"), 20, "TARGET_FILE = libx.a");
    EXPECT_TRUE(cmake_archive_steps(parsed(other)).empty());
}

TEST(CmakeArchiveSteps, BindingsForTheWholeFileCountAsTheEdges) {
    EXPECT_TRUE(cmake_archive_steps(parsed("depfile = x.d\n" + cmake_archive())).empty());
    EXPECT_TRUE(cmake_archive_steps(parsed("rspfile = x.rsp\n" + cmake_archive())).empty());
}

TEST(CmakeArchiveSteps, AnArchiveTwoEdgesClaimIsNeitherOnes) {
    std::string text = cmake_archive() +
                       "build libw.a: C_STATIC_LIBRARY_LINKER__w_ other.o\n  POST_BUILD = :\n"
                       "  PRE_LINK = :\n  TARGET_FILE = libw.a\n";
    EXPECT_TRUE(cmake_archive_steps(parsed(text)).empty());
}

TEST(CmakeArchiveSteps, ToolsRunByNameAreNotTaken) {
    std::string text = cmake_archive();
    text.replace(text.find("/opt/zc/ar qc"), 10, "ar qc");
    EXPECT_TRUE(cmake_archive_steps(parsed(text)).empty());
}

}  // namespace

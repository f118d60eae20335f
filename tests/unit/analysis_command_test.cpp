#include <gtest/gtest.h>

#include "analysis/compile_database.h"
#include "analysis/config_files.h"
#include "analysis/iwyu_command.h"
#include "analysis/tidy_command.h"
#include "reason_printing.h"

namespace zc::analysis {
namespace {

using Strings = std::vector<std::string>;

TEST(ClangTidyCommand, SourceFixesConfigAndCompileFlags) {
    AnalysisCommand cmd = parse_clang_tidy({"--checks=-*,misc-*", "--export-fixes", "f.yaml", "src/a.cpp",
                                            "--config-file=tidy.yaml", "-p=build", "--", "-std=c++17", "-Iinc"});
    ASSERT_TRUE(cmd.cacheable()) << cmd.uncacheable_reason;
    EXPECT_EQ(cmd.source, "src/a.cpp");
    EXPECT_EQ(cmd.fixes_file, "f.yaml");
    EXPECT_EQ(cmd.config_files, (Strings{"tidy.yaml"}));
    EXPECT_EQ(cmd.build_path, "build");
    EXPECT_TRUE(cmd.has_compile_args);
    EXPECT_EQ(cmd.compile_args, (Strings{"-std=c++17", "-Iinc"}));
    // Neither the fixes path nor the source enter the key as written.
    EXPECT_EQ(cmd.keyed, (std::vector<bool>{true, false, false, false, true, true, true, true, true}));
}

TEST(ClangTidyCommand, RefusesRunsThatWriteOrDoNotAnalyse) {
    EXPECT_EQ(parse_clang_tidy({"--fix", "a.cpp"}).uncacheable_reason, "clang_tidy_fix");
    EXPECT_EQ(parse_clang_tidy({"-fix-errors", "a.cpp"}).uncacheable_reason, "clang_tidy_fix");
    EXPECT_EQ(parse_clang_tidy({"--list-checks"}).uncacheable_reason, "not_an_analysis");
    EXPECT_EQ(parse_clang_tidy({"a.cpp", "b.cpp"}).uncacheable_reason, "multiple_source_files");
    EXPECT_EQ(parse_clang_tidy({"--checks=x"}).uncacheable_reason, "no_source_file");
    EXPECT_EQ(parse_clang_tidy({"a.cpp", "--checks"}).uncacheable_reason, "missing_option_value");
    EXPECT_EQ(parse_clang_tidy({"a.cpp", "--load", "plugin.so"}).uncacheable_reason, "clang_tidy_plugin_or_overlay");
    EXPECT_FALSE(parse_clang_tidy({"a.cpp"}).has_compile_args);
    EXPECT_TRUE(parse_clang_tidy({"a.cpp", "--format-style=file"}).reads_format_style);
}

TEST(IwyuCommand, OwnOptionsMappingFilesAndSource) {
    AnalysisCommand cmd = parse_iwyu({"-Xiwyu", "--mapping_file=a.imp", "-Xiwyu", "--mapping_file", "-Xiwyu", "b.imp",
                                      "-Iinc", "-c", "x.cpp", "-o", "x.o"});
    ASSERT_TRUE(cmd.cacheable()) << cmd.uncacheable_reason;
    EXPECT_EQ(cmd.source, "x.cpp");
    EXPECT_EQ(cmd.config_files, (Strings{"a.imp", "b.imp"}));
    EXPECT_EQ(cmd.compile_args, (Strings{"-Iinc", "-c", "x.cpp", "-o", "x.o"}));
    EXPECT_FALSE(cmd.keyed[8]);
    EXPECT_EQ(parse_iwyu({"-Xiwyu"}).uncacheable_reason, "missing_option_value");
    EXPECT_EQ(parse_iwyu({"-c", "a.cpp", "b.cpp"}).uncacheable_reason, "multiple_source_files");
    EXPECT_EQ(parse_iwyu({"-Xiwyu", "--version"}).uncacheable_reason, "not_an_analysis");
}

TEST(IwyuCommand, MappingRefsAndScanArguments) {
    EXPECT_EQ(mapping_file_refs("[\n { ref: \"a.imp\" },\n { ref: 'b.imp' }, { include: [\"<x>\"] }\n]"),
              (Strings{"a.imp", "b.imp"}));
    EXPECT_EQ(dependency_scan_arguments({"-Iinc", "-MD", "-MF", "x.d", "-MT", "t", "-c", "x.cpp", "-o", "x.o"}, "/t/d"),
              (Strings{"-Iinc", "-c", "x.cpp", "-M", "-MF", "/t/d"}));
}

TEST(CompileDatabase, SearchesUpwardsAndFindsEntriesByNormalisedPath) {
    auto exists = [](const std::string& p) { return p == "/w/compile_commands.json"; };
    DatabaseSearch search = find_compile_database("/w/src/sub", exists);
    EXPECT_EQ(search.found, "/w/compile_commands.json");
    EXPECT_EQ(search.absent, (Strings{"/w/src/sub/compile_commands.json", "/w/src/sub/compile_flags.txt",
                                      "/w/src/compile_commands.json", "/w/src/compile_flags.txt"}));
    auto db = CompileCommands::parse(R"([
        {"directory": "/w/build", "file": "../src/a.cpp", "command": "c++ -I'my inc' -c ../src/a.cpp"},
        {"directory": "/w", "file": "/w/src/b.cpp", "arguments": ["c++", "-DB", "-c", "src/b.cpp"]}])");
    ASSERT_TRUE(db);
    const DatabaseEntry* a = db->entry_for("/w/src/./a.cpp");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->directory, "/w/build");
    EXPECT_EQ(a->arguments, (Strings{"c++", "-Imy inc", "-c", "../src/a.cpp"}));
    EXPECT_NE(db->entry_for("/w/src/b.cpp"), nullptr);
    EXPECT_EQ(db->entry_for("/w/src/c.cpp"), nullptr);
    EXPECT_FALSE(CompileCommands::parse("{\"not\": \"a list\"}"));
    EXPECT_FALSE(CompileCommands::parse("[{\"file\": \"a.cpp\"}]"));
}

TEST(ConfigFiles, EveryDirectoryUpToTheRoot) {
    EXPECT_EQ(config_candidates("/a/b", {".clang-tidy"}),
              (Strings{"/a/b/.clang-tidy", "/a/.clang-tidy", "/.clang-tidy"}));
}

}  // namespace
}  // namespace zc::analysis

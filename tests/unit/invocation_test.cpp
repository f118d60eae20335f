#include "compiler/invocation.h"

#include <gtest/gtest.h>

#include "reason_printing.h"

using namespace zc::compiler;
using Args = std::vector<std::string>;

TEST(Invocation, PlainCompile) {
    Invocation inv = parse_invocation({"-O2", "-Iinc", "-c", "src/a.cpp", "-o", "out/a.o"});
    EXPECT_TRUE(inv.cacheable()) << inv.uncacheable_reason;
    EXPECT_EQ(inv.source, "src/a.cpp");
    EXPECT_EQ(inv.language, "c++");
    EXPECT_EQ(inv.output, "out/a.o");
    EXPECT_EQ(inv.search_dirs, (Args{"inc"}));
    std::vector<std::string_view> key = key_args(inv);
    EXPECT_EQ(std::vector<std::string>(key.begin(), key.end()), (Args{"-O2", "-Iinc", "-c", "src/a.cpp"}));
}

TEST(Invocation, DefaultOutputNames) {
    EXPECT_EQ(parse_invocation({"-c", "dir/a.c"}).output, "a.o");
    EXPECT_EQ(parse_invocation({"-S", "dir/a.c"}).output, "a.s");
}

TEST(Invocation, DepFileNames) {
    Invocation with_o = parse_invocation({"-MD", "-c", "a.c", "-o", "obj/a.o"});
    EXPECT_EQ(with_o.dep_mode, DepMode::kAll);
    EXPECT_EQ(with_o.dep_file, "obj/a.d");
    Invocation without_o = parse_invocation({"-MMD", "-c", "dir/a.c"});
    EXPECT_EQ(without_o.dep_mode, DepMode::kUser);
    EXPECT_EQ(without_o.dep_file, "a.d");
    Invocation explicit_mf = parse_invocation({"-MD", "-MFdeps/x.d", "-MT", "t", "-c", "a.c"});
    EXPECT_EQ(explicit_mf.dep_file, "deps/x.d");
    EXPECT_TRUE(explicit_mf.has_dep_target);
}

TEST(Invocation, UncacheableReasons) {
    EXPECT_EQ(parse_invocation({"a.c", "-o", "app"}).uncacheable_reason, "linking");
    EXPECT_EQ(parse_invocation({"-E", "a.c"}).uncacheable_reason, "preprocessing");
    EXPECT_EQ(parse_invocation({"-c", "-"}).uncacheable_reason, "stdin_input");
    EXPECT_EQ(parse_invocation({"-c", "a.c", "b.c"}).uncacheable_reason, "multiple_source_files");
    EXPECT_EQ(parse_invocation({"-c", "a.h"}).uncacheable_reason, "precompiled_header");
    EXPECT_EQ(parse_invocation({"-x", "c++-header", "-c", "a.cpp"}).uncacheable_reason, "precompiled_header");
    EXPECT_EQ(parse_invocation({"-fprofile-generate", "-c", "a.c"}).uncacheable_reason, "profile_or_coverage");
    EXPECT_EQ(parse_invocation({"-fprofile-generate=dir", "-c", "a.c"}).uncacheable_reason, "profile_or_coverage");
    EXPECT_EQ(parse_invocation({"-arch", "x86_64", "-arch", "arm64", "-c", "a.c"}).uncacheable_reason, "multiple_arch");
    EXPECT_EQ(parse_invocation({"-M", "a.c"}).uncacheable_reason, "dependency_listing_only");
    EXPECT_EQ(parse_invocation({"@args.rsp"}).uncacheable_reason, "response_file");
    EXPECT_EQ(parse_invocation({"-c", "a.c", "-o"}).uncacheable_reason, "missing_option_argument");
    EXPECT_EQ(parse_invocation({"-c"}).uncacheable_reason, "no_input_file");
}

TEST(Invocation, OptionValuesAreNotSources) {
    Invocation inv = parse_invocation({"-include", "pre.h", "-isystem", "sys", "-D", "X=1", "-c", "a.c"});
    EXPECT_TRUE(inv.cacheable()) << inv.uncacheable_reason;
    EXPECT_EQ(inv.source, "a.c");
    EXPECT_EQ(inv.search_dirs, (Args{"sys"}));
}

TEST(Invocation, SearchOrderIsQuoteThenIThenSystemThenAfter) {
    Invocation inv = parse_invocation({"-idirafter", "d", "-isystem", "c", "-Ib", "-iquote", "a", "-c", "x.c"});
    EXPECT_EQ(inv.search_dirs, (Args{"a", "b", "c", "d"}));
}

TEST(Invocation, MissCommandRedirectsOutputsAndKeepsTheUsersTarget) {
    Invocation inv = parse_invocation({"-MMD", "-MF", "x.d", "-c", "a.c", "-o", "obj/a.o"});
    Args cmd = miss_command(inv, Family::kGcc, "/tmp/o", "/tmp/d");
    // -H names every header and its includer; clang with -MMD is traced by another run instead.
    EXPECT_EQ(cmd, (Args{"-MMD", "-c", "a.c", "-o", "/tmp/o", "-H", "-MF", "/tmp/d", "-MQ", "obj/a.o",
                         "-fdiagnostics-color=always"}));
    EXPECT_EQ(miss_command(inv, Family::kClang, "/tmp/o", "/tmp/d"),
              (Args{"-MMD", "-c", "a.c", "-o", "/tmp/o", "-MF", "/tmp/d", "-MQ", "obj/a.o", "-fcolor-diagnostics"}));
}

TEST(Invocation, DepFilesThroughWpAreTheirOwnArgument) {
    Invocation inv = parse_invocation({"-Wp,-MMD,out/.a.o.d", "-c", "src/a.c", "-o", "out/a.o"});
    EXPECT_TRUE(inv.cacheable()) << inv.uncacheable_reason;
    EXPECT_TRUE(inv.dep_through_wp);
    EXPECT_EQ(inv.dep_mode, DepMode::kUser);
    EXPECT_EQ(inv.dep_file, "out/.a.o.d");
    EXPECT_EQ(inv.roles[0], ArgRole::kDepFileValue);
    // gcc's preprocessor names the target after the source; clang's driver after the output.
    Invocation gcc = inv;
    apply_family(gcc, Family::kGcc);
    EXPECT_EQ(gcc.dep_target, "a.o");
    apply_family(inv, Family::kClang);
    EXPECT_EQ(inv.dep_target, "out/a.o");
    EXPECT_EQ(miss_command(gcc, Family::kGcc, "/tmp/o", "/tmp/d"),
              (Args{"-c", "src/a.c", "-o", "/tmp/o", "-H", "-MMD", "-MF", "/tmp/d", "-MQ", "a.o",
                    "-fdiagnostics-color=always"}));
    EXPECT_EQ(parse_invocation({"-Wp,-MD,x.d", "-MD", "-c", "a.c"}).uncacheable_reason,
              "dependency_options_through_wp");
    EXPECT_EQ(parse_invocation({"-Wp,-MD,x.d,-MT,t", "-c", "a.c"}).uncacheable_reason, "dependency_options_through_wp");
}

TEST(Invocation, ObjectsThatRecordTheSwitchesAreTracedByAnotherRun) {
    EXPECT_TRUE(adds_trace_includes(parse_invocation({"-O2", "-c", "a.c"}), Family::kGcc));
    EXPECT_FALSE(adds_trace_includes(parse_invocation({"-g", "-c", "a.c"}), Family::kGcc));
    EXPECT_TRUE(adds_trace_includes(parse_invocation({"-g0", "-c", "a.c"}), Family::kGcc));
    EXPECT_TRUE(adds_trace_includes(parse_invocation({"-g", "-c", "a.c"}), Family::kClang));
    EXPECT_FALSE(adds_trace_includes(parse_invocation({"-grecord-command-line", "-c", "a.c"}), Family::kClang));
    EXPECT_FALSE(adds_trace_includes(parse_invocation({"-frecord-gcc-switches", "-c", "a.c"}), Family::kGcc));
    EXPECT_FALSE(adds_trace_includes(parse_invocation({"-MMD", "-c", "a.c"}), Family::kClang));
    EXPECT_FALSE(adds_trace_includes(parse_invocation({"-H", "-c", "a.c"}), Family::kGcc));
}

TEST(Invocation, IncludeTraceCommandIsThePreprocessorWithoutTheDepOptions) {
    Invocation inv =
        parse_invocation({"-MMD", "-MP", "-MT", "t", "-MF", "x.d", "-Iinc", "-save-temps", "-c", "a.c", "-o", "a.o"});
    EXPECT_EQ(include_trace_command(inv), (Args{"-Iinc", "a.c", "-E", "-H", "-o", "/dev/null"}));
}

TEST(Invocation, MissCommandAddsDepFileWhenNoneWasAsked) {
    Invocation inv = parse_invocation({"-fcolor-diagnostics", "-c", "a.c"});
    Args cmd = miss_command(inv, Family::kClang, "/tmp/o", "/tmp/d");
    EXPECT_EQ(cmd, (Args{"-fcolor-diagnostics", "-c", "a.c", "-o", "/tmp/o", "-H", "-MD", "-MF", "/tmp/d"}));
}

TEST(Invocation, CompanionOutputsAndProfilesCompileInPlace) {
    Invocation split = parse_invocation({"-g", "-gsplit-dwarf", "--coverage", "-c", "a.c", "-o", "o/a.o"});
    EXPECT_TRUE(split.cacheable());
    EXPECT_TRUE(split.compile_in_place);
    EXPECT_EQ(split.extra_output_extensions, (Args{".dwo", ".gcno"}));
    EXPECT_TRUE(parse_invocation({"-gsplit-dwarf=single", "-c", "a.c"}).extra_output_extensions.empty());
    EXPECT_TRUE(parse_invocation({"-save-temps=obj", "-c", "a.c"}).save_temps);
    Invocation profile = parse_invocation({"-fprofile-use=p.profdata", "-c", "a.c"});
    EXPECT_TRUE(profile.profile_use && profile.compile_in_place);
    EXPECT_EQ(profile.profile_use_path, "p.profdata");
    EXPECT_EQ(parse_invocation({"-fprofile-use", "-c", "a.c"}).profile_use_path, "");
    Invocation plain = parse_invocation({"-c", "a.c", "-MD"});
    EXPECT_EQ(in_place_command(plain, Family::kGcc, "/tmp/d"),
              (Args{"-c", "a.c", "-MD", "-H", "-fdiagnostics-color=always"}));
    EXPECT_EQ(in_place_command(parse_invocation({"-c", "a.c"}), Family::kGcc, "/tmp/d"),
              (Args{"-c", "a.c", "-MD", "-MF", "/tmp/d", "-H", "-fdiagnostics-color=always"}));
}

TEST(Invocation, PrependedFlagsComeFirstAreKeyedAndMoveTheSources) {
    Invocation inv = parse_invocation({"-ffile-prefix-map=/w/sub=SUB", "-c", "a.c", "-o", "a.o"});
    ASSERT_EQ(inv.source_indices, (std::vector<size_t>{2}));
    prepend_keyed_args(inv, {"-ffile-prefix-map=/w=."});
    EXPECT_EQ(inv.args, (Args{"-ffile-prefix-map=/w=.", "-ffile-prefix-map=/w/sub=SUB", "-c", "a.c", "-o", "a.o"}));
    ASSERT_EQ(inv.roles.size(), inv.args.size());
    EXPECT_EQ(inv.roles.front(), ArgRole::kKeyed);
    EXPECT_EQ(inv.roles[4], ArgRole::kOutputFlag);
    EXPECT_EQ(inv.source_indices, (std::vector<size_t>{3}));
    EXPECT_EQ(inv.args[inv.source_indices[0]], "a.c");
    EXPECT_EQ(miss_command(inv, Family::kGcc, "/tmp/o", "/tmp/d").front(), "-ffile-prefix-map=/w=.");
}

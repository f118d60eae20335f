#include "compiler/link_invocation.h"

#include <gtest/gtest.h>

#include "cache/negative_deps.h"

namespace zc::compiler {
namespace {

using Strings = std::vector<std::string>;

TEST(LinkInvocation, ReadsInputsLibrariesMapFilesAndOutput) {
    LinkInvocation link = parse_link({"a.o", "-L", "lib", "-Lother", "-lfoo", "-l:libbar.a", "libz.a", "-o", "app",
                                      "-Wl,-Map=app.map,--gc-sections", "-Xlinker", "-Map", "-Xlinker", "x.map"});
    EXPECT_TRUE(link.cacheable()) << link.uncacheable_reason;
    EXPECT_EQ(link.output, "app");
    EXPECT_EQ(link.inputs, (Strings{"a.o", "libz.a"}));
    EXPECT_EQ(link.lib_dirs, (Strings{"lib", "other"}));
    EXPECT_EQ(link.libs, (Strings{"foo", ":libbar.a"}));
    EXPECT_EQ(link.map_files, (Strings{"app.map", "x.map"}));
    EXPECT_FALSE(link.keyed[7]);  // -o
    EXPECT_FALSE(link.keyed[8]);  // app
    EXPECT_EQ(parse_link({"a.o"}).output, "a.out");
}

TEST(LinkInvocation, RefusesWhatItCannotKey) {
    EXPECT_EQ(parse_link({"a.c", "b.o", "-o", "app"}).uncacheable_reason, "compile_and_link");
    EXPECT_EQ(parse_link({"a.o", "-fuse-ld=exotic"}).uncacheable_reason, "unsupported_linker");
    EXPECT_TRUE(parse_link({"a.o", "-fuse-ld=lld"}).cacheable());
    EXPECT_EQ(parse_link({"a.o", "-Wl,--dependency-file=x.d"}).uncacheable_reason, "user_dependency_file");
    EXPECT_EQ(parse_link({"-o", "app"}).uncacheable_reason, "no_input_file");
    EXPECT_EQ(parse_link({"a.o", "-o"}).uncacheable_reason, "missing_option_argument");
}

TEST(WasmLd, SeparateValuesAreNotInputs) {
    LinkInvocation link = parse_wasm_ld({"--no-entry", "--export", "scale", "-mllvm", "-x", "-z", "stack-size=1",
                                         "a.o", "-Llib", "-lfoo", "-o", "out.wasm", "--Map", "out.map", "--trace"});
    EXPECT_TRUE(link.cacheable()) << link.uncacheable_reason;
    EXPECT_EQ(link.inputs, (Strings{"a.o"}));
    EXPECT_EQ(link.output, "out.wasm");
    EXPECT_EQ(link.lib_dirs, (Strings{"lib"}));
    EXPECT_EQ(link.libs, (Strings{"foo"}));
    EXPECT_EQ(link.map_files, (Strings{"out.map"}));
    EXPECT_TRUE(link.user_trace);
    EXPECT_FALSE(link.keyed[10]);
    EXPECT_FALSE(link.keyed[11]);
    EXPECT_EQ(parse_wasm_ld({"a.o", "--export"}).uncacheable_reason, "missing_option_argument");
    EXPECT_EQ(parse_wasm_ld({"a.o", "--reproduce=x.tar"}).uncacheable_reason, "extra_output_files");
}

TEST(WasmLd, TraceLinesBecomeDependenciesAndLeaveTheOutput) {
    auto is_file = [](const std::string& p) { return p == "/w/a.o" || p == "/sys/libc.a"; };
    std::string out = "a.o\n/sys/libc.a(printf.o)\nhello from the linker\n/sys/libc.a(puts.o)\n";
    std::string kept = out;
    EXPECT_EQ(take_trace_lines(out, "/w", false, is_file), (Strings{"/w/a.o", "/sys/libc.a"}));
    EXPECT_EQ(out, "hello from the linker\n");
    EXPECT_EQ(take_trace_lines(kept, "/w", true, is_file).size(), 2u);
    EXPECT_EQ(kept, "a.o\n/sys/libc.a(printf.o)\nhello from the linker\n/sys/libc.a(puts.o)\n");
}

TEST(LibraryShadowing, EarlierDirectoriesAndSharedBesideStatic) {
    auto none_exist = [](const std::string&) { return false; };
    Strings deps = {"/w/late/libpick.a", "/w/a.o"};
    EXPECT_EQ(cache::library_shadowing_candidates({"/w/early", "/w/late"}, {"pick"}, deps, none_exist),
              (Strings{"/w/early/libpick.so", "/w/early/libpick.a", "/w/late/libpick.so"}));
    // Found outside the -L directories (a default one): every -L directory could shadow it.
    EXPECT_EQ(cache::library_shadowing_candidates({"/w/l"}, {"m"}, {"/usr/lib/libm.so"}, none_exist),
              (Strings{"/w/l/libm.so", "/w/l/libm.a"}));
}

}  // namespace
}  // namespace zc::compiler

#include "compiler/link_invocation.h"

#include <gtest/gtest.h>

#include <map>

#include "cache/negative_deps.h"
#include "compiler/linker_search.h"
#include "reason_printing.h"

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
    LinkInvocation link = parse_wasm_ld({"--no-entry", "--export", "scale", "-mllvm", "-x", "-z", "stack-size=1", "a.o",
                                         "-Llib", "-lfoo", "-o", "out.wasm", "--Map", "out.map", "--trace"});
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
    EXPECT_EQ(cache::library_shadowing_candidates({"/w/early", "/w/late"}, {"pick"}, deps, none_exist).absent,
              (Strings{"/w/early/libpick.so", "/w/early/libpick.a", "/w/late/libpick.so"}));
    // Found outside the directories (under another spelling): every one could shadow it.
    EXPECT_EQ(cache::library_shadowing_candidates({"/w/l"}, {"m"}, {"/usr/lib/libm.so"}, none_exist).absent,
              (Strings{"/w/l/libm.so", "/w/l/libm.a"}));
}

TEST(LibraryShadowing, LibrariesPassedOverInEarlierDirectoriesAreDependencies) {
    auto exists = [](const std::string& p) { return p == "/w/i386/libpick.so" || p == "/w/late/libpick.a"; };
    Strings deps = {"/w/late/libpick.a"};
    cache::SearchCandidates got = cache::library_shadowing_candidates({"/w/i386", "/w/late"}, {"pick"}, deps, exists);
    EXPECT_EQ(got.present, (Strings{"/w/i386/libpick.so"}));
    EXPECT_EQ(got.absent, (Strings{"/w/i386/libpick.a", "/w/late/libpick.so"}));
}

TEST(LinkerSearch, TheLastCommandOfADriverTrace) {
    std::string trace =
        "Using built-in specs.\n"
        " /usr/lib/gcc/x86_64-linux-gnu/12/cc1 -quiet a.c\n"
        " /usr/lib/gcc/x86_64-linux-gnu/12/collect2 -plugin /p/liblto.so \"-plugin-opt=-pass-through=-lgcc\" -o app "
        "-L/usr/lib/gcc/x86_64-linux-gnu/12 \"-L/odd \\\"dir\" main.o -lgcc -lc\n"
        "COLLECT_GCC_OPTIONS='-o' 'app'\n";
    auto words = last_driver_command(trace);
    ASSERT_TRUE(words);
    EXPECT_EQ(words->front(), "/usr/lib/gcc/x86_64-linux-gnu/12/collect2");
    EXPECT_EQ((*words)[6], "-L/usr/lib/gcc/x86_64-linux-gnu/12");
    EXPECT_EQ((*words)[7], "-L/odd \"dir");
    EXPECT_FALSE(last_driver_command("gcc: fatal error: no input files\n"));
}

TEST(LinkerSearch, DirectoriesLibrariesAndResponseFiles) {
    std::map<std::string, std::string> files = {{"/w/outer.rsp", "-Lfrom_rsp @inner.rsp"},
                                                {"/w/inner.rsp", "--library=inner -l nested"}};
    auto read = [&](const std::string& path) -> std::optional<std::string> {
        auto it = files.find(path);
        return it == files.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    LibrarySearch search;
    ASSERT_TRUE(read_library_search({"-Lrel", "-L", "/abs", "--library-path=lp", "-lm", "-l", "x", "--sysroot=/sr",
                                     "-plugin-opt=-pass-through=-lgcc", "@outer.rsp"},
                                    "/w", read, search));
    EXPECT_EQ(search.dirs, (Strings{"/w/rel", "/abs", "/w/lp", "/w/from_rsp"}));
    EXPECT_EQ(search.libs, (Strings{"m", "x", "inner", "nested"}));
    EXPECT_EQ(search.sysroot, "/sr");
    EXPECT_EQ(search.response_files, (Strings{"/w/outer.rsp", "/w/inner.rsp"}));
    LibrarySearch missing;
    EXPECT_FALSE(read_library_search({"@absent.rsp"}, "/w", read, missing));
}

TEST(LinkerSearch, BuiltInDirectoriesTakeTheSysroot) {
    std::string verbose = "SEARCH_DIR(\"=/usr/local/lib\"); SEARCH_DIR(\"/opt/lib\"); SEARCH_DIR(\"=/lib\");";
    EXPECT_EQ(linker_builtin_dirs(verbose, ""), (Strings{"/usr/local/lib", "/opt/lib", "/lib"}));
    EXPECT_EQ(linker_builtin_dirs(verbose, "/sr"), (Strings{"/sr/usr/local/lib", "/opt/lib", "/sr/lib"}));
}

TEST(LinkInvocation, LinkerArgumentsNameDirectoriesLibrariesAndResponseFiles) {
    LinkInvocation link =
        parse_link({"main.o", "-Wl,-Learly,-lpick,@link.rsp", "-Xlinker", "--library-path=x", "-o", "app"});
    EXPECT_EQ(link.lib_dirs, (Strings{"early", "x"}));
    EXPECT_EQ(link.libs, (Strings{"pick"}));
    EXPECT_EQ(link.linker_response_files, (Strings{"link.rsp"}));
}

}  // namespace
}  // namespace zc::compiler

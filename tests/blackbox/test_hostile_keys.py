"""What the compiler sees that a key might not: the time through an argument, files the assembler
reads, files options write, and the drivers' other spellings of the options we key. Each case
is compared with a bare compile after the hidden input changes."""

import os
import shutil
import subprocess
import time

import pytest

from conftest import SETTLE_SECONDS, ZCCACHE, assert_cached_like_bare, cached_equals_bare

COMPILERS = ["gcc", "clang"]


def assert_not_stale(zc, argv, outputs, earlier, env=None):
    """A compile of the clock, `earlier` being one from over a second ago: its object must be
    new (so not served from the cache), its exit code and messages those of a bare compile."""
    got = zc.compile(argv, outputs, via_cache=True, env=env)
    bare = zc.compile(argv, outputs, via_cache=False, env=env)
    assert (got.returncode, got.stderr) == (bare.returncode, bare.stderr)
    assert got.outputs != earlier.outputs, "served the object of a second ago"


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("flags", [["-DSTAMP=__TIME__"], ["-D", "STAMP=__DATE__ \" \" __TIME__"],
                                   ["--define-macro=STAMP=__TIMESTAMP__ \" \" __TIME__"], ["-Wp,-DSTAMP=__TIME__"],
                                   ["-Xpreprocessor", "-DSTAMP=__TIME__"]],
                         ids=["D", "D-separate", "long", "Wp", "Xpreprocessor"])
def test_time_through_an_argument_is_never_stored(zc, compiler, flags):
    zc.write("t.c", "const char* stamp(void) { return STAMP; }\n")
    argv = [compiler, *flags, "-c", "t.c", "-o", "t.o"]
    earlier = zc.compile(argv, ["t.o"], via_cache=True)
    time.sleep(1.1)  # __TIME__ moves on
    assert_not_stale(zc, argv, ["t.o"], earlier)
    assert zc.counters()["hits"] == 0
    assert zc.reasons() == {"time_macros": 2}
    pinned = {"SOURCE_DATE_EPOCH": "1700000000"}
    if compiler == "gcc":  # gcc takes the time from SOURCE_DATE_EPOCH: cached like any other
        assert_cached_like_bare(zc, argv, ["t.o"], env=pinned)
    else:  # clang 14 reads the clock all the same: still never stored
        earlier = zc.compile(argv, ["t.o"], via_cache=True, env=pinned)
        time.sleep(1.1)
        assert_not_stale(zc, argv, ["t.o"], earlier, env=pinned)
        assert zc.reasons() == {"time_macros": 4}


ASSEMBLER_CASES = {
    "incbin_in_S": ("main.S", '.section .rodata\n.globl blob\nblob:\n.incbin "blob.bin"\n'),
    "include_in_S": ("main.S", '.include "part.s"\n'),
    "incbin_in_inline_asm": ("main.c", 'asm(".section .rodata\\n.incbin \\"blob.bin\\"\\n.text");\nint f(void) { return 1; }\n'),
    "incbin_in_a_header": ("main.c", '#include "asm.h"\nint f(void) { return 1; }\n'),
}


def assert_assembler_reads_never_served_stale(zc, argv):
    for version in ("1", "2", "3"):
        zc.write("blob.bin", f"blob version {version}", settle=False)
        zc.write("part.s", f".byte {version}\n")
        bare = zc.compile(argv, ["main.o"], via_cache=False)
        assert bare.returncode == 0, bare.stderr
        got = zc.compile(argv, ["main.o"], via_cache=True)
        assert got.same_as(bare), f"version {version}: {got}"
    assert zc.counters()["hits"] == 0
    assert zc.reasons() == {"assembler_file_inclusion": 3}


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("case", list(ASSEMBLER_CASES))
def test_files_read_by_the_assembler_are_never_served_stale(zc, compiler, case):
    source, text = ASSEMBLER_CASES[case]
    zc.write("asm.h", 'asm(".section .rodata\\n.incbin \\"blob.bin\\"\\n.text");\n', settle=False)
    zc.write(source, text, settle=False)
    assert_assembler_reads_never_served_stale(zc, [compiler, "-c", source, "-o", "main.o"])


@pytest.mark.parametrize("names", [("clang", "clang++"), ("gcc", "cc"), ("clang", "x86_64-linux-gnu-clang")])
def test_the_name_a_driver_runs_as_is_part_of_the_key(zc, names):
    """One binary under several names: as clang++ clang compiles a .c file as C++ and links the
    C++ library, and a target prefix picks the target. Each name gets what it gives bare."""
    links = zc.work / "bin"
    links.mkdir()
    for name in names:
        os.symlink(shutil.which(names[0]), links / name)
    zc.write("main.c", "int main(void) { return 0; }\n")
    for _ in range(2):
        for name in names:
            cached_equals_bare(zc, [str(links / name), "-c", "main.c", "-o", "main.o"], ["main.o"], name)
            cached_equals_bare(zc, [str(links / name), "main.o", "-o", "app"], ["app"], name)
    assert zc.counters()["hits"] >= 2  # the second round of the first name, compile and link


# Spellings of the directives that no scan of the text finds, which the assembler still obeys: a
# miss asks GNU as which files it read (--MD), and records what clang opens (the open recorder).
HIDDEN_ASSEMBLER_CASES = {
    "split_literal": 'asm(".section .rodata\\n.inc" "bin \\"blob.bin\\"\\n.text");\nint f(void) { return 1; }\n',
    "escaped_dot": 'asm(".section .rodata\\n\\x2eincbin \\"blob.bin\\"\\n.text");\nint f(void) { return 1; }\n',
    "through_a_macro": '#define DIRECTIVE(a, b) a b\nasm(DIRECTIVE(".section .rodata\\n.in", "clude \\"part.s\\"\\n.text"));\n'
                       'int f(void) { return 1; }\n',
    "section_name": '__attribute__((section(".rodata\\n.incbin \\"blob.bin\\"\\n#"))) const int x = 1;\n',
}


# clang quotes a section name, so no directive gets through that way (and its hits are right).
HIDDEN_ASSEMBLER_RUNS = [(c, case) for c in COMPILERS for case in HIDDEN_ASSEMBLER_CASES
                         if not (c == "clang" and case == "section_name")]


@pytest.mark.parametrize("compiler,case", HIDDEN_ASSEMBLER_RUNS)
def test_hidden_assembler_directives_are_never_served_stale(zc, compiler, case):
    zc.write("main.c", HIDDEN_ASSEMBLER_CASES[case], settle=False)
    assert_assembler_reads_never_served_stale(zc, [compiler, "-c", "main.c", "-o", "main.o"])


def test_a_directive_named_in_a_comment_is_cached(zc):
    """binutils' libiberty: "%sccs.include.redist.c%" in a licence comment reads no file."""
    zc.write("main.c", "/* %sccs.include.redist.c% and .incbin in prose */\nint f(void) { return 1; }\n")
    for compiler in ("gcc", "g++", "clang", "clang++"):
        argv = [compiler, "-c", "main.c", "-o", "main.o"]
        assert_cached_like_bare(zc, argv, ["main.o"])


@pytest.mark.parametrize("flags,written", [
    (["-Wa,-adhln=listing.txt"], "listing.txt"),
    (["-Wa,--noexecstack,-alh=listing.txt"], "listing.txt"),
    (["-Xassembler", "-adhln=listing.txt"], "listing.txt"),
    (["-O2", "-fopt-info-all=opt.txt"], "opt.txt"),
    (["-O2", "-fopt-info-vec-missed=opt.txt"], "opt.txt"),
    (["-aux-info", "protos.txt"], "protos.txt"),
    (["-fdump-tree-original"], "a.c.005t.original"),
])
def test_options_that_write_files_leave_their_files(zc, flags, written):
    zc.write("a.c", "int a(int x) { for (int i = 0; i < 8; i++) x += i; return x; }\n")
    argv = ["gcc", *flags, "-c", "a.c", "-o", "a.o"]
    bare = zc.compile(argv, ["a.o"], via_cache=False)
    for _ in range(2):
        for p in zc.work.glob("a.c.*"):
            p.unlink()
        (zc.work / written).unlink(missing_ok=True)
        assert zc.compile(argv, ["a.o"], via_cache=True).same_as(bare)
        assert (zc.work / written).exists(), f"{flags}: {written} was not written"
    assert zc.counters()["hits"] == 0


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("spelling", [
    ["-c", "a.c", "--output=a.o"], ["-c", "a.c", "--output", "a.o"], ["--compile", "a.c", "-o", "a.o"],
    ["-c", "a.c", "-o", "a.o", "--include-directory=inc"], ["-c", "a.c", "-o", "a.o", "--include-directory", "inc"],
    ["-c", "a.c", "-o", "a.o", "--write-dependencies"], ["-c", "a.c", "-o", "a.o", "-Wa,--noexecstack"],
    ["-c", "a.c", "-o", "a.o", "-Wp,-D_FORTIFY_SOURCE=2", "-O2"],
], ids=["output=", "output", "compile", "include-directory=", "include-directory", "write-dependencies",
        "Wa-noexecstack", "Wp-D"])
def test_long_spellings_are_cached_like_bare(zc, compiler, spelling):
    if compiler == "clang" and "--write-dependencies" in spelling:
        pytest.skip("clang has no --write-dependencies")
    zc.write("inc/v.h", "#define V 2\n", settle=False)
    zc.write("a.c", '#include "v.h"\nint a(void) { return V; }\n')
    outputs = ["a.o", "a.d"] if "--write-dependencies" in spelling else ["a.o"]
    search = [] if any("include-directory" in s for s in spelling) else ["-Iinc"]
    assert_cached_like_bare(zc, [compiler, *search, *spelling], outputs)


@pytest.mark.parametrize("compiler", COMPILERS)
def test_long_include_spelling_still_sees_a_shadowing_header(zc, compiler):
    """--include-directory is a search directory like -I: a header created earlier in the search
    order is a miss, not the old hit."""
    zc.write("late/v.h", "#define V 1\n", settle=False)
    os.makedirs(zc.work / "early")
    zc.write("a.c", '#include "v.h"\nint a(void) { return V; }\n')
    argv = [compiler, "--include-directory=early", "--include-directory", "late", "-c", "a.c", "-o", "a.o"]
    assert_cached_like_bare(zc, argv, ["a.o"])
    zc.write("early/v.h", "#define V 9\n")
    bare = zc.compile(argv, ["a.o"], via_cache=False)
    assert zc.compile(argv, ["a.o"], via_cache=True).same_as(bare)
    assert zc.counters()["hits"] == 1


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("flags,reason", [
    (["-Wp,-Iearly"], "preprocessor_option"),
    (["-Xpreprocessor", "-Iearly"], "preprocessor_option"),
    (["-Wa,-Iearly"], "assembler_option"),
    (["-I=early"], "sysroot_relative_include"),
    (["-Iearly", "-I-"], "include_barrier"),
])
def test_search_paths_we_do_not_model_are_left_to_the_compiler(zc, compiler, flags, reason):
    if compiler == "clang" and "-I-" in flags:
        pytest.skip("clang rejects -I-")
    os.makedirs(zc.work / "early")
    zc.write("a.c", '#include "v.h"\nint a(void) { return V; }\n', settle=False)
    zc.write("v.h", "#define V 1\n")
    argv = [compiler, *flags, "-I.", "-c", "a.c", "-o", "a.o"]
    for text in (None, "#define V 5\n"):
        if text:
            zc.write("early/v.h", text)
        bare = zc.compile(argv, ["a.o"], via_cache=False)
        assert zc.compile(argv, ["a.o"], via_cache=True).same_as(bare)
    assert zc.counters()["hits"] == 0
    assert zc.reasons() == {reason: 2}
    time.sleep(SETTLE_SECONDS)


@pytest.mark.parametrize("compiler", COMPILERS)
def test_a_directory_reached_through_a_symlink_is_named_as_the_compiler_names_it(zc, compiler):
    """gcc and clang record $PWD (when it is the cwd) in DW_AT_comp_dir: a compile from the
    symlinked name and one from the real name are different results, each equal to bare."""
    zc.write("real/sub/a.c", "int a(int x) { return x + 2; }\n")
    os.symlink("real", zc.work / "lnk")
    argv = [compiler, "-g", "-c", "a.c", "-o", "a.o"]
    for name in ("lnk/sub", "real/sub", "lnk/sub", "real/sub"):
        cwd = zc.work / name
        env = {"PWD": str(cwd)}
        bare = zc.compile(argv, ["a.o"], via_cache=False, env=env, cwd=cwd)
        got = zc.compile(argv, ["a.o"], via_cache=True, env=env, cwd=cwd)
        assert got.same_as(bare), name
        assert str(cwd).encode() in got.outputs["a.o"]
    assert zc.counters()["hits"] == 2


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("argv,outputs", [
    (["-MD", "-S", "a.c"], ["a.s", "a.d"]),
    (["-MD", "-c", "a.c", "-o", "x.o"], ["x.o", "x.d"]),
    (["-MMD", "-c", "a.c", "-o", "sub/x.o"], ["sub/x.o", "sub/x.d"]),
    (["-MD", "-MP", "-S", "a.c", "-o", "y.s"], ["y.s", "y.d"]),
    (["-MD", "-c", "a.c"], ["a.o", "a.d"]),
], ids=["MD-S", "MD-o", "MMD-subdir", "MD-MP-S-o", "MD-default"])
def test_default_dep_file_names_and_targets_are_the_compilers(zc, compiler, argv, outputs):
    zc.write("h.h", "#define H 1\n", settle=False)
    os.makedirs(zc.work / "sub", exist_ok=True)
    zc.write("a.c", '#include "h.h"\nint a(void) { return H; }\n')
    assert_cached_like_bare(zc, [compiler, *argv], outputs)


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("how", ["CPATH", "C_INCLUDE_PATH", "isystem", "missing_I_dir"])
def test_a_header_created_anywhere_earlier_in_the_compilers_search_is_a_miss(zc, compiler, how):
    """The search list is the compiler's own (`-E -v`): directories from the include-path
    variables and ones skipped as nonexistent count as much as -I ones."""
    zc.write("late/v.h", "#define V 1\n", settle=False)
    zc.write("a.c", "#include <v.h>\nint a(void) { return V; }\n")
    early = zc.work / "early"
    if how != "missing_I_dir":
        early.mkdir()
    env = {how: str(early)} if how.endswith("PATH") else {}
    flags = {"isystem": ["-isystem", "early"], "missing_I_dir": ["-Iearly"]}.get(how, [])
    argv = [compiler, *flags, "-idirafter", "late", "-c", "a.c", "-o", "a.o"]
    assert_cached_like_bare(zc, argv, ["a.o"], env=env)
    zc.write("early/v.h", "#define V 2\n")
    bare = zc.compile(argv, ["a.o"], via_cache=False, env=env)
    assert bare.returncode == 0, bare.stderr
    assert zc.compile(argv, ["a.o"], via_cache=True, env=env).same_as(bare)
    assert zc.counters()["hits"] == 1


HAS_INCLUDE_SOURCES = {
    "literal_quote": '#if __has_include("opt.h")\n#include "opt.h"\n#else\n#define OPT 0\n#endif\nint a(void) { return OPT; }\n',
    "literal_angle": "#if __has_include(<opt.h>)\n#define OPT 1\n#else\n#define OPT 0\n#endif\nint a(void) { return OPT; }\n",
    "wrapper_in_a_header": '#include "probe.h"\n#if HAS_HDR(<opt.h>)\n#define OPT 1\n#else\n#define OPT 0\n#endif\n'
                           "int a(void) { return OPT; }\n",
}


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("case", list(HAS_INCLUDE_SOURCES))
def test_a_header_probed_by_has_include_appearing_or_going_is_a_miss(zc, compiler, case):
    zc.write("probe.h", "#define HAS_HDR(h) __has_include(h)\n", settle=False)
    zc.write("a.c", HAS_INCLUDE_SOURCES[case], settle=False)
    os.makedirs(zc.work / "inc")
    argv = [compiler, "-Iinc", "-c", "a.c", "-o", "a.o"]
    assert_cached_like_bare(zc, argv, ["a.o"])  # probed absent: OPT 0
    steps = [("inc/opt.h", "#define OPT 7\n"), ("opt.h", "#define OPT 9\n"), ("inc/opt.h", None), ("opt.h", None)]
    for path, text in steps:
        if text is None:
            (zc.work / path).unlink()
            time.sleep(SETTLE_SECONDS)
        else:
            zc.write(path, text)
        bare = zc.compile(argv, ["a.o"], via_cache=False)
        got = zc.compile(argv, ["a.o"], via_cache=True)
        assert got.same_as(bare), f"after {path} {'removed' if text is None else 'written'}"
    assert zc.reasons() == {}


def test_a_probe_we_cannot_read_is_never_stored(zc):
    zc.write("a.c", "#define NAME <opt.h>\n#if __has_include(NAME)\n#define OPT 1\n#else\n#define OPT 0\n#endif\n"
                    "int a(void) { return OPT; }\n")
    argv = ["gcc", "-I.", "-c", "a.c", "-o", "a.o"]
    for text in (None, "#define X\n"):
        if text:
            zc.write("opt.h", text)
        bare = zc.compile(argv, ["a.o"], via_cache=False)
        assert zc.compile(argv, ["a.o"], via_cache=True).same_as(bare)
    assert zc.counters()["hits"] == 0
    assert zc.reasons() == {"has_include_unreadable": 2}


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("user_trace", [False, True], ids=["MMD", "MMD-and-H"])
def test_system_headers_are_dependencies_with_mmd_too(zc, compiler, user_trace):
    """-MMD leaves system headers out of the dep file; editing one must still be a miss, and the
    compiler's messages and dep file stay exactly as a bare compile gives them."""
    zc.write("sys/lib.h", "#define LIB 1\n", settle=False)           # no include guard: gcc says so under -H
    zc.write("sys/guarded.h", "#ifndef G\n#define G\n#endif\n", settle=False)
    zc.write("own.h", "#pragma once\n#define OWN 2\n", settle=False)
    zc.write("a.c", '#include <lib.h>\n#include <guarded.h>\n#include "own.h"\n'
                    "int a(void) { int unused; return LIB + OWN; }\n")
    argv = [compiler, "-Wall", "-isystem", "sys", "-MMD", *(["-H"] if user_trace else []), "-c", "a.c", "-o", "a.o"]
    assert_cached_like_bare(zc, argv, ["a.o", "a.d"])
    if not (compiler == "clang" and user_trace):  # clang's -H puts system headers in the dep file
        assert b"lib.h" not in (zc.work / "a.d").read_bytes()  # really a -MMD dep file
    zc.write("sys/lib.h", "#define LIB 5\n")
    bare = zc.compile(argv, ["a.o", "a.d"], via_cache=False)
    got = zc.compile(argv, ["a.o", "a.d"], via_cache=True)
    assert got.same_as(bare), got
    assert zc.counters()["hits"] == 1


@pytest.mark.parametrize("tool", ["cc1", "as"])
def test_a_changed_program_behind_the_driver_is_a_miss(zc, tool):
    """gcc runs cc1 and as behind its own binary (found through -B here, as a package upgrade
    would swap them): each is keyed by content, so a different one is a miss equal to bare."""
    real = subprocess.run(["gcc", f"-print-prog-name={tool}"], capture_output=True, text=True).stdout.strip()
    real = shutil.which(real) if "/" not in real else real
    tools = zc.work / "tools"
    tools.mkdir()
    # A wrapper that changes the object, as another version of the tool would.
    extra = {"cc1": '"$@" -DV=2', "as": '"$@"'}[tool]
    zc.write("a.c", "#ifndef V\n#define V 1\n#endif\nint v(void) { return V; }\n")
    argv = ["gcc", f"-B{tools}/", "-c", "a.c", "-o", "a.o"]
    (tools / tool).write_text(f"#!/bin/sh\nexec {real} \"$@\"\n")
    (tools / tool).chmod(0o755)
    time.sleep(SETTLE_SECONDS)
    assert_cached_like_bare(zc, argv, ["a.o"])
    (tools / tool).write_text(f"#!/bin/sh\n# another version\nexec {real} {extra}\n")
    time.sleep(SETTLE_SECONDS)
    bare = zc.compile(argv, ["a.o"], via_cache=False)
    assert bare.returncode == 0, bare.stderr
    before = zc.counters()
    assert zc.compile(argv, ["a.o"], via_cache=True).same_as(bare)
    assert zc.counters()["misses"] == before["misses"] + 1


INCLUDER_CASES = {
    # inc/sub/x.h includes "y.h", found through -Ifoo: inc/sub/y.h comes first
    "literal": ({"inc/sub/x.h": '#include "y.h"\n'}, "inc/sub/y.h"),
    "computed": ({"inc/sub/x.h": '#define CFG "y.h"\n#include CFG\n'}, "inc/sub/y.h"),
    # two levels down: inc/sub/x.h includes "deep/w.h" (beside it), which includes "y.h"
    "nested": ({"inc/sub/x.h": '#include "deep/w.h"\n', "inc/sub/deep/w.h": '#include "y.h"\n'}, "inc/sub/deep/y.h"),
}


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("case", list(INCLUDER_CASES))
# With -g gcc records its switches, so a miss reads the includers' quoted includes from their text
# instead of adding -H (or a -E -H run, under -MMD or for an #include of a macro).
@pytest.mark.parametrize("deps", [[], ["-MD"], ["-MMD"], ["-MMD", "-H"], ["-g"], ["-g", "-MD"], ["-g", "-MMD"]],
                         ids=["no_deps", "MD", "MMD", "MMD_H", "g", "g_MD", "g_MMD"])
def test_a_header_created_beside_the_including_header_is_a_miss(zc, compiler, case, deps):
    """A quoted include looks in its includer's directory first: not only the source's."""
    files, shadow = INCLUDER_CASES[case]
    for path, text in files.items():
        zc.write(path, text, settle=False)
    zc.write("foo/y.h", "#define Y 1\n", settle=False)
    zc.write("a.c", '#include "sub/x.h"\n#include <stdio.h>\nint a(void) { return Y; }\n')
    outputs = ["a.o", "a.d"] if any(d.startswith("-M") for d in deps) else ["a.o"]
    argv = [compiler, *deps, "-Iinc", "-Ifoo", "-c", "a.c", "-o", "a.o"]
    assert_cached_like_bare(zc, argv, outputs)
    zc.write(shadow, "#define Y 2\n")
    bare = zc.compile(argv, outputs, via_cache=False)
    assert bare.returncode == 0, bare.stderr
    got = zc.compile(argv, outputs, via_cache=True)
    assert got.same_as(bare), f"{shadow} created: {got}"
    assert zc.counters()["hits"] == 1
    assert zc.reasons() == {}


FAILING_SOURCES = {
    "syntax_error": '#include "h.h"\n#include <stdio.h>\nint a(void) { return H + ; }\n',
    # clang goes on after the fatal error: the next include's -H line follows a coloured message
    "missing_header_first": '#include "missing.h"\n#include "h.h"\nint a(void) { return H; }\n',
}


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("flags", [[], ["-g"], ["-MMD"], ["-H"]], ids=["plain", "g", "MMD", "user_H"])
@pytest.mark.parametrize("source", list(FAILING_SOURCES))
def test_a_failing_compile_shows_the_compilers_own_messages(zc, compiler, flags, source):
    """The -H lines a miss adds never reach the user, whatever the exit code."""
    zc.write("inc/h.h", "#define H 1\n", settle=False)
    zc.write("a.c", FAILING_SOURCES[source])
    argv = [compiler, *flags, "-Iinc", "-c", "a.c", "-o", "a.o"]
    for _ in range(2):
        bare = zc.compile(argv, ["a.o"], via_cache=False)
        assert bare.returncode != 0
        assert zc.compile(argv, ["a.o"], via_cache=True).same_as(bare)


def test_the_compiler_found_on_path_is_the_one_bare_runs_now(zc):
    """The daemon answers PATH lookups from its watched metadata cache: a directory on PATH that
    appears, a wrapper put there, its execute bit taken away, and a name retargeted to another
    compiler must each be seen at once."""
    early = zc.work / "early-bin"
    env = {"PATH": f"{early}:{os.environ['PATH']}"}
    zc.write("a.c", "#ifndef A\n#define A 1\n#endif\nint a(void) { return A; }\n")
    argv = ["gcc", "-c", "a.c", "-o", "a.o"]

    def wrapper():
        early.mkdir()
        (early / "gcc").write_text(f'#!/bin/sh\nexec {shutil.which("gcc")} -DA=2 "$@"\n')
        (early / "gcc").chmod(0o755)

    def retarget_to_clang():
        (early / "gcc").unlink()
        os.symlink(shutil.which("clang"), early / "gcc")

    assert not cached_equals_bare(zc, argv, ["a.o"], "first", env=env)
    assert cached_equals_bare(zc, argv, ["a.o"], "unchanged", env=env)
    for what, change in [("a wrapper appears on PATH", wrapper),
                         ("the wrapper loses its execute bit", lambda: (early / "gcc").chmod(0o644)),
                         ("gcc on PATH becomes clang", retarget_to_clang)]:
        change()
        time.sleep(SETTLE_SECONDS)
        cached_equals_bare(zc, argv, ["a.o"], what, env=env)
        assert cached_equals_bare(zc, argv, ["a.o"], what + ", again", env=env)

"""clang-tidy and include-what-you-use through zccache: output, exit code and exported fixes of
a hit equal a bare run; headers, config files, mapping files and compile database entries
invalidate what they should and nothing else."""

import json
import shutil
import subprocess

import pytest

from conftest import needs_tools, SETTLE_SECONDS, ZCCACHE, assert_cached_like_bare

pytestmark = needs_tools("clang-tidy", "include-what-you-use")

SOURCE = '#include "util.h"\n#include <vector>\nint f(int x) { int y = 0; return x + util() + y; }\n'
CHECKS = "--checks=-*,readability-identifier-length"


@pytest.fixture(autouse=True)
def ordered_journal(zc):
    """These tests read outcomes off the journal's last lines."""
    zc.ordered_journal = True


def project(zc):
    zc.write("src/util.h", "inline int util() { return 1; }\n")
    zc.write("src/a.cpp", SOURCE)


def outcomes(zc, n):
    lines = (zc.cache / "logs" / "compile_journal.jsonl").read_text().splitlines()
    return [json.loads(line)["outcome"] for line in lines[-n:]]


def tidy(zc, *extra, fixes=None):
    argv = ["clang-tidy", CHECKS, "src/a.cpp", *extra]
    if fixes:
        argv.insert(1, f"--export-fixes={fixes}")
    return argv


def test_clang_tidy_hit_replays_output_and_fixes_file(zc):
    project(zc)
    bare = assert_cached_like_bare(zc, tidy(zc, "--", "-std=c++17", fixes="fixes.yaml"), ["fixes.yaml"])
    assert b"readability-identifier-length" in bare.stdout
    assert bare.outputs["fixes.yaml"] and b"readability-identifier-length" in bare.outputs["fixes.yaml"]


def test_clang_tidy_without_diagnostics_leaves_an_old_fixes_file_alone(zc):
    project(zc)
    argv = ["clang-tidy", "--checks=-*,cert-err58-cpp", "--export-fixes=fixes.yaml", "src/a.cpp", "--", "-std=c++17"]
    zc.write("fixes.yaml", "old\n")
    bare = zc.run(argv)
    assert (zc.work / "fixes.yaml").read_text() == "old\n"
    for _ in range(2):
        got = zc.run([ZCCACHE, *argv])
        assert (got.returncode, got.stdout, got.stderr) == (bare.returncode, bare.stdout, bare.stderr)
        assert (zc.work / "fixes.yaml").read_text() == "old\n"
    assert outcomes(zc, 2) == ["miss", "hit"]


def test_failing_check_replays_its_exit_code(zc):
    project(zc)
    bare = assert_cached_like_bare(zc, tidy(zc, "--warnings-as-errors=*", "--", "-std=c++17"), [])
    assert bare.returncode != 0


def test_header_change_misses(zc):
    project(zc)
    argv = tidy(zc, "--", "-std=c++17")
    assert_cached_like_bare(zc, argv, [])
    zc.write("src/util.h", "inline int util() { int zz = 2; return zz; }\n")
    assert_cached_like_bare(zc, argv, [])


def test_clang_tidy_config_files_decide_the_result(zc):
    project(zc)
    argv = ["clang-tidy", "src/a.cpp", "--", "-std=c++17"]
    zc.write("src/.clang-tidy", "Checks: '-*,readability-identifier-length'\n")
    first = assert_cached_like_bare(zc, argv, [])
    assert b"readability-identifier-length" in first.stdout
    # Changed in place: a miss with the new checks.
    zc.write("src/.clang-tidy", "Checks: '-*,readability-magic-numbers'\n")
    assert b"identifier-length" not in assert_cached_like_bare(zc, argv, []).stdout
    # A config appearing in a directory nearer the source than the one in use.
    (zc.work / "src/.clang-tidy").rename(zc.work / ".clang-tidy")
    zc.write("src/.clang-tidy", "Checks: '-*,readability-identifier-length'\n")
    assert b"readability-identifier-length" in assert_cached_like_bare(zc, argv, []).stdout


def test_compile_database_entry_is_keyed_not_the_whole_file(zc):
    project(zc)
    zc.write("src/b.cpp", "int b() { return 0; }\n")

    def database(a_flags, b_flags):
        entries = [{"directory": str(zc.work), "file": f"src/{name}.cpp",
                    "command": f"clang++ {flags} -c src/{name}.cpp -o {name}.o"}
                   for name, flags in (("a", a_flags), ("b", b_flags))]
        zc.write("build/compile_commands.json", json.dumps(entries))

    argv = tidy(zc, "-p", "build")
    database("-std=c++17", "-std=c++17")
    assert_cached_like_bare(zc, argv, [])
    database("-std=c++17", "-std=c++20 -DOTHER")  # another file's flags
    got = zc.compile(argv, [], via_cache=True)
    assert outcomes(zc, 1) == ["hit"] and got.returncode == 0
    database("-std=c++17 -DUTIL_CHANGED", "-std=c++20 -DOTHER")  # this file's flags
    assert_cached_like_bare(zc, argv, [])


def test_compile_database_found_from_the_source_directory(zc):
    project(zc)
    argv = ["clang-tidy", CHECKS, "src/a.cpp"]
    assert_cached_like_bare(zc, argv, [])  # no database anywhere: clang-tidy says so, and it is replayed
    zc.write("src/compile_flags.txt", "-std=c++17\n-DFROM_FLAGS\n")
    assert_cached_like_bare(zc, argv, [])


def test_translation_unit_that_does_not_compile_is_never_stored(zc):
    zc.write("src/a.cpp", '#include "later.h"\nint f() { return later(); }\n')
    argv = tidy(zc, "--", "-std=c++17", "-Isrc/inc")
    for _ in range(2):
        bare = zc.compile(argv, [], via_cache=False)
        got = zc.compile(argv, [], via_cache=True)
        assert got.same_as(bare) and got.returncode != 0
    assert "hit" not in outcomes(zc, 2)
    zc.write("src/inc/later.h", "inline int later() { return 7; }\n")
    assert_cached_like_bare(zc, argv, [])


def test_fix_runs_pass_through(zc):
    project(zc)
    got = zc.run([ZCCACHE, "clang-tidy", CHECKS, "--fix", "src/a.cpp", "--", "-std=c++17"])
    assert got.returncode == 0
    assert zc.reasons().get("clang_tidy_fix") == 1


IWYU = ["include-what-you-use", "-std=c++17", "-c", "src/a.cpp", "-o", "a.o"]


def test_iwyu_hit_replays_its_suggestions(zc):
    project(zc)
    bare = assert_cached_like_bare(zc, IWYU, ["a.o"])
    assert b"should remove these lines" in bare.stderr
    assert bare.outputs["a.o"] is None  # iwyu writes no object, and neither does its hit


def test_iwyu_error_exit_is_replayed_and_header_change_misses(zc):
    project(zc)
    argv = ["include-what-you-use", "-Xiwyu", "--error", *IWYU[1:]]
    assert assert_cached_like_bare(zc, argv, []).returncode != 0
    zc.write("src/util.h", "#include <vector>\ninline int util() { return 2; }\n")
    assert_cached_like_bare(zc, argv, [])


def test_iwyu_mapping_files_and_their_refs_are_dependencies(zc):
    project(zc)
    zc.write("maps/main.imp", '[\n  { ref: "more.imp" }\n]\n')
    zc.write("maps/more.imp", '[\n  { include: ["<bits/stl_vector.h>", "private", "<vector>", "public"] }\n]\n')
    argv = ["include-what-you-use", "-Xiwyu", "--mapping_file=maps/main.imp", *IWYU[1:]]
    assert_cached_like_bare(zc, argv, [])
    zc.write("maps/more.imp", '[\n  { symbol: ["std::vector", "private", "<deque>", "public"] }\n]\n')
    assert_cached_like_bare(zc, argv, [])


CMAKE_PROJECT = """cmake_minimum_required(VERSION 3.16)
project(analysed CXX)
add_library(analysed STATIC a.cpp b.cpp)
"""


@needs_tools("cmake", "ninja")
def test_cmake_project_with_clang_tidy_and_iwyu_rebuilds_from_the_cache(zc):
    zc.write("proj/CMakeLists.txt", CMAKE_PROJECT)
    zc.write("proj/util.h", "inline int util() { return 1; }\n")
    zc.write("proj/a.cpp", SOURCE)
    zc.write("proj/b.cpp", '#include "util.h"\n#include <string>\nint g(int v) { return v * util(); }\n')

    def build(launch):
        tidy_cmd = ([ZCCACHE] if launch else []) + ["clang-tidy", CHECKS]
        iwyu_cmd = ([ZCCACHE] if launch else []) + ["include-what-you-use"]
        build_dir = zc.work / ("build-cached" if launch else "build-bare")
        shutil.rmtree(build_dir, ignore_errors=True)
        configure = zc.run(["cmake", "-G", "Ninja", "-S", "proj", "-B", str(build_dir),
                            f"-DCMAKE_CXX_CLANG_TIDY={';'.join(tidy_cmd)}",
                            f"-DCMAKE_CXX_INCLUDE_WHAT_YOU_USE={';'.join(iwyu_cmd)}"])
        assert configure.returncode == 0, configure.stderr
        out = zc.run(["ninja", "-C", str(build_dir), "-j1"])
        assert out.returncode == 0, out.stderr
        # The analyses' findings, as ninja shows them, without the build dir's name.
        return out.stdout.decode().replace(str(build_dir), "BUILD")

    bare = build(False)
    assert "readability-identifier-length" in bare and "should remove these lines" in bare
    first = build(True)
    second = build(True)
    assert first == bare and second == bare
    # Two sources, each analysed by both tools: four misses, then four hits.
    assert outcomes(zc, 4) == ["hit"] * 4


ANALYSIS_SHADOWS = {
    # src/a.cpp includes "sub/x.h" (through -Iinc), which includes "y.h" (through -Ifoo)
    "beside_the_includer": ("inc/sub/y.h", {}),
    # <late.h> through -idirafter late; CPATH=early is searched before it
    "CPATH": ("early/late.h", {"CPATH": "early"}),
}


@pytest.mark.parametrize("tool", ["clang-tidy", "include-what-you-use"])
@pytest.mark.parametrize("case", list(ANALYSIS_SHADOWS))
def test_a_header_created_earlier_in_the_search_is_a_miss_for_analysis_tools(zc, tool, case):
    """The search is the same LLVM clang's, and each header's includer is traced, as for a
    compile: a header created where the TU would now find it first is never answered stale."""
    shadow, env = ANALYSIS_SHADOWS[case]
    zc.write("inc/sub/x.h", '#include "y.h"\n', settle=False)
    zc.write("foo/y.h", "inline int why() { return 1; }\n", settle=False)
    zc.write("late/late.h", "inline int late() { return 1; }\n", settle=False)
    (zc.work / "early").mkdir()
    zc.write("src/a.cpp", '#include "sub/x.h"\n#include <late.h>\nint f() { return why() + late(); }\n')
    flags = ["-Iinc", "-Ifoo", "-idirafter", "late"]
    if tool == "clang-tidy":
        argv = ["clang-tidy", CHECKS, "src/a.cpp", "--", *flags]
    else:
        argv = ["include-what-you-use", *flags, "-c", "src/a.cpp", "-o", "a.o"]
    assert_cached_like_bare(zc, argv, [], env=env)
    # The new header breaks the TU (a redefinition in C++ would not: use a #error).
    zc.write(shadow, '#error "found the new header"\n')
    bare = zc.compile(argv, [], via_cache=False, env=env)
    assert b"found the new header" in bare.stdout + bare.stderr
    got = zc.compile(argv, [], via_cache=True, env=env)
    assert got.same_as(bare), f"{shadow} created: {got}"

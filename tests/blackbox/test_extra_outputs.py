"""Compiles that write more than the object (.dwo, .gcno, -save-temps files) or depend on a
profile: one cached result, restored whole, byte-identical to a bare compile."""

import subprocess
import time

import pytest

from conftest import SETTLE_SECONDS, assert_cached_like_bare, needs_tools

SOURCE = "int f(int x) { int y = x * 2; return y + 1; }\nint main(void) { return f(1) == 3 ? 0 : 1; }\n"


@pytest.fixture
def project(zc):
    zc.write("src/a.c", SOURCE)
    (zc.work / "sub").mkdir()
    return zc


# gcc stamps coverage data with the compile's time unless -frandom-seed is given; with it, a
# bare compile is reproducible and the cached one can be compared byte for byte.
@pytest.mark.parametrize("compiler", ["gcc", "clang"])
@pytest.mark.parametrize("flags,outputs", [
    (["-g", "-gsplit-dwarf"], ["sub/x.o", "sub/x.dwo"]),
    (["--coverage", "-frandom-seed=1"], ["sub/x.o", "sub/x.gcno"]),
    (["-ftest-coverage", "-fprofile-arcs", "-frandom-seed=1", "-MD"], ["sub/x.o", "sub/x.gcno", "sub/x.d"]),
    (["-fprofile-arcs", "-frandom-seed=1"], ["sub/x.o"]),
])
def test_companion_files_are_cached_with_the_object(project, compiler, flags, outputs):
    assert_cached_like_bare(project, [compiler, *flags, "-c", "src/a.c", "-o", "sub/x.o"], outputs)


def test_time_stamped_coverage_data_comes_back_as_the_pair_that_was_compiled(project):
    zc = project
    argv = ["gcc", "--coverage", "-c", "src/a.c", "-o", "sub/x.o"]
    miss = zc.compile(argv, ["sub/x.o", "sub/x.gcno"], via_cache=True)
    time.sleep(1.1)  # a fresh compile now would carry another stamp
    hit = zc.compile(argv, ["sub/x.o", "sub/x.gcno"], via_cache=True)
    assert hit.same_as(miss) and zc.counters()["hits"] == 1


@pytest.mark.parametrize("compiler,outputs", [("gcc", ["sub/x.o", "sub/x.i", "sub/x.s"]),
                                              ("clang", ["sub/x.o", "a.i", "a.s", "a.bc"])])
def test_save_temps_files_are_cached(project, compiler, outputs):
    assert_cached_like_bare(project, [compiler, "-save-temps", "-c", "src/a.c", "-o", "sub/x.o"], outputs)


def test_the_output_path_is_keyed_when_the_object_embeds_it(project):
    zc = project
    flags = ["gcc", "--coverage", "-frandom-seed=1", "-c", "src/a.c", "-o"]
    zc.compile(flags + ["sub/x.o"], ["sub/x.o"], via_cache=True)
    bare = zc.compile(flags + ["sub/y.o"], ["sub/y.o", "sub/y.gcno"], via_cache=False)
    got = zc.compile(flags + ["sub/y.o"], ["sub/y.o", "sub/y.gcno"], via_cache=True)
    assert got.same_as(bare)
    assert zc.counters()["misses"] == 2 and zc.counters()["hits"] == 0


def test_gcc_profile_use_is_keyed_by_the_profile(project):
    zc = project
    argv = ["gcc", "-O2", "-fprofile-use", "-c", "src/a.c", "-o", "sub/x.o"]
    assert_cached_like_bare(zc, argv, ["sub/x.o"])  # no profile yet: gcc warns, we replay it
    # Make a real profile: instrumented build, one run.
    subprocess.run(["gcc", "-O2", "-fprofile-generate", "-c", "src/a.c", "-o", "sub/x.o"], cwd=zc.work, check=True)
    subprocess.run(["gcc", "-fprofile-generate", "sub/x.o", "-o", "sub/app"], cwd=zc.work, check=True)
    subprocess.run([str(zc.work / "sub" / "app")], cwd=zc.work, check=True)
    assert (zc.work / "sub" / "x.gcda").exists()
    time.sleep(SETTLE_SECONDS)
    before = zc.counters()
    assert_cached_like_bare(zc, argv, ["sub/x.o"])  # a miss first: the profile changed the key
    assert zc.counters()["misses"] == before["misses"] + 1


def test_gcc_profile_use_of_a_directory_is_keyed_by_the_profile_inside(project):
    zc = project
    argv = ["gcc", "-O2", "-fprofile-use=prof", "-c", "src/a.c", "-o", "sub/x.o"]
    assert_cached_like_bare(zc, argv, ["sub/x.o"])  # no profile yet
    subprocess.run(["gcc", "-O2", "-fprofile-generate=prof", "-c", "src/a.c", "-o", "sub/x.o"], cwd=zc.work, check=True)
    subprocess.run(["gcc", "-fprofile-generate=prof", "sub/x.o", "-o", "sub/app"], cwd=zc.work, check=True)
    subprocess.run([str(zc.work / "sub" / "app")], cwd=zc.work, check=True)
    assert len(list((zc.work / "prof").glob("*.gcda"))) == 1
    time.sleep(SETTLE_SECONDS)
    before = zc.counters()
    assert_cached_like_bare(zc, argv, ["sub/x.o"])  # a miss first: the profile changed the key
    assert zc.counters()["misses"] == before["misses"] + 1
    # A file given as the profile "directory" is not a layout we can key: the compiler gets it.
    argv_file = ["gcc", "-fprofile-use=src/a.c", "-c", "src/a.c", "-o", "sub/x.o"]
    bare = zc.compile(argv_file, ["sub/x.o"], via_cache=False)
    assert zc.compile(argv_file, ["sub/x.o"], via_cache=True).same_as(bare)
    assert zc.reasons() == {"profile_or_coverage": 1}


@needs_tools("clang", "llvm-profdata")
def test_clang_profile_use_is_keyed_by_the_profdata_content(project):
    zc = project
    subprocess.run(["clang", "-fprofile-instr-generate", "src/a.c", "-o", "sub/app"], cwd=zc.work, check=True)
    subprocess.run([str(zc.work / "sub" / "app")], cwd=zc.work, check=True,
                   env={"LLVM_PROFILE_FILE": str(zc.work / "run.profraw")})
    (zc.work / "prof").mkdir()
    subprocess.run(["llvm-profdata", "merge", "-o", "prof/default.profdata", "run.profraw"], cwd=zc.work, check=True)
    time.sleep(SETTLE_SECONDS)
    for argv in (["clang", "-O2", "-fprofile-instr-use=prof/default.profdata", "-c", "src/a.c", "-o", "sub/x.o"],
                 ["clang", "-O2", "-fprofile-use=prof", "-c", "src/a.c", "-o", "sub/x.o"]):
        assert_cached_like_bare(zc, argv, ["sub/x.o"])
    # A different profile under the same name: a miss, then a hit again.
    subprocess.run([str(zc.work / "sub" / "app")], cwd=zc.work, check=True,
                   env={"LLVM_PROFILE_FILE": str(zc.work / "run2.profraw")})
    subprocess.run(["llvm-profdata", "merge", "-o", "prof/default.profdata", "run.profraw", "run2.profraw"],
                   cwd=zc.work, check=True)
    time.sleep(SETTLE_SECONDS)
    before = zc.counters()
    assert_cached_like_bare(zc, ["clang", "-O2", "-fprofile-use=prof", "-c", "src/a.c", "-o", "sub/x.o"], ["sub/x.o"])
    assert zc.counters()["misses"] == before["misses"] + 1

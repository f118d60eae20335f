"""Miss then hit for every compiler, each result byte-identical to a bare compile."""

import os

import pytest

from conftest import COMPILERS, ZCCACHE, assert_cached_like_bare, source_ext

HELLO = """#include <stdio.h>
#include "config.h"
int main(void) { printf("%d\\n", VALUE); return 0; }
"""


@pytest.mark.parametrize("compiler", COMPILERS)
def test_miss_then_hit_matches_bare(zc, compiler):
    src = "hello" + source_ext(compiler)
    zc.write("config.h", "#define VALUE 42\n")
    zc.write(src, HELLO)
    assert_cached_like_bare(zc, [compiler, "-O2", "-c", src, "-o", "hello.o"], ["hello.o"])


@pytest.mark.parametrize("compiler", COMPILERS)
def test_debug_info_and_default_output_name(zc, compiler):
    src = "sub/thing" + source_ext(compiler)
    zc.write(src, "int thing(int x) { return x * 3; }\n")
    assert_cached_like_bare(zc, [compiler, "-g", "-c", src], ["thing.o"])


@pytest.mark.parametrize("compiler", COMPILERS)
def test_assembly_output(zc, compiler):
    src = "f" + source_ext(compiler)
    zc.write(src, "int f(int x) { return x + 1; }\n")
    assert_cached_like_bare(zc, [compiler, "-S", src, "-o", "f.s"], ["f.s"])


@pytest.mark.parametrize("compiler", COMPILERS)
def test_warning_is_replayed_on_hit(zc, compiler):
    src = "w" + source_ext(compiler)
    zc.write(src, "int f(void) { int unused; return 0; }\n")
    bare = assert_cached_like_bare(zc, [compiler, "-Wall", "-c", src, "-o", "w.o"], ["w.o"])
    assert b"unused" in bare.stderr


@pytest.mark.parametrize("compiler", COMPILERS)
def test_failing_compile_returns_bare_exit_code_and_diagnostics(zc, compiler):
    src = "bad" + source_ext(compiler)
    zc.write(src, "int f(void) { return missing_symbol; }\n")
    argv = [compiler, "-c", src, "-o", "bad.o"]
    bare = zc.compile(argv, ["bad.o"], via_cache=False)
    assert bare.returncode != 0
    for _ in range(2):
        cached = zc.compile(argv, ["bad.o"], via_cache=True)
        assert cached.same_as(bare), f"{cached}\n{bare}"
    assert zc.counters()["errors"] == 2


DEP_VARIANTS = [
    ["-MD"],
    ["-MMD"],
    ["-MD", "-MF", "deps/custom.d"],
    ["-MMD", "-MP", "-MF", "deps/custom.d"],
    ["-MD", "-MT", "my-target", "-MF", "deps/custom.d"],
    ["-MD", "-MQ", "$(weird) target", "-MF", "deps/custom.d"],
    ["-MD", "-MFdeps/custom.d"],
]


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("dep_flags", DEP_VARIANTS, ids=lambda f: " ".join(f))
def test_dep_file_equals_bare(zc, compiler, dep_flags):
    src = "d" + source_ext(compiler)
    zc.write("inc/h.h", "#define H 1\n")
    zc.write(src, '#include <stdlib.h>\n#include "h.h"\nint d(void) { return H; }\n')
    (zc.work / "deps").mkdir(exist_ok=True)
    (zc.work / "obj").mkdir(exist_ok=True)
    dep_file = "deps/custom.d" if any("custom" in f for f in dep_flags) else "obj/d.d"
    argv = [compiler, *dep_flags, "-Iinc", "-c", src, "-o", "obj/d.o"]
    bare = assert_cached_like_bare(zc, argv, ["obj/d.o", dep_file])
    assert bare.outputs[dep_file], "the bare compile wrote a dep file"


def test_output_path_with_spaces_and_dep_file(zc):
    zc.write("a b.c", "int ab;\n")
    (zc.work / "out dir").mkdir()
    assert_cached_like_bare(zc, ["gcc", "-MD", "-c", "a b.c", "-o", "out dir/a b.o"],
                            ["out dir/a b.o", "out dir/a b.d"])


def test_hit_gives_the_output_a_fresh_mtime(zc):
    import os
    zc.write("m.c", "int m;\n")
    zc.zccache("gcc", "-c", "m.c", "-o", "m.o")
    (zc.work / "m.o").unlink()
    import time
    time.sleep(0.05)
    started = time.time()
    assert zc.zccache("gcc", "-c", "m.c", "-o", "m.o").returncode == 0
    assert zc.counters()["hits"] == 1
    assert os.stat(zc.work / "m.o").st_mtime >= started - 0.01
    # make would otherwise rebuild: the object must be newer than the source.
    assert os.stat(zc.work / "m.o").st_mtime > os.stat(zc.work / "m.c").st_mtime


def test_same_source_other_output_path_shares_the_object(zc):
    zc.write("s.c", "int s(void) { return 7; }\n")
    zc.zccache("gcc", "-c", "s.c", "-o", "one.o")
    bare = zc.compile(["gcc", "-c", "s.c", "-o", "two.o"], ["two.o"], via_cache=False)
    hit = zc.compile(["gcc", "-c", "s.c", "-o", "two.o"], ["two.o"], via_cache=True)
    assert hit.same_as(bare)
    assert zc.counters()["hits"] == 1


def test_dep_file_shared_by_a_hardlink_is_replaced_not_written_through(zc):
    """Outputs are replaced, never written into: a dep file hardlinked elsewhere (a `cp -al`
    copy of a build tree) keeps the other tree's content on a miss and on a hit."""
    zc.write("a.h", "#define A 1\n")
    zc.write("a.c", '#include "a.h"\nint a(void) { return A; }\n')
    argv = [ZCCACHE, "gcc", "-MD", "-MF", "a.d", "-c", "a.c", "-o", "a.o"]
    for expected in ("miss", "hit"):
        (zc.work / "other.d").write_text("the other tree's dep file\n")
        (zc.work / "a.d").unlink(missing_ok=True)
        os.link(zc.work / "other.d", zc.work / "a.d")
        before = zc.counters()
        assert zc.run(argv).returncode == 0
        counter = "misses" if expected == "miss" else "hits"
        assert zc.counters()[counter] == before[counter] + 1
        assert (zc.work / "other.d").read_text() == "the other tree's dep file\n"
        assert "a.h" in (zc.work / "a.d").read_text()

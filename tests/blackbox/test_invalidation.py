"""Changes that must give a miss and the new result, never the old object."""

import os
import shutil

import pytest

from conftest import COMPILERS, source_ext


def compile_and_compare(zc, argv, outputs, env=None):
    bare = zc.compile(argv, outputs, via_cache=False, env=env)
    cached = zc.compile(argv, outputs, via_cache=True, env=env)
    assert cached.same_as(bare), f"{cached}\n{bare}"
    return cached


@pytest.mark.parametrize("compiler", COMPILERS)
def test_header_edited_right_before_rebuild(zc, compiler):
    src = "main" + source_ext(compiler)
    zc.write("inc/value.h", "#define VALUE 1\n")
    zc.write(src, '#include "value.h"\nint v(void) { return VALUE; }\n')
    argv = [compiler, "-Iinc", "-c", src, "-o", "main.o"]
    zc.compile(argv, ["main.o"], via_cache=True)
    zc.compile(argv, ["main.o"], via_cache=True)
    assert zc.counters()["hits"] == 1
    for value in range(2, 6):
        # Same size, no sleep: only the watcher and the racy-timestamp rules can catch this.
        zc.write("inc/value.h", f"#define VALUE {value}\n", settle=False)
        compile_and_compare(zc, argv, ["main.o"])
    assert zc.counters()["hits"] == 1


@pytest.mark.parametrize("compiler", COMPILERS)
def test_header_shadowed_in_an_earlier_include_dir(zc, compiler):
    src = "main" + source_ext(compiler)
    zc.write("late/config.h", "#define WHICH 2\n")
    (zc.work / "early").mkdir()
    zc.write(src, '#include <config.h>\nint which(void) { return WHICH; }\n')
    argv = [compiler, "-Iearly", "-Ilate", "-c", src, "-o", "main.o"]
    zc.compile(argv, ["main.o"], via_cache=True)
    zc.compile(argv, ["main.o"], via_cache=True)
    assert zc.counters()["hits"] == 1
    zc.write("early/config.h", "#define WHICH 1\n")
    compile_and_compare(zc, argv, ["main.o"])
    assert zc.counters()["hits"] == 1
    # And back: removing the shadow returns to the first result, from the cache.
    os.unlink(zc.work / "early/config.h")
    compile_and_compare(zc, argv, ["main.o"])
    assert zc.counters()["hits"] == 2


def test_header_shadowed_next_to_the_source(zc):
    zc.write("lib/util.h", "#define U 2\n")
    zc.write("src/main.c", '#include "util.h"\nint u(void) { return U; }\n')
    argv = ["gcc", "-Ilib", "-c", "src/main.c", "-o", "main.o"]
    zc.compile(argv, ["main.o"], via_cache=True)
    zc.write("src/util.h", "#define U 3\n")
    compile_and_compare(zc, argv, ["main.o"])
    assert zc.counters()["hits"] == 0


def test_unrelated_files_in_include_dirs_keep_hits(zc):
    zc.write("inc/a.h", "#define A 1\n")
    zc.write("m.c", '#include "a.h"\nint a(void) { return A; }\n')
    argv = ["gcc", "-Iinc", "-I.", "-c", "m.c", "-o", "m.o"]
    zc.compile(argv, ["m.o"], via_cache=True)
    zc.write("inc/unrelated.h", "#define B 1\n")
    zc.write("notes.txt", "x\n")
    compile_and_compare(zc, argv, ["m.o"])
    assert zc.counters()["hits"] == 1


@pytest.mark.parametrize("define", ["-DVALUE=1", "-DVALUE=2"])
def test_command_line_macro_is_keyed(zc, define):
    zc.write("m.c", "int v(void) { return VALUE; }\n")
    other = "-DVALUE=2" if define == "-DVALUE=1" else "-DVALUE=1"
    zc.compile(["gcc", other, "-c", "m.c", "-o", "m.o"], ["m.o"], via_cache=True)
    compile_and_compare(zc, ["gcc", define, "-c", "m.c", "-o", "m.o"], ["m.o"])
    assert zc.counters()["hits"] == 0


def test_keyed_environment(zc):
    zc.write("inc1/e.h", "#define E 1\n")
    zc.write("inc2/e.h", "#define E 2\n")
    zc.write("m.c", '#include <e.h>\nint e(void) { return E; }\n')
    argv = ["gcc", "-c", "m.c", "-o", "m.o"]
    compile_and_compare(zc, argv, ["m.o"], env={"CPATH": str(zc.work / "inc1")})
    compile_and_compare(zc, argv, ["m.o"], env={"CPATH": str(zc.work / "inc2")})
    assert zc.counters()["hits"] == 0


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("macro", ["__DATE__", "__TIME__", "__TIMESTAMP__"])
def test_time_macros_are_uncacheable(zc, compiler, macro):
    src = "t" + source_ext(compiler)
    zc.write("stamp.h", f"static const char* stamp = {macro};\n")
    zc.write(src, '#include "stamp.h"\nconst char* get(void) { return stamp; }\n')
    argv = [compiler, "-c", src, "-o", "t.o"]
    for _ in range(2):
        assert zc.compile(argv, ["t.o"], via_cache=True).returncode == 0
    c = zc.counters()
    assert c["hits"] == 0
    assert zc.reasons().get("time_macros") == 2


def test_time_macros_cache_with_source_date_epoch(zc):
    zc.write("t.c", 'const char* d = __DATE__ " " __TIME__;\n')
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    argv = ["gcc", "-c", "t.c", "-o", "t.o"]
    compile_and_compare(zc, argv, ["t.o"], env=env)
    compile_and_compare(zc, argv, ["t.o"], env=env)
    assert zc.counters()["hits"] == 1


def test_compiler_upgraded_in_place_misses(zc):
    # A private compiler "binary", changed in place the way a package upgrade changes one.
    tools = zc.root / "tools"
    tools.mkdir()
    fake = tools / "gcc"
    fake.write_text(f'#!/bin/sh\nexec {shutil.which("gcc")} "$@"\n')
    fake.chmod(0o755)
    zc.write("m.c", "int m;\n")
    argv = [str(fake), "-c", "m.c", "-o", "m.o"]
    zc.compile(argv, ["m.o"], via_cache=True)
    zc.compile(argv, ["m.o"], via_cache=True)
    assert zc.counters()["hits"] == 1
    with open(fake, "a") as f:
        f.write("# upgraded\n")
    compile_and_compare(zc, argv, ["m.o"])
    assert zc.counters()["hits"] == 1
    assert zc.counters()["misses"] == 2


def test_source_edited_right_before_rebuild(zc):
    zc.write("m.c", "int m(void) { return 1; }\n")
    argv = ["gcc", "-c", "m.c", "-o", "m.o"]
    zc.compile(argv, ["m.o"], via_cache=True)
    for value in range(2, 5):
        zc.write("m.c", f"int m(void) {{ return {value}; }}\n", settle=False)
        compile_and_compare(zc, argv, ["m.o"])


def test_header_deleted_gives_the_compilers_error(zc):
    zc.write("gone.h", "#define G 1\n")
    zc.write("m.c", '#include "gone.h"\nint g(void) { return G; }\n')
    argv = ["gcc", "-c", "m.c", "-o", "m.o"]
    zc.compile(argv, ["m.o"], via_cache=True)
    os.unlink(zc.work / "gone.h")
    result = compile_and_compare(zc, argv, ["m.o"])
    assert result.returncode != 0


@pytest.mark.parametrize("missing", ["gen", "gen/deep/er"])
def test_include_dir_that_appears_later_with_a_shadowing_header(zc, missing):
    zc.write("late/config.h", "#define WHICH 2\n")
    zc.write("m.c", '#include <config.h>\nint which(void) { return WHICH; }\n')
    argv = ["gcc", f"-I{missing}", "-Ilate", "-c", "m.c", "-o", "m.o"]
    for _ in range(3):
        compile_and_compare(zc, argv, ["m.o"])
    assert zc.counters()["hits"] == 2
    # The missing directory itself is what must stay absent (one path for every header that
    # could appear under it): its creation is a miss, and the entry made then sees it empty.
    (zc.work / missing).mkdir(parents=True)
    compile_and_compare(zc, argv, ["m.o"])
    compile_and_compare(zc, argv, ["m.o"])
    assert zc.counters()["hits"] == 3
    zc.write(f"{missing}/config.h", "#define WHICH 1\n", settle=False)
    compile_and_compare(zc, argv, ["m.o"])
    assert zc.counters()["hits"] == 3


def test_many_headers_edited_one_at_a_time(zc):
    for i in range(30):
        zc.write(f"inc/h{i}.h", f"#define H{i} {i}\n", settle=False)
    zc.write("m.c", "".join(f'#include "h{i}.h"\n' for i in range(30)) +
             "int sum(void) { return " + " + ".join(f"H{i}" for i in range(30)) + "; }\n")
    argv = ["gcc", "-Iinc", "-c", "m.c", "-o", "m.o"]
    compile_and_compare(zc, argv, ["m.o"])
    for i in (0, 17, 29, 17):
        compile_and_compare(zc, argv, ["m.o"])  # hit, validated incrementally
        zc.write(f"inc/h{i}.h", f"#define H{i} {i + 100}\n", settle=False)
        compile_and_compare(zc, argv, ["m.o"])  # must see the one changed header

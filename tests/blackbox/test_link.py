"""Link caching: keyed by every file the linker read; side files stored and restored with it."""

import json
import os
import pathlib
import stat
import subprocess
import time

import jsonschema

import pytest

from conftest import SETTLE_SECONDS, ZCCACHE, wait_until
from test_journal import journal


def build_objects(zc, compiler="gcc"):
    zc.write("main.c", '#include <stdio.h>\nint lib(void);\nint main(void) { printf("%d\\n", lib()); return 0; }\n')
    zc.write("lib.c", "int lib(void) { return 41 + 1; }\n")
    for name in ("main", "lib"):
        subprocess.run([compiler, "-fPIC", "-c", f"{name}.c"], cwd=zc.work, check=True)
    time.sleep(SETTLE_SECONDS)


def make_archive(zc, path, body):
    src = zc.write("archive_src.c", body)
    subprocess.run(["gcc", "-fPIC", "-c", str(src), "-o", "archive_src.o"], cwd=zc.work, check=True)
    (zc.work / path).parent.mkdir(parents=True, exist_ok=True)
    (zc.work / path).unlink(missing_ok=True)
    subprocess.run(["ar", "rcs", path, "archive_src.o"], cwd=zc.work, check=True)
    time.sleep(SETTLE_SECONDS)


def executable_bits(zc, outputs):
    return {out: stat.S_IMODE(os.stat(zc.work / out).st_mode) & 0o111 for out in outputs}


def link_like_bare(zc, argv, outputs, expect):
    """A bare link, then one through zccache: same bytes, output, exit code and executable bits."""
    bare = zc.compile(argv, outputs, via_cache=False)
    assert bare.returncode == 0, bare.stderr
    bare_bits = executable_bits(zc, outputs)
    got = zc.compile(argv, outputs, via_cache=True)
    assert got.same_as(bare), f"{got}\n{bare}"
    assert executable_bits(zc, outputs) == bare_bits
    assert zc.counters()["hits"] == expect, zc.counters()
    return got


@pytest.mark.parametrize("compiler", ["gcc", "clang", "g++", "clang++"])
def test_link_miss_then_hit_gives_the_same_runnable_binary(zc, compiler):
    build_objects(zc)
    argv = [compiler, "main.o", "lib.o", "-o", "app", "-Wl,-Map=app.map"]
    link_like_bare(zc, argv, ["app", "app.map"], expect=0)
    link_like_bare(zc, argv, ["app", "app.map"], expect=1)
    assert subprocess.run([str(zc.work / "app")], capture_output=True).stdout == b"42\n"
    assert wait_until(lambda: [l["outcome"] for l in journal(zc)] == ["link_miss", "link_hit"])
    schema = json.loads((pathlib.Path(__file__).parents[2] / "docs" / "journal.schema.json").read_text())
    for line in journal(zc):
        jsonschema.validate(line, schema)


def test_shared_library_link_hits(zc):
    build_objects(zc)
    argv = ["gcc", "-shared", "lib.o", "-o", "libthing.so"]
    link_like_bare(zc, argv, ["libthing.so"], expect=0)
    link_like_bare(zc, argv, ["libthing.so"], expect=1)


def test_changed_object_archive_or_shared_library_misses(zc):
    build_objects(zc)
    make_archive(zc, "libs/libextra.a", "int extra(void) { return 1; }\n")
    argv = ["gcc", "main.o", "lib.o", "-Llibs", "-lextra", "-lm", "-o", "app"]
    link_like_bare(zc, argv, ["app"], expect=0)
    link_like_bare(zc, argv, ["app"], expect=1)
    make_archive(zc, "libs/libextra.a", "int extra(void) { return 2; } int more(void) { return 3; }\n")
    link_like_bare(zc, argv, ["app"], expect=1)  # miss: the archive changed
    zc.write("lib.c", "int lib(void) { return 7; }\n")
    subprocess.run(["gcc", "-fPIC", "-c", "lib.c"], cwd=zc.work, check=True)
    time.sleep(SETTLE_SECONDS)
    link_like_bare(zc, argv, ["app"], expect=1)  # miss: an object changed
    link_like_bare(zc, argv, ["app"], expect=2)
    shared = ["gcc", "main.o", "-Lshlib", "-lthing", "-o", "app2"]
    (zc.work / "shlib").mkdir()
    subprocess.run(["gcc", "-shared", "lib.o", "-o", "shlib/libthing.so"], cwd=zc.work, check=True)
    time.sleep(SETTLE_SECONDS)
    link_like_bare(zc, shared, ["app2"], expect=2)
    link_like_bare(zc, shared, ["app2"], expect=3)
    subprocess.run(["gcc", "-shared", "lib.o", "archive_src.o", "-o", "shlib/libthing.so"], cwd=zc.work, check=True)
    time.sleep(SETTLE_SECONDS)
    link_like_bare(zc, shared, ["app2"], expect=3)  # miss: the shared library changed
    assert zc.counters()["misses"] == 5


def test_a_library_appearing_in_an_earlier_search_dir_misses(zc):
    build_objects(zc)
    make_archive(zc, "late/libpick.a", "int pick(void) { return 1; }\n")
    (zc.work / "early").mkdir()
    argv = ["gcc", "main.o", "lib.o", "-Learly", "-Llate", "-lpick", "-o", "app"]
    link_like_bare(zc, argv, ["app"], expect=0)
    link_like_bare(zc, argv, ["app"], expect=1)
    make_archive(zc, "early/libpick.a", "int pick(void) { return 2; } int other(void) { return 0; }\n")
    link_like_bare(zc, argv, ["app"], expect=1)  # miss: early/libpick.a now wins


def test_failing_link_replays_its_error_and_is_not_stored(zc):
    zc.write("main.c", "int missing(void);\nint main(void) { return missing(); }\n")
    subprocess.run(["gcc", "-c", "main.c"], cwd=zc.work, check=True)
    time.sleep(SETTLE_SECONDS)
    argv = ["gcc", "main.o", "-o", "app"]
    bare = zc.compile(argv, ["app"], via_cache=False)
    assert bare.returncode != 0 and b"missing" in bare.stderr
    for _ in range(2):
        assert zc.compile(argv, ["app"], via_cache=True).same_as(bare)
    assert zc.counters()["errors"] == 2


LD_WRAPPER = """#!/bin/sh
# A linker that deploys a runtime file next to its output, as some drivers do, while another
# build step writes an unrelated file in the same directory.
out=a.out
prev=
for a in "$@"; do [ "$prev" = "-o" ] && out="$a"; prev="$a"; done
/usr/bin/ld "$@" || exit $?
echo "runtime for $out" > "$out.runtime"
echo "not ours" > "$(dirname "$out")/unrelated.txt"
"""


def test_side_files_of_the_output_are_restored_and_others_are_not(zc):
    build_objects(zc)
    wrapper = zc.write("tools/ld", LD_WRAPPER)
    os.chmod(wrapper, 0o755)
    argv = ["gcc", "-B", str(zc.work / "tools") + "/", "main.o", "lib.o", "-o", "out/app"]
    (zc.work / "out").mkdir()
    bare = link_like_bare(zc, argv, ["out/app", "out/app.runtime"], expect=0)
    assert bare.outputs["out/app.runtime"] == b"runtime for out/app\n"
    (zc.work / "out" / "unrelated.txt").unlink()
    hit = zc.compile(argv, ["out/app", "out/app.runtime"], via_cache=True)
    assert hit.same_as(bare) and zc.counters()["hits"] == 1
    assert not (zc.work / "out" / "unrelated.txt").exists()


def test_links_the_cache_cannot_take_go_to_the_compiler(zc):
    build_objects(zc)
    for argv in (["gcc", "main.c", "lib.o", "-o", "app"],
                 ["gcc", "main.o", "lib.o", "-fuse-ld=unknownld", "-o", "app"],
                 ["gcc", "main.o", "missing.o", "-o", "app"]):
        bare = zc.compile(argv, ["app"], via_cache=False)
        assert zc.compile(argv, ["app"], via_cache=True).same_as(bare)
    assert {k: v for k, v in zc.reasons().items()} == {"compile_and_link": 1, "unsupported_linker": 1,
                                                       "link_input_missing": 1}

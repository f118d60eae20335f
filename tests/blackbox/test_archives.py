"""Static libraries: `ar` building a new archive and `ranlib` indexing it, cached like links."""

import os
import shutil
import subprocess
import time

import pytest

from conftest import needs_tools, SETTLE_SECONDS, ZCCACHE, wait_until
from test_journal import journal


def objects(zc, names=("a", "b", "c"), body="int {n}(void) {{ return {i}; }}\n"):
    for i, n in enumerate(names):
        zc.write(f"{n}.c", body.format(n=n, i=i), settle=False)
        subprocess.run(["gcc", "-c", f"{n}.c"], cwd=zc.work, check=True)
    time.sleep(SETTLE_SECONDS)
    return [f"{n}.o" for n in names]


def like_bare(zc, argv, archive, hits):
    """A bare run, then one through zccache, each on a fresh archive: same bytes, output and exit code."""
    bare = zc.compile(argv, [archive], via_cache=False)
    got = zc.compile(argv, [archive], via_cache=True)
    assert got.same_as(bare), f"{got}\n{bare}"
    assert zc.counters()["hits"] == hits, zc.counters()
    return got


def index_like_bare(zc, ranlib, archive, unindexed, hits):
    """ranlib, bare and through zccache, on copies of the same unindexed archive."""
    results = []
    for via_cache in (False, True):
        shutil.copyfile(zc.work / unindexed, zc.work / archive)
        results.append(zc.compile([ranlib, archive], [], via_cache=via_cache))
        results[-1].outputs = {archive: (zc.work / archive).read_bytes()}
    assert results[1].same_as(results[0]), results
    assert zc.counters()["hits"] == hits, zc.counters()


@pytest.mark.parametrize("ar,ranlib", [("ar", "ranlib"), pytest.param("llvm-ar", "llvm-ranlib", marks=needs_tools("llvm-ar", "llvm-ranlib"))])
def test_archive_and_index_miss_then_hit_like_bare(zc, ar, ranlib):
    members = objects(zc)
    argv = [ar, "qcS", "libx.a", *members]  # S: no index yet, so that ranlib has work to do
    like_bare(zc, argv, "libx.a", hits=0)
    like_bare(zc, argv, "libx.a", hits=1)
    shutil.copyfile(zc.work / "libx.a", zc.work / "unindexed.a")
    index_like_bare(zc, ranlib, "libx.a", "unindexed.a", hits=1)
    index_like_bare(zc, ranlib, "libx.a", "unindexed.a", hits=2)
    for key in ("rcs", "-crs", "qcD", "qcv"):  # v lists the members on stdout, replayed on a hit
        like_bare(zc, [ar, key, "liby.a", *members], "liby.a", hits=zc.counters()["hits"])
        like_bare(zc, [ar, key, "liby.a", *members], "liby.a", hits=zc.counters()["hits"] + 1)
    assert wait_until(lambda: [l["outcome"] for l in journal(zc)][:4] == ["link_miss", "link_hit", "link_miss", "link_hit"])


def test_changed_renamed_or_reordered_member_misses(zc):
    members = objects(zc)
    argv = ["ar", "qc", "lib.a", *members]
    like_bare(zc, argv, "lib.a", hits=0)
    like_bare(zc, argv, "lib.a", hits=1)
    objects(zc, names=("b",), body="int {n}(void) {{ return 99; }}\n")
    like_bare(zc, argv, "lib.a", hits=1)  # b.o's content changed
    shutil.copyfile(zc.work / "c.o", zc.work / "d.o")
    like_bare(zc, ["ar", "qc", "lib.a", "a.o", "b.o", "d.o"], "lib.a", hits=1)  # same bytes, another member name
    like_bare(zc, ["ar", "qc", "lib.a", "b.o", "a.o", "c.o"], "lib.a", hits=1)  # another order
    like_bare(zc, argv, "lib.a", hits=2)
    assert zc.counters()["misses"] == 4


def test_ranlib_misses_when_the_archive_differs(zc):
    members = objects(zc)
    subprocess.run(["ar", "qcS", "one.a", members[0]], cwd=zc.work, check=True)
    subprocess.run(["ar", "qcS", "two.a", *members], cwd=zc.work, check=True)
    time.sleep(SETTLE_SECONDS)
    index_like_bare(zc, "ranlib", "lib.a", "one.a", hits=0)
    index_like_bare(zc, "ranlib", "lib.a", "two.a", hits=0)
    index_like_bare(zc, "ranlib", "lib.a", "one.a", hits=1)


def test_delivered_archive_is_a_private_writable_file(zc):
    """ranlib and `ar r` rewrite an archive in place: a hit must never hand out the cache's blob."""
    members = objects(zc)
    argv = ["ar", "qcS", "lib.a", *members]
    like_bare(zc, argv, "lib.a", hits=0)
    like_bare(zc, argv, "lib.a", hits=1)
    st = os.stat(zc.work / "lib.a")
    assert st.st_nlink == 1 and st.st_mode & 0o200
    unindexed = (zc.work / "lib.a").read_bytes()
    subprocess.run(["ranlib", "lib.a"], cwd=zc.work, check=True)  # bare, in place
    assert (zc.work / "lib.a").read_bytes() != unindexed
    like_bare(zc, argv, "lib.a", hits=2)  # the stored archive is untouched
    assert (zc.work / "lib.a").read_bytes() == unindexed
    assert zc.status()["dropped_entries"] == 0


def test_what_is_not_a_new_archive_passes_through_like_bare(zc):
    members = objects(zc)
    subprocess.run(["ar", "qc", "old.a", members[0]], cwd=zc.work, check=True)
    time.sleep(SETTLE_SECONDS)
    # Adding to an existing archive reads its old members: passed through, same result.
    results = []
    for via_cache in (False, True):
        shutil.copyfile(zc.work / "old.a", zc.work / "lib.a")
        results.append(zc.compile(["ar", "rc", "lib.a", members[1]], [], via_cache=via_cache))
        results[-1].outputs = {"lib.a": (zc.work / "lib.a").read_bytes()}
    assert results[1].same_as(results[0]), results
    for argv, outputs in ((["ar", "t", "old.a"], []), (["ar", "qcU", "u.a", *members], []),
                          (["ar", "qcT", "thin.a", *members], ["thin.a"]), (["ar", "qc", "m.a", "missing.o"], ["m.a"]),
                          (["ranlib", "-t", "old.a"], []), (["ranlib", "absent.a"], [])):
        bare = zc.compile(argv, outputs, via_cache=False)
        for out in ("u.a",):
            (zc.work / out).unlink(missing_ok=True)
        got = zc.compile(argv, outputs, via_cache=True)
        # The tool runs by its resolved path, which binutils print in their messages.
        stderr = got.stderr.replace(f"{shutil.which(argv[0])}:".encode(), f"{argv[0]}:".encode())
        assert (got.returncode, got.stdout, stderr, got.outputs) == (bare.returncode, bare.stdout, bare.stderr, bare.outputs), argv
    reasons = zc.reasons()
    for reason in ("archive_exists", "archive_operation", "link_input_missing", "archive_option", "archive_missing"):
        assert reasons.get(reason), (reason, reasons)
    assert zc.counters()["hits"] == 0


CMAKE_PROJECT = """cmake_minimum_required(VERSION 3.16)
project(archives C)
add_library(numbers STATIC {sources})
add_executable(app main.c)
target_link_libraries(app numbers)
"""


@needs_tools("cmake", "ninja")
def test_cmake_static_library_rebuilds_entirely_from_the_cache(zc):
    """CMake's archive rule (`cmake -E rm`, `ar qc`, `ranlib`) takes no launcher: CMAKE_AR and
    CMAKE_RANLIB name zccache masquerade links instead."""
    names = [f"n{i}" for i in range(6)]
    for i, n in enumerate(names):
        zc.write(f"proj/{n}.c", f"int {n}(void) {{ return {i}; }}\n", settle=False)
    zc.write("proj/main.c", "#include <stdio.h>\nint n5(void);\nint main(void) { printf(\"%d\\n\", n5()); return 0; }\n",
             settle=False)
    zc.write("proj/CMakeLists.txt", CMAKE_PROJECT.format(sources=" ".join(f"{n}.c" for n in names)))
    links = zc.root / "links"
    links.mkdir()
    for tool in ("ar", "ranlib"):
        os.symlink(ZCCACHE, links / tool)

    def configure(build, cached):
        extra = [f"-DCMAKE_C_COMPILER_LAUNCHER={ZCCACHE}", f"-DCMAKE_AR={links / 'ar'}",
                 f"-DCMAKE_RANLIB={links / 'ranlib'}"] if cached else []
        proc = zc.run(["cmake", "-G", "Ninja", "-S", "proj", "-B", build, *extra])
        assert proc.returncode == 0, proc.stderr

    def build(build_dir):
        zc.run(["ninja", "-C", build_dir, "-t", "clean"])
        proc = zc.run(["ninja", "-C", build_dir])
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return (zc.work / build_dir / "libnumbers.a").read_bytes()

    configure("bare", cached=False)
    configure("cached", cached=True)
    bare = build("bare")
    assert build("cached") == bare
    before = zc.counters()["hits"]
    assert build("cached") == bare
    # 7 compiles, ar, ranlib; the executable's link is not launched through zccache here.
    assert zc.counters()["hits"] - before == 9, zc.counters()
    assert subprocess.run([str(zc.work / "cached" / "app")], capture_output=True).stdout == b"5\n"

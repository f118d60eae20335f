"""The size limit: least recently used entries are evicted, recent ones still hit."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import ZCCACHE, wait_until

LIMIT = 96 * 1024


def body(i):
    # Objects of a few KiB each, all different.
    return "".join(f"int f{i}_{j}(int x) {{ return x * {i * 1000 + j}; }}\n" for j in range(40))


def test_cache_stays_under_the_limit_and_keeps_recent_entries(zc):
    zc.env["ZCCACHE_CACHE_SIZE_BYTES"] = "96K"
    count = 60
    for i in range(count):
        zc.write(f"f{i}.c", body(i), settle=False)
    time.sleep(0.05)
    for i in range(count):
        r = zc.zccache("gcc", "-c", f"f{i}.c", "-o", f"f{i}.o")
        assert r.returncode == 0, r.stderr
    assert wait_until(lambda: zc.status()["artifact_bytes"] <= LIMIT), zc.status()
    status = zc.status()
    assert status["limit_bytes"] == LIMIT
    assert status["evicted"] > 0
    assert status["entries"] < count
    # The most recent compiles are still there, and byte-identical to a bare compile.
    before = zc.counters()["hits"]
    for i in range(count - 3, count):
        bare = zc.compile(["gcc", "-c", f"f{i}.c", "-o", f"f{i}.o"], [f"f{i}.o"], via_cache=False)
        hit = zc.compile(["gcc", "-c", f"f{i}.c", "-o", f"f{i}.o"], [f"f{i}.o"], via_cache=True)
        assert hit.same_as(bare)
    assert zc.counters()["hits"] == before + 3
    # The oldest were evicted and come back as correct misses.
    bare = zc.compile(["gcc", "-c", "f0.c", "-o", "f0.o"], ["f0.o"], via_cache=False)
    assert zc.compile(["gcc", "-c", "f0.c", "-o", "f0.o"], ["f0.o"], via_cache=True).same_as(bare)


def test_recently_used_entries_survive_eviction(zc):
    zc.env["ZCCACHE_CACHE_SIZE_BYTES"] = "96K"
    for i in range(40):
        zc.write(f"f{i}.c", body(i), settle=False)
    time.sleep(0.05)
    zc.zccache("gcc", "-c", "f0.c", "-o", "f0.o")
    for i in range(1, 40):
        zc.zccache("gcc", "-c", f"f{i}.c", "-o", f"f{i}.o")
        zc.zccache("gcc", "-c", "f0.c", "-o", "f0.o")  # keep f0 the most recently used
    assert wait_until(lambda: zc.status()["artifact_bytes"] <= LIMIT)
    before = zc.counters()["hits"]
    zc.zccache("gcc", "-c", "f0.c", "-o", "f0.o")
    assert zc.counters()["hits"] == before + 1


def test_evicting_an_entry_never_removes_a_blob_another_entry_uses(zc):
    # Two compiles with the same object (a macro the source ignores) share one blob by content.
    zc.write("s.c", "int s(int x) { return x + 1; }\n")
    zc.write("big.c", "char big[200000] = {1};\n")
    shared_a = ["gcc", "-DUNUSED=1", "-c", "s.c", "-o", "a.o"]
    shared_b = ["gcc", "-DUNUSED=2", "-c", "s.c", "-o", "b.o"]
    bare = zc.compile(shared_b, ["b.o"], via_cache=False)
    assert zc.compile(shared_a, ["a.o"], via_cache=True).outputs["a.o"] == bare.outputs["b.o"]
    zc.zccache("gcc", "-c", "big.c", "-o", "big.o")
    zc.compile(shared_b, ["b.o"], via_cache=True)  # the most recently used
    assert zc.status()["entries"] == 3
    # Under a limit the big object alone breaks: a oldest, then big, go; b stays, and its blob.
    zc.stop()
    zc.env["ZCCACHE_CACHE_SIZE_BYTES"] = "96K"
    zc.zccache("start")
    assert wait_until(lambda: zc.status()["entries"] == 1), zc.status()
    status = zc.status()
    assert status["evicted"] == 2 and status["artifact_bytes"] <= LIMIT, status
    before = zc.counters()
    hit = zc.compile(shared_b, ["b.o"], via_cache=True)
    assert hit.same_as(bare), hit
    assert zc.counters()["hits"] == before["hits"] + 1
    assert zc.status()["dropped_entries"] == 0


def test_eviction_during_a_parallel_build_breaks_no_entry_and_no_output(zc):
    # Twenty keys share one object by content (a macro the source ignores) while big distinct
    # objects keep the store over its limit: entries naming the shared blob are evicted, each
    # maintenance pass, beside compiles that find that blob and are about to name it again.
    zc.env["ZCCACHE_CACHE_SIZE_BYTES"] = "96K"
    zc.write("s.c", "int s(int x) { return x + 1; }\n", settle=False)
    for i in range(8):
        zc.write(f"big{i}.c", f"char big{i}[30000] = {{{i + 1}}};\n" + body(i), settle=False)
    time.sleep(0.05)
    shared = [["gcc", f"-DUNUSED={k}", "-c", "s.c", "-o", f"s{k}.o"] for k in range(20)]
    big = [["gcc", "-c", f"big{i}.c", "-o", f"big{i}.o"] for i in range(8)]
    bare_shared = zc.compile(["gcc", "-c", "s.c", "-o", "bare.o"], ["bare.o"], via_cache=False).outputs["bare.o"]
    bare_big = {}
    for argv in big:
        out = argv[-1]
        bare_big[out] = zc.compile(argv, [out], via_cache=False).outputs[out]
    zc.zccache("start")

    def build(argv):
        (zc.work / argv[-1]).unlink(missing_ok=True)
        proc = zc.run([ZCCACHE, *argv])
        return argv[-1], proc
    # Several maintenance passes (one a second), each evicting: a slow machine takes longer to
    # get there, so the build goes on until the daemon has evicted in earnest, within a bound.
    start = time.monotonic()
    rounds = 0

    def going():
        elapsed = time.monotonic() - start
        return rounds < 2 or elapsed < 6 or (elapsed < 120 and zc.status()["evicted"] < 20)
    with ThreadPoolExecutor(max_workers=6) as pool:
        while going():
            rounds += 1
            for out, proc in pool.map(build, big + shared):  # over the limit early in a round
                assert proc.returncode == 0, proc.stderr
                want = bare_big.get(out, bare_shared)
                assert (zc.work / out).read_bytes() == want, (out, rounds)
    status = zc.status()
    assert status["evicted"] > 0, status
    assert status["hits"] > 0, status
    # No entry was written naming a blob an eviction had taken.
    assert status["dropped_entries"] == 0, status
    assert wait_until(lambda: zc.status()["artifact_bytes"] <= LIMIT), zc.status()


@pytest.mark.parametrize("value,expected", [("1048576", 1 << 20), ("512K", 512 << 10), ("3M", 3 << 20), ("2G", 2 << 30)])
def test_size_suffixes(zc, value, expected):
    zc.env["ZCCACHE_CACHE_SIZE_BYTES"] = value
    assert zc.status()["limit_bytes"] == expected


def test_percent_of_the_filesystem(zc):
    import os
    zc.env["ZCCACHE_CACHE_SIZE_PERCENT"] = "1"
    zc.zccache("start")
    st = os.statvfs(zc.cache)
    assert abs(zc.status()["limit_bytes"] - st.f_blocks * st.f_frsize // 100) < 1 << 20


def test_relative_cache_dir_is_resolved_against_the_cwd(zc):
    zc.env["ZCCACHE_CACHE_DIR"] = "rel-cache"
    zc.write("a.c", "int a;\n")
    zc.zccache("gcc", "-c", "a.c")
    sub = zc.work / "sub"
    sub.mkdir()
    status = zc.run([ZCCACHE, "status", "--json"], cwd=sub)
    assert b'"cache_root": "' + str(sub / "rel-cache").encode() in status.stdout
    top = zc.zccache("status", "--json")
    assert b'"misses": 1' in top.stdout and str(zc.work / "rel-cache").encode() in top.stdout
    zc.zccache("stop")

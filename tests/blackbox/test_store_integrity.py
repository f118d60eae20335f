"""A blob or index damaged behind the daemon's back is detected and dropped, never served; a
full or read-only cache never fails a build."""

import os
import subprocess

import pytest

from conftest import ZCCACHE, assert_cached_like_bare

ARGV = ["gcc", "-O2", "-c", "a.c", "-o", "a.o"]


def blobs(zc):
    return [p for p in (zc.cache / "artifacts").rglob("*") if p.is_file()]


def prime(zc):
    zc.write("a.c", "int a(int x) { return x * 5; }\n")
    bare = zc.compile(ARGV, ["a.o"], via_cache=False)
    zc.compile(ARGV, ["a.o"], via_cache=True)
    assert len(blobs(zc)) == 1
    return bare


def tamper(path, how):
    os.chmod(path, 0o644)
    data = path.read_bytes()
    if how == "corrupt":
        path.write_bytes(data[:100] + bytes([data[100] ^ 0xFF]) + data[101:])
    elif how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")


@pytest.mark.parametrize("how", ["corrupt", "truncate", "empty"])
def test_damaged_blob_is_dropped_and_recompiled(zc, how):
    bare = prime(zc)
    tamper(blobs(zc)[0], how)
    for _ in range(2):
        result = zc.compile(ARGV, ["a.o"], via_cache=True)
        assert result.same_as(bare)
    c = zc.status()
    assert c["dropped_entries"] == 1
    assert c["misses"] == 2 and c["hits"] == 1  # recompiled once, then served from the new entry


@pytest.mark.parametrize("restart", [False, True], ids=["same-daemon", "after-restart"])
def test_blob_modified_through_a_hardlinked_output(zc, restart):
    zc.env["ZCCACHE_DELIVERY"] = "hardlink"  # the one mode whose outputs share the blob's inode
    bare = prime(zc)
    out = zc.work / "a.o"
    assert os.stat(out).st_nlink >= 2
    # Root ignores 0444: a tool that rewrites the object in place writes into the cache.
    with open(out, "r+b") as f:
        f.seek(64)
        f.write(b"\xde\xad\xbe\xef")
    if restart:
        zc.stop()
    result = zc.compile(ARGV, ["a.o"], via_cache=True)
    assert result.same_as(bare)
    assert zc.status()["dropped_entries"] == 1


def test_missing_blob_is_a_miss(zc):
    bare = prime(zc)
    blobs(zc)[0].unlink()
    assert zc.compile(ARGV, ["a.o"], via_cache=True).same_as(bare)
    assert zc.compile(ARGV, ["a.o"], via_cache=True).same_as(bare)
    assert zc.counters()["hits"] == 1


def test_corrupted_index_is_set_aside(zc):
    bare = prime(zc)
    zc.stop()
    data = zc.cache / "index" / "data.mdb"
    data.write_bytes(b"\x00garbage" * 4096)
    assert zc.compile(ARGV, ["a.o"], via_cache=True).same_as(bare)
    assert zc.compile(ARGV, ["a.o"], via_cache=True).same_as(bare)
    assert zc.counters()["hits"] == 1
    assert any(p.name.startswith("index.corrupt-") for p in zc.cache.iterdir())


@pytest.fixture
def small_tmpfs(tmp_path):
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    if os.getuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)])


def test_full_cache_disk_never_fails_the_build(zc, small_tmpfs):
    zc.cache = small_tmpfs / "cache"
    zc.env["ZCCACHE_CACHE_DIR"] = str(zc.cache)
    zc.zccache("start")
    filler = small_tmpfs / "filler"
    subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=64k"], capture_output=True)
    zc.write("b.c", "".join(f"int f{i}(int x) {{ return x * {i}; }}\n" for i in range(400)))
    argv = ["gcc", "-g", "-c", "b.c", "-o", "b.o"]
    bare = zc.compile(argv, ["b.o"], via_cache=False)
    for _ in range(2):
        assert zc.compile(argv, ["b.o"], via_cache=True).same_as(bare)
    assert zc.reasons().get("cache_disk_full") == 2


def test_read_only_cache_falls_back(zc, small_tmpfs):
    zc.cache = small_tmpfs / "cache"
    zc.env["ZCCACHE_CACHE_DIR"] = str(zc.cache)
    subprocess.run(["mount", "-o", "remount,ro", str(small_tmpfs)], check=True)
    zc.write("a.c", "int a;\n")
    bare = zc.compile(["gcc", "-c", "a.c", "-o", "a.o"], ["a.o"], via_cache=False)
    r = zc.compile(["gcc", "-c", "a.c", "-o", "a.o"], ["a.o"], via_cache=True)
    assert r.returncode == 0 and r.outputs == bare.outputs
    assert r.stderr.decode().count("\n") == 1 and r.stderr.startswith(b"zccache: daemon unavailable")

"""Outputs are the user's: a device, a FIFO or a symlink named as an output is never replaced, an
output that is the input goes to the compiler, and every delivered file has the mode and the
inode of its own that a bare compile gives it. Each case compares with a bare run."""

import os
import stat
import subprocess

import pytest

from conftest import ZCCACHE, wait_until

COMPILERS = ["gcc", "clang"]


def node_kinds(zc):
    """Non-regular files an output path may name, each made fresh in the work dir."""
    def fifo(path):
        os.mkfifo(path)

    def char_device(path):
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own

    def symlink(path):
        (zc.work / "target").write_bytes(b"precious\n")
        os.symlink("target", path)

    kinds = {"fifo": fifo, "symlink": symlink}
    if os.getuid() == 0:
        kinds["char_device"] = char_device
    return kinds


def snapshot(path):
    st = os.lstat(path)
    target = (path.parent / os.readlink(path)) if stat.S_ISLNK(st.st_mode) else None
    return (stat.S_IFMT(st.st_mode), st.st_ino, st.st_rdev, target.read_bytes() if target and target.exists() else None)


def run_both(zc, argv, special, make):
    """The bare command and the cached one, each against a freshly made special file; returns
    (bare, cached) as (exit code, stderr, what the special file is afterwards)."""
    results = []
    for cached in (False, True):
        for name in ("target", special):
            p = zc.work / name
            if p.is_symlink() or p.exists():
                p.unlink()
        make(zc.work / special)
        reader = None
        if stat.S_ISFIFO(os.lstat(zc.work / special).st_mode):
            # Someone reads the FIFO, as a pipeline would; the compiler writes to it or fails.
            reader = subprocess.Popen(["cat", special], cwd=zc.work, stdout=subprocess.DEVNULL)
        proc = zc.run(([ZCCACHE] if cached else []) + argv, timeout=60)
        after = snapshot(zc.work / special)
        if reader:
            reader.kill()
            reader.wait()
        results.append((proc.returncode, proc.stderr.replace(b"zccache: ", b""), after[0], after[3]))
    return results


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("role", ["object", "dep_file", "link"])
def test_special_output_is_never_replaced(zc, compiler, role):
    zc.write("a.c", "int a(void) { return 1; }\nint main(void) { return a() - 1; }\n")
    for kind, make in node_kinds(zc).items():
        special = f"out-{kind}"
        argv = {"object": [compiler, "-c", "a.c", "-o", special],
                "dep_file": [compiler, "-c", "a.c", "-o", "a.o", "-MD", "-MF", special],
                "link": [compiler, "a.c", "-o", special]}[role]
        bare, cached = run_both(zc, argv, special, make)
        assert cached[2] == bare[2], f"{kind}: the {role} output changed kind"
        assert cached[3] == bare[3], f"{kind}: a symlink's target differs from bare"
        assert cached[0] == bare[0], (kind, cached, bare)
        # gcc names its temp files in the message; the rest must read the same.
        if bare[0] == 0:
            assert cached[1] == bare[1], (kind, cached, bare)
    assert set(zc.reasons()) <= {"output_not_a_regular_file", "compile_and_link"}


@pytest.mark.parametrize("compiler", COMPILERS)
def test_output_that_is_the_input_goes_to_the_compiler(zc, compiler):
    source = "int a(void) { return 1; }\n"
    for argv, names in ((["-c", "a.c", "-o", "a.c"], ["a.c"]),
                        (["-c", "a.c", "-o", "a.o", "-MD", "-MF", "a.c"], ["a.c", "a.o"]),
                        (["-c", "a.c", "-o", "alias.c"], ["a.c", "alias.c"])):
        results = []
        for cached in (False, True):
            for name in ("a.o", "alias.c"):
                (zc.work / name).unlink(missing_ok=True)
            zc.write("a.c", source)
            if "alias.c" in names:
                os.link(zc.work / "a.c", zc.work / "alias.c")  # the same inode by another name
            proc = zc.run(([ZCCACHE] if cached else []) + [compiler, *argv])
            files = {n: (zc.work / n).read_bytes() if (zc.work / n).exists() else None for n in names}
            results.append((proc.returncode, proc.stderr, files))
        assert results[1] == results[0], argv


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077, 0o027], ids=oct)
def test_delivered_files_have_the_modes_a_bare_compile_gives(zc, umask):
    zc.write("m.c", "int main(void) { return 0; }\n")
    old = os.umask(umask)
    try:
        for argv, outputs in ((["gcc", "-c", "m.c", "-o", "m.o", "-MD"], ["m.o", "m.d"]),
                              (["gcc", "m.o", "-o", "app"], ["app"])):
            subprocess.run(argv, cwd=zc.work, check=True)
            bare = {o: mode_of(zc.work / o) for o in outputs}
            for round_ in ("miss", "hit"):
                for o in outputs:
                    (zc.work / o).unlink()
                assert zc.run([ZCCACHE, *argv]).returncode == 0
                assert {o: mode_of(zc.work / o) for o in outputs} == bare, (round_, oct(umask))
    finally:
        os.umask(old)
    assert zc.counters()["hits"] == 2


def test_hits_share_no_inode_with_the_cache(zc):
    """strip or an append on one hit's object must change neither another hit's nor the next."""
    zc.write("a.c", "int a(int x) { return x + 1; }\nstatic int unused_helper(void) { return 7; }\n")
    argv = ["gcc", "-g", "-c", "a.c", "-o", "a.o"]
    bare = zc.compile(argv, ["a.o"], via_cache=False)
    zc.run([ZCCACHE, *argv])
    for name in ("one.o", "two.o"):  # the output path is not keyed: both are hits of one entry
        assert zc.run([ZCCACHE, "gcc", "-g", "-c", "a.c", "-o", name]).returncode == 0
    assert zc.counters()["hits"] == 2
    one = zc.work / "one.o"
    assert os.stat(one).st_nlink == 1
    assert subprocess.run(["strip", str(one)]).returncode == 0
    with open(one, "ab") as f:
        f.write(b"appended")
    assert (zc.work / "two.o").read_bytes() == bare.outputs["a.o"]
    hit = zc.compile(argv, ["a.o"], via_cache=True)
    assert hit.same_as(bare)
    assert zc.status()["dropped_entries"] == 0


def test_hardlink_delivery_is_only_what_the_user_asks_for(zc):
    zc.write("a.c", "int a(void) { return 4; }\n")
    env = {"ZCCACHE_DELIVERY": "hardlink"}
    zc.stop()
    for _ in range(2):
        (zc.work / "a.o").unlink(missing_ok=True)
        assert zc.run([ZCCACHE, "gcc", "-c", "a.c", "-o", "a.o"], env=env).returncode == 0
    assert wait_until(lambda: os.stat(zc.work / "a.o").st_nlink > 1, timeout=2)


def test_with_hardlinks_a_hit_never_freshens_another_output_of_the_same_bytes(zc):
    """Two outputs with one blob: the second hit's fresh mtime must not reach the first, which
    would then look newer than a source edited since, so make would keep a stale object."""
    zc.write("s.c", "int s(int x) { return x + 1; }\n")
    env = {"ZCCACHE_DELIVERY": "hardlink"}
    zc.stop()
    build = lambda out, flag: zc.run([ZCCACHE, "gcc", flag, "-c", "s.c", "-o", out], env=env)
    assert build("a.o", "-DUNUSED=1").returncode == 0
    os.utime(zc.work / "a.o", ns=(1_000_000_000, 1_000_000_000))  # older than a later edit of its source
    for _ in range(2):  # a miss of another key with the same bytes, then its hit
        (zc.work / "b.o").unlink(missing_ok=True)
        assert build("b.o", "-DUNUSED=2").returncode == 0
        assert os.stat(zc.work / "a.o").st_mtime_ns == 1_000_000_000
    assert (zc.work / "b.o").read_bytes() == (zc.work / "a.o").read_bytes()

"""A slice of the real-project corpus (bench/realworld.py builds the whole of it): from Debian's
binutils-source, libiberty (autoconf and its own Makefile) and libsframe (automake's
`-MT -MD -MP -MF .deps/*.Tpo` through `libtool --mode=compile`), configured and built by their
own scripts. Built bare, then through zccache cold and, after the project's own clean, warm:
every object byte-identical to the bare build's, the warm build all hits, nothing uncacheable."""

import os
import pathlib
import subprocess

import pytest

from conftest import ZCCACHE, needs_tools

TARGETS = ["libiberty", "libsframe"]


def binutils_tarball():
    found = sorted(pathlib.Path("/usr/src/binutils").glob("binutils-*.tar.xz"))
    if not found:
        message = "binutils-source is not installed (scripts/install-deps.sh test installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found[-1]


@needs_tools("make", "tar", "gcc")
def test_binutils_slice_rebuilds_from_the_cache_like_bare(zc):
    tarball = binutils_tarball()
    subprocess.run(["tar", "xf", str(tarball)], cwd=zc.work, check=True)
    build = zc.work / tarball.name[: -len(".tar.xz")] / "build"
    build.mkdir()
    bare = {"ZCCACHE_DISABLE": "1"}  # the same Makefiles, with the client running gcc itself

    def run(argv, env=None):
        proc = zc.run(argv, cwd=build, env=env)
        assert proc.returncode == 0, (proc.stdout + proc.stderr).decode()[-3000:]

    run(["../configure", "--disable-gdb", "--disable-gdbserver", "--disable-sim", "--disable-gprofng",
         "--disable-nls", "--disable-werror", f"CC={ZCCACHE} gcc", f"CXX={ZCCACHE} g++"], env=bare)
    run(["make", *(f"configure-{t}" for t in TARGETS)], env=bare)

    def objects(env):
        run(["make", "-j2", *(f"all-{t}" for t in TARGETS)], env=env)
        found = {str(p.relative_to(build)): p.read_bytes() for p in sorted(build.rglob("*.o")) if "conftest" not in p.name}
        run(["make", *(f"clean-{t}" for t in TARGETS)])
        return found

    expected = objects(bare)
    assert len(expected) > 40 and any("libsframe" in name for name in expected), sorted(expected)
    assert zc.counters()["misses"] == 0
    assert objects(None) == expected
    cold = zc.counters()
    assert objects(None) == expected
    warm = zc.counters()
    assert cold["misses"] == len(expected) and cold["hits"] == 0, cold
    assert warm["hits"] == len(expected) and warm["misses"] == cold["misses"], warm
    assert zc.reasons() == {}

"""Dep files asked for through the preprocessor, `-Wp,-MD,file` and `-Wp,-MMD,file` (Kbuild,
u-boot, busybox): cached like -MD -MF file, the dep file byte-identical to the bare compile's
(Kbuild's fixdep parses it), the target as each compiler names it."""

import os
import subprocess

import pytest

from conftest import ZCCACHE, assert_cached_like_bare, cached_equals_bare, needs_tools

COMPILERS = ["gcc", "clang"]


@pytest.fixture
def kbuild(zc):
    zc.write("include/h.h", "#define H 1\n", settle=False)
    zc.write("drivers/a.c", '#include <h.h>\n#include <stdio.h>\nint a(void) { return H; }\n')
    os.makedirs(zc.work / "out" / "drivers")
    return zc


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("mode", ["-MD", "-MMD"])
@pytest.mark.parametrize("shape", [
    (["-c", "drivers/a.c", "-o", "out/drivers/a.o"], "out/drivers/.a.o.d", ["out/drivers/a.o"]),
    (["-c", "drivers/a.c"], "a.d", ["a.o"]),
    (["-S", "drivers/a.c", "-o", "out/drivers/a.s"], "out/drivers/.a.s.d", ["out/drivers/a.s"]),
    (["-g", "-O2", "-c", "drivers/a.c", "-o", "out/drivers/a.o"], "out/drivers/.a.o.d", ["out/drivers/a.o"]),
    (["-MT", "custom", "-c", "drivers/a.c", "-o", "out/drivers/a.o"], "out/drivers/.a.o.d", ["out/drivers/a.o"]),
], ids=["kbuild", "no_o", "S", "g", "MT"])
def test_wp_dep_files_are_cached_like_bare(kbuild, compiler, mode, shape):
    args, dep_file, outputs = shape
    argv = [compiler, "-Iinclude", f"-Wp,{mode},{dep_file}", *args]
    bare = assert_cached_like_bare(kbuild, argv, outputs + [dep_file])
    assert bare.outputs[dep_file] is not None
    assert kbuild.reasons() == {}


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("mode", ["-MD", "-MMD"])
def test_wp_dep_files_follow_header_changes(kbuild, compiler, mode):
    dep_file = "out/drivers/.a.o.d"
    argv = [compiler, "-Iinclude", f"-Wp,{mode},{dep_file}", "-c", "drivers/a.c", "-o", "out/drivers/a.o"]
    outputs = ["out/drivers/a.o", dep_file]
    assert_cached_like_bare(kbuild, argv, outputs)
    kbuild.write("include/h.h", "#define H 2\n")
    assert not cached_equals_bare(kbuild, argv, outputs, "header changed")
    # -MD and -MMD are different dep files: never each other's hit.
    other = "-MMD" if mode == "-MD" else "-MD"
    argv_other = [compiler, "-Iinclude", f"-Wp,{other},{dep_file}", "-c", "drivers/a.c", "-o", "out/drivers/a.o"]
    assert not cached_equals_bare(kbuild, argv_other, outputs, "the other mode")


@pytest.mark.parametrize("compiler", COMPILERS)
def test_wp_dep_files_we_do_not_model_go_to_the_compiler(kbuild, compiler):
    for flags in (["-Wp,-MD,x.d,-MT,t"], ["-Wp,-MMD,x.d", "-MD"], ["-Wp,-MF,x.d"]):
        argv = [compiler, "-Iinclude", *flags, "-c", "drivers/a.c", "-o", "a.o"]
        bare = kbuild.compile(argv, ["a.o", "x.d"], via_cache=False)
        assert kbuild.compile(argv, ["a.o", "x.d"], via_cache=True).same_as(bare), flags
    assert set(kbuild.reasons()) == {"dependency_options_through_wp"}


KBUILD_MAKEFILE = """\
objs := $(patsubst %.c,out/%.o,$(wildcard drivers/*.c))
all: $(objs)
out/%.o: %.c
\t@mkdir -p $(@D)
\t$(CC) -Iinclude -O2 -Wp,-MMD,$(@D)/.$(@F).d -c -o $@ $<
-include $(wildcard out/drivers/.*.d)
"""


@needs_tools("make")
@pytest.mark.parametrize("compiler", COMPILERS)
def test_a_kbuild_style_make_rebuilds_from_the_cache_like_bare(kbuild, compiler):
    """A Makefile in Kbuild's manner: the second build after a clean is all hits, and every
    object and dep file is the bare build's."""
    zc = kbuild
    for i in range(6):
        zc.write(f"drivers/d{i}.c", f'#include <h.h>\n#include "local{i % 2}.h"\nint d{i}(void) {{ return H + {i}; }}\n',
                 settle=False)
    zc.write("drivers/local0.h", "#define L 0\n", settle=False)
    zc.write("drivers/local1.h", "#define L 1\n")
    zc.write("Makefile", KBUILD_MAKEFILE)

    def build(via_cache):
        subprocess.run(["rm", "-rf", "out"], cwd=zc.work, check=True)
        cc = f"{ZCCACHE} {compiler}" if via_cache else compiler
        proc = zc.run(["make", "-j4", f"CC={cc}"])
        assert proc.returncode == 0, proc.stderr
        return {str(p.relative_to(zc.work)): p.read_bytes() for p in sorted((zc.work / "out").rglob("*")) if p.is_file()}

    bare = build(False)
    assert len(bare) == 14  # 7 objects, 7 dep files
    assert build(True) == bare
    assert build(True) == bare
    assert zc.counters()["hits"] == 7 and zc.counters()["misses"] == 7
    assert zc.reasons() == {}

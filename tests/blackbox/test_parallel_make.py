"""A parallel Make build of generated files: cold, then warm with every object a hit."""

import shutil

from conftest import ZCCACHE

FILES = 50


def generate(zc):
    for i in range(FILES):
        zc.write(f"include/mod{i}.h", f"#pragma once\nint mod{i}(int);\n", settle=False)
        zc.write(f"src/mod{i}.c", f'#include <stdio.h>\n#include "mod{i}.h"\n#include "common.h"\n'
                                  f"int mod{i}(int x) {{ return x * {i} + COMMON; }}\n", settle=False)
    zc.write("include/common.h", "#define COMMON 7\n", settle=False)
    objs = " ".join(f"obj/mod{i}.o" for i in range(FILES))
    zc.write("Makefile", f"""CC ?= gcc
CFLAGS = -O2 -Wall -Iinclude -MMD -MP
OBJS = {objs}
all: $(OBJS)
obj/%.o: src/%.c | obj
\t$(CC) $(CFLAGS) -c $< -o $@
obj:
\tmkdir -p obj
clean:
\trm -rf obj
-include $(OBJS:.o=.d)
""")


def snapshot(zc):
    return {p.name: p.read_bytes() for p in sorted((zc.work / "obj").iterdir())}


def test_make_j8_twice_is_all_hits_and_matches_bare(zc):
    generate(zc)
    assert zc.run(["make", "-j8"]).returncode == 0
    bare = snapshot(zc)
    assert len(bare) == 2 * FILES  # objects and dep files
    zc.run(["make", "clean"])
    cold = zc.run(["make", "-j8", f"CC={ZCCACHE} gcc"])
    assert cold.returncode == 0, cold.stderr
    assert snapshot(zc) == bare
    assert zc.counters()["misses"] == FILES
    zc.run(["make", "clean"])
    warm = zc.run(["make", "-j8", f"CC={ZCCACHE} gcc"])
    assert warm.returncode == 0, warm.stderr
    assert warm.stderr == b""
    assert snapshot(zc) == bare
    c = zc.counters()
    assert c["hits"] == FILES and c["misses"] == FILES
    # Nothing to do afterwards: make sees fresh objects.
    again = zc.run(["make", "-j8", f"CC={ZCCACHE} gcc"])
    assert b"Nothing to be done" in again.stdout or again.stdout.strip() == b"make: Nothing to be done for 'all'."
    assert zc.counters()["hits"] == FILES

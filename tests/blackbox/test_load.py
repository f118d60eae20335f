"""Load: many compiles at -j32 on a small machine, and many clients asking for one missing key."""

import os
import subprocess
import time

from conftest import SETTLE_SECONDS, ZCCACHE

FILES = 1000


def test_2000_compiles_at_j32_are_all_correct(zc):
    for i in range(FILES):
        zc.write(f"src/f{i}.c", f"int f{i}(int x) {{ return x * {i} + {i % 7}; }}\n", settle=False)
    objs = " ".join(f"obj/f{i}.o" for i in range(FILES))
    zc.write("Makefile", f"OBJS = {objs}\nall: $(OBJS)\nobj/%.o: src/%.c | obj\n\t$(CC) -O2 -c $< -o $@\n"
                         "obj:\n\tmkdir -p obj\nclean:\n\trm -rf obj\n")
    time.sleep(SETTLE_SECONDS)
    assert zc.run(["make", "-j32", "CC=gcc"]).returncode == 0
    bare = {p.name: p.read_bytes() for p in (zc.work / "obj").iterdir()}
    for expected_hits in (0, FILES):  # cold, then warm: 2,000 compiles through the daemon
        zc.run(["make", "clean"])
        proc = zc.run(["make", "-j32", f"CC={ZCCACHE} gcc"])
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert {p.name: p.read_bytes() for p in (zc.work / "obj").iterdir()} == bare
        assert zc.counters()["hits"] == expected_hits
    assert zc.counters()["misses"] == FILES


WRAPPER = """#!/bin/sh
case "$1" in *cc1*) echo run >> "$(dirname "$0")/runs.log" ;; esac
exec "$@"
"""


def test_64_concurrent_requests_for_one_missing_key_compile_once(zc):
    script = zc.write("count.sh", WRAPPER)
    os.chmod(script, 0o755)
    zc.write("a.c", "#include <stdio.h>\nint a(void) { return puts(\"a\"); }\n")
    argv = [ZCCACHE, "gcc", "-O2", "-wrapper", str(script), "-c", "a.c", "-o", "a.o"]
    zc.zccache("start")
    procs = [subprocess.Popen(argv, cwd=zc.work, env=zc.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(64)]
    assert all(p.wait() == 0 for p in procs)
    assert (zc.work / "runs.log").read_text().count("run") == 1
    counters = zc.counters()
    assert (counters["misses"], counters["hits"]) == (1, 63)

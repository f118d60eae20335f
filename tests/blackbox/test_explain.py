"""`zccache explain`: why the last compile of an output missed, hit or was not cached."""

import pytest


@pytest.fixture(autouse=True)
def recorded_before_explained(zc):
    """The daemon records a compile after its reply; each compile here waits for its journal
    line, which is written after the `explain` record."""
    zc.ordered_journal = True


def explain(zc, output):
    r = zc.zccache("explain", output)
    assert r.returncode == 0, r.stderr
    return r.stdout.decode()


def test_explain_names_the_edited_header(zc):
    zc.write("inc/config.h", "#define A 1\n")
    zc.write("inc/other.h", "#define B 1\n")
    zc.write("m.c", '#include "config.h"\n#include "other.h"\nint m(void) { return A + B; }\n')
    argv = ["gcc", "-Iinc", "-c", "m.c", "-o", "m.o"]
    zc.zccache(*argv)
    assert "first compile" in explain(zc, "m.o")
    zc.zccache(*argv)
    assert "hit" in explain(zc, "m.o")
    zc.write("inc/config.h", "#define A 2\n")
    zc.zccache(*argv)
    text = explain(zc, "m.o")
    assert "an input changed" in text and f"changed: {zc.work}/inc/config.h" in text
    assert "other.h" not in text


def test_explain_names_the_argument_and_variable_that_differ(zc):
    zc.write("m.c", "int m(void) { return 1; }\n")
    zc.zccache("gcc", "-O1", "-c", "m.c", "-o", "m.o")
    zc.zccache("gcc", "-O2", "-c", "m.c", "-o", "m.o", env={"SOURCE_DATE_EPOCH": "1"})
    text = explain(zc, "m.o")
    assert "argument removed: -O1" in text and "argument added: -O2" in text
    assert "environment variable SOURCE_DATE_EPOCH changed: (unset) -> 1" in text


def test_explain_names_the_shadowing_header_and_the_uncacheable_rule(zc):
    zc.write("late/h.h", "#define H 1\n")
    (zc.work / "early").mkdir()
    zc.write("m.c", "#include <h.h>\nint m(void) { return H; }\n")
    argv = ["gcc", "-Iearly", "-Ilate", "-c", "m.c", "-o", "m.o"]
    zc.zccache(*argv)
    zc.write("early/h.h", "#define H 2\n")
    zc.zccache(*argv)
    assert f"now shadows a header the cached compile used: {zc.work}/early/h.h" in explain(zc, "m.o")
    zc.zccache("gcc", "-E", "m.c", "-o", "m.o")
    assert "not cached (preprocessing)" in explain(zc, "m.o")


def test_explain_unknown_output(zc):
    zc.zccache("start")
    r = zc.zccache("explain", "never.o")
    assert r.returncode == 1 and b"no compile of" in r.stderr


def test_explain_a_journal_line(zc):
    import json
    import time
    zc.write("inc/h.h", "#define H 1\n")
    zc.write("m.c", '#include "h.h"\nint m(void) { return H; }\n')
    (zc.work / "obj").mkdir()
    argv = ["gcc", "-Iinc", "-c", "m.c", "-o", "obj/m.o"]
    zc.zccache(*argv)
    zc.write("inc/h.h", "#define H 2\n")
    zc.zccache(*argv)
    time.sleep(0.05)
    last = (zc.cache / "logs" / "compile_journal.jsonl").read_text().splitlines()[-1]
    r = zc.run([__import__("conftest").ZCCACHE, "explain", "--journal-line", last], cwd=zc.root)
    assert r.returncode == 0, r.stderr
    assert f"changed: {zc.work}/inc/h.h" in r.stdout.decode()
    bad = zc.zccache("explain", "--journal-line", "{nope")
    assert bad.returncode == 2

"""`-c a.c b.c c.c`: each source cached on its own; results combined as the driver does."""

import json
import time

import pytest

from conftest import COMPILERS, source_ext, wait_until
from test_journal import journal


def sources(zc, ext, bad=False):
    names = [f"a{ext}", f"b{ext}", f"c{ext}"]
    zc.write(names[0], "int a(void) { return 1; }\n")
    zc.write(names[1], "int b(void) { int unused; return 2; }\n" if not bad else "int b(void) { return nope; }\n")
    zc.write(names[2], "int c(void) { int also_unused; return 3; }\n")
    return names


@pytest.mark.parametrize("compiler", COMPILERS)
def test_three_sources_miss_then_hit_like_bare(zc, compiler):
    names = sources(zc, source_ext(compiler))
    argv = [compiler, "-Wall", "-O1", "-MD", "-c", *names]
    outputs = ["a.o", "b.o", "c.o", "a.d", "b.d", "c.d"]
    bare = zc.compile(argv, outputs, via_cache=False)
    assert bare.returncode == 0 and b"unused" in bare.stderr
    for expected_hits in (0, 3):
        got = zc.compile(argv, outputs, via_cache=True)
        assert got.same_as(bare), f"{got}\n{bare}"
        assert zc.counters()["hits"] == expected_hits
    assert zc.counters()["misses"] == 3


def test_any_subset_hits_afterwards(zc):
    names = sources(zc, ".c")
    zc.compile(["gcc", "-c", *names], ["a.o", "b.o", "c.o"], via_cache=True)
    bare_b = zc.compile(["gcc", "-c", names[1]], ["b.o"], via_cache=False)
    assert zc.compile(["gcc", "-c", names[1]], ["b.o"], via_cache=True).same_as(bare_b)
    bare_ac = zc.compile(["gcc", "-c", names[0], names[2]], ["a.o", "c.o"], via_cache=False)
    assert zc.compile(["gcc", "-c", names[0], names[2]], ["a.o", "c.o"], via_cache=True).same_as(bare_ac)
    assert zc.counters() == {**zc.counters(), "hits": 3, "misses": 3}


@pytest.mark.parametrize("compiler", ["gcc", "clang"])
def test_a_failing_source_fails_the_command_but_the_others_are_built(zc, compiler):
    names = sources(zc, ".c", bad=True)
    argv = [compiler, "-Wall", "-c", *names]
    bare = zc.compile(argv, ["a.o", "b.o", "c.o"], via_cache=False)
    assert bare.returncode != 0 and bare.outputs["a.o"] and bare.outputs["b.o"] is None
    for _ in range(2):
        got = zc.compile(argv, ["a.o", "b.o", "c.o"], via_cache=True)
        assert got.same_as(bare), f"{got}\n{bare}"
    assert zc.counters()["hits"] == 2  # a.c and c.c the second time


def test_commands_that_cannot_be_split_go_to_the_compiler(zc):
    names = sources(zc, ".c")
    for argv, outputs in ((["gcc", "-c", *names, "-o", "x.o"], ["x.o"]),
                          (["gcc", "-MD", "-MF", "all.d", "-c", *names], ["a.o", "all.d"]),
                          (["gcc", "-x", "c", "-c", *names], ["a.o"])):
        bare = zc.compile(argv, outputs, via_cache=False)
        assert zc.compile(argv, outputs, via_cache=True).same_as(bare)
    assert zc.reasons().get("multiple_source_files") == 3


def test_each_source_is_its_own_journal_line(zc):
    names = sources(zc, ".c")
    zc.compile(["gcc", "-c", *names], ["a.o"], via_cache=True)
    assert wait_until(lambda: len(journal(zc)) == 3)
    lines = journal(zc)
    assert [line["args"] for line in lines] == [["-c", name] for name in names]
    assert {line["outcome"] for line in lines} == {"miss"}


def test_each_source_carries_its_own_latency_and_a_session_counts_the_command_once(zc):
    names = sources(zc, ".c")
    sid = json.loads(zc.zccache("session-start").stdout)["session_id"]
    env = {"ZCCACHE_SESSION_ID": sid}
    zc.zccache("start")
    started = time.monotonic()
    zc.compile(["gcc", "-O2", "-c", *names], ["a.o", "b.o", "c.o"], via_cache=True, env=env)
    wall_ns = (time.monotonic() - started) * 1e9
    assert wait_until(lambda: len(journal(zc)) == 3)
    latencies = [line["latency_ns"] for line in journal(zc)]
    assert all(latency > 0 for latency in latencies), latencies
    # The sources compiled one after another: their times add up to no more than the command's.
    assert sum(latencies) <= wall_ns, (latencies, wall_ns)
    spent = json.loads(zc.zccache("session-end", sid, "--json").stdout)["time_spent_ns"]
    assert spent == sum(latencies)

"""A build never hangs on the daemon: a compile that waits or runs hears heartbeats, a daemon
that is silent for ZCCACHE_DAEMON_TIMEOUT_SECS (stopped, wedged, not accepting) is given up with
one warning and the client compiles by itself, and the given-up daemon can never write that
compile's outputs afterwards."""

import os
import signal
import socket
import subprocess
import time

import pytest

from conftest import ZCCACHE, wait_until
from test_daemon_lifecycle import alive

SILENCE_SECS = 2
# gcc -O2 takes about 3 s on it here: longer than the silence limit, short enough for a test.
SLOW_FUNCTIONS = 1000


def slow_source(zc, name="slow.c"):
    body = "\n".join(f"int f{i}(int x) {{ int s = 0; for (int j = 0; j < x; j++) s += j * {i} ^ (s >> 3); return s; }}"
                     for i in range(SLOW_FUNCTIONS))
    return zc.write(name, body + "\n")


def children_of(pid):
    out = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def one_warning_then(stderr, bare_stderr):
    lines = stderr.decode().splitlines(keepends=True)
    assert lines and lines[0].startswith("zccache: daemon unavailable (silent for"), stderr
    assert "".join(lines[1:]).encode() == bare_stderr


@pytest.fixture
def bounded(zc):
    zc.env["ZCCACHE_DAEMON_TIMEOUT_SECS"] = str(SILENCE_SECS)
    yield zc
    for pid in getattr(zc, "stopped_pids", []):
        if alive(pid):
            os.kill(pid, signal.SIGCONT)


def stop_daemon(zc):
    pid = zc.daemon_pid()
    os.kill(pid, signal.SIGSTOP)
    zc.stopped_pids = getattr(zc, "stopped_pids", []) + [pid]
    return pid


def test_a_stopped_daemon_is_given_up_within_the_bound(bounded):
    zc = bounded
    zc.write("a.c", "int a(void) { return 1; }\n")
    argv = ["gcc", "-c", "a.c", "-o", "a.o"]
    bare = zc.compile(argv, ["a.o"], via_cache=False)
    zc.compile(argv, ["a.o"], via_cache=True)
    pid = stop_daemon(zc)
    started = time.monotonic()
    fallback = zc.compile(argv, ["a.o"], via_cache=True)
    took = time.monotonic() - started
    assert fallback.returncode == 0 and fallback.outputs == bare.outputs
    one_warning_then(fallback.stderr, bare.stderr)
    assert f"killed it, pid {pid}".encode() in fallback.stderr
    assert SILENCE_SECS - 0.2 < took < SILENCE_SECS + 3, took
    assert wait_until(lambda: not alive(pid), timeout=5)
    # The next compile starts a fresh daemon, which serves the entry the stopped one stored.
    hit = zc.compile(argv, ["a.o"], via_cache=True)
    assert hit.same_as(bare)
    status = zc.status()
    assert status["pid"] != pid and status["hits"] == 1 and status["fallbacks"] == 1


# -frandom-seed: the coverage stamp in .gcno and .o is otherwise new in every compile.
@pytest.mark.parametrize("extra", [[], ["--coverage", "-frandom-seed=slow"]], ids=["into_the_cache", "in_place"])
def test_a_daemon_stopped_mid_compile_never_writes_over_the_fallback(bounded, extra):
    zc = bounded
    slow_source(zc)
    argv = ["gcc", "-O2", *extra, "-c", "slow.c", "-o", "slow.o"]
    outputs = ["slow.o"] + (["slow.gcno"] if extra else [])
    zc.zccache("gcc", "-c", "-x", "c", "/dev/null", "-o", "warm.o")  # the daemon is up
    bare = zc.compile(argv, outputs, via_cache=False)
    for out in outputs:
        (zc.work / out).unlink()
    pid = zc.daemon_pid()
    client = subprocess.Popen([ZCCACHE, *argv], cwd=zc.work, env=zc.env, stderr=subprocess.PIPE)
    assert wait_until(lambda: children_of(pid), timeout=10), "the daemon started the compiler"
    compilers = children_of(pid)
    stop_daemon(zc)
    # The client warns as it gives up, before it compiles: by then the stopped daemon's compiler
    # (a second of work still ahead of it) must be dead, so that nothing of it writes any more.
    warning = client.stderr.readline()
    assert wait_until(lambda: not any(alive(c) for c in compilers), timeout=0.5), compilers
    assert wait_until(lambda: not alive(pid), timeout=5)
    err = warning + client.stderr.read()
    assert client.wait(timeout=60) == 0, err
    one_warning_then(err, bare.stderr)
    got = {out: (zc.work / out).read_bytes() for out in outputs}
    stamps = {out: os.stat(zc.work / out).st_mtime_ns for out in outputs}
    assert got == bare.outputs
    time.sleep(1)
    assert {out: os.stat(zc.work / out).st_mtime_ns for out in outputs} == stamps


def slow_compile_under_a_1s_limit(zc):
    """The slow compile's command and its bare result, with a silence limit it outlasts."""
    zc.env["ZCCACHE_DAEMON_TIMEOUT_SECS"] = "1"
    slow_source(zc)
    argv = ["gcc", "-O2", "-c", "slow.c", "-o", "slow.o"]
    return argv, zc.compile(argv, ["slow.o"], via_cache=False)


def test_a_compile_longer_than_the_bound_is_not_given_up(bounded):
    zc = bounded
    argv, bare = slow_compile_under_a_1s_limit(zc)
    miss = zc.compile(argv, ["slow.o"], via_cache=True)
    assert miss.same_as(bare), miss
    status = zc.status()
    assert status["misses"] == 1 and status["fallbacks"] == 0


def test_a_compile_waiting_for_the_same_compile_hears_heartbeats(bounded):
    zc = bounded
    argv, bare = slow_compile_under_a_1s_limit(zc)
    (zc.work / "slow.o").unlink()
    zc.zccache("gcc", "-c", "-x", "c", "/dev/null", "-o", "warm.o")
    before = zc.status()
    clients = [subprocess.Popen([ZCCACHE, *argv], cwd=zc.work, env=zc.env, stderr=subprocess.PIPE)
               for _ in range(2)]
    for c in clients:
        _, err = c.communicate(timeout=60)
        assert c.returncode == 0 and err == b"", err
    assert (zc.work / "slow.o").read_bytes() == bare.outputs["slow.o"]
    after = zc.status()
    # One compiled; the other waited for it and was served its result.
    assert [after[k] - before[k] for k in ("misses", "hits", "fallbacks")] == [1, 1, 0], after


def test_a_daemon_that_stopped_accepting_is_given_up(bounded):
    zc = bounded
    zc.write("a.c", "int a(void) { return 2; }\n")
    argv = ["gcc", "-c", "a.c", "-o", "a.o"]
    bare = zc.compile(argv, ["a.o"], via_cache=False)
    endpoint = str(zc.cache / "daemon-v1.sock")
    zc.compile(argv, ["a.o"], via_cache=True)
    pid = stop_daemon(zc)
    # Fill its listen backlog: then a connect does not even get queued.
    filler = []
    try:
        while True:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.setblocking(False)
            try:
                s.connect(endpoint)
            except BlockingIOError:
                s.close()
                break
            filler.append(s)
            assert len(filler) < 20000
        started = time.monotonic()
        fallback = zc.compile(argv, ["a.o"], via_cache=True)
        took = time.monotonic() - started
    finally:
        for s in filler:
            s.close()
    assert fallback.returncode == 0 and fallback.outputs == bare.outputs
    lines = fallback.stderr.decode().splitlines(keepends=True)
    assert "backlog stayed full" in lines[0], lines
    assert "".join(lines[1:]).encode() == bare.stderr
    assert took < SILENCE_SECS + 3, took
    assert alive(pid)  # nothing was sent to it, so nothing of it had to be stopped
    os.kill(pid, signal.SIGCONT)
    status = zc.status()
    assert status["fallbacks"] == 1
    assert status["pid"] == pid, "the client started a second daemon beside the one that was not accepting"


def test_a_parallel_build_against_a_stopped_daemon_finishes_within_the_bound(bounded):
    """make -j4 of 12 files with the daemon SIGSTOPped: the first compiles give it up within
    the silence limit and the rest go to a fresh daemon; every object is the bare build's."""
    zc = bounded
    for i in range(12):
        zc.write(f"src/f{i}.c", f"int f{i}(int x) {{ return x * {i}; }}\n", settle=False)
    zc.write("Makefile", "OBJS = " + " ".join(f"obj/f{i}.o" for i in range(12)) + """
all: $(OBJS)
obj/%.o: src/%.c | obj
\t$(CC) -O2 -c $< -o $@
obj:
\tmkdir -p obj
clean:
\trm -rf obj
""")
    assert zc.run(["make", "-j4", "CC=gcc"]).returncode == 0
    bare = {p.name: p.read_bytes() for p in (zc.work / "obj").iterdir()}
    zc.run(["make", "clean"])
    assert zc.run(["make", "-j4", f"CC={ZCCACHE} gcc"]).returncode == 0  # fills the cache
    zc.run(["make", "clean"])
    pid = stop_daemon(zc)
    started = time.monotonic()
    build = zc.run(["make", "-j4", f"CC={ZCCACHE} gcc"])
    took = time.monotonic() - started
    assert build.returncode == 0, build.stderr
    assert took < SILENCE_SECS + 5, took
    assert {p.name: p.read_bytes() for p in (zc.work / "obj").iterdir()} == bare
    assert wait_until(lambda: not alive(pid), timeout=5)
    assert zc.status()["pid"] != pid


def test_stop_kills_a_daemon_that_does_not_answer(bounded):
    zc = bounded
    zc.write("a.c", "int a;\n")
    zc.zccache("gcc", "-c", "a.c")
    pid = stop_daemon(zc)
    r = zc.zccache("stop")
    assert r.returncode == 0, r.stderr
    assert f"daemon (pid {pid}) did not answer; killed it".encode() in r.stdout
    assert wait_until(lambda: not alive(pid), timeout=5)


def test_a_client_that_sends_nothing_does_not_hold_the_daemon_up(zc):
    zc.write("a.c", "int a;\n")
    zc.zccache("gcc", "-c", "a.c")
    pid = zc.daemon_pid()
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.connect(str(zc.cache / "daemon-v1.sock"))
    try:
        # Compiles are served beside it, and the daemon's shutdown does not wait on it for ever.
        assert zc.zccache("gcc", "-c", "a.c").returncode == 0
        assert zc.zccache("stop").returncode == 0
        assert wait_until(lambda: not alive(pid), timeout=20)
    finally:
        silent.close()


def test_clear_does_not_wait_for_a_running_compile(zc):
    zc.write("a.c", "int a;\n")
    zc.zccache("gcc", "-c", "a.c")
    slow_source(zc)
    client = subprocess.Popen([ZCCACHE, "gcc", "-O2", "-c", "slow.c", "-o", "slow.o"], cwd=zc.work, env=zc.env)
    pid = zc.daemon_pid()
    assert wait_until(lambda: children_of(pid), timeout=10)
    started = time.monotonic()
    r = zc.zccache("clear")
    took = time.monotonic() - started
    assert r.returncode == 0, r.stderr
    assert client.poll() is None and took < 1.5, took  # it did not wait for the compile
    assert client.wait(timeout=60) == 0
    # The compile that ran through the clear stored its entry in the emptied cache, and it hits.
    assert wait_until(lambda: zc.status()["entries"] == 1)
    bare = zc.compile(["gcc", "-O2", "-c", "slow.c", "-o", "slow.o"], ["slow.o"], via_cache=False)
    assert zc.compile(["gcc", "-O2", "-c", "slow.c", "-o", "slow.o"], ["slow.o"], via_cache=True).same_as(bare)
    assert zc.status()["hits"] == 1

"""The daemon comes and goes; builds never notice, and the cache outlives it."""

import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time

import pytest

from conftest import ZCCACHE, assert_cached_like_bare, needs_tools, wait_until


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purposes.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except (FileNotFoundError, ProcessLookupError):  # it exited between the two looks
        return False


def test_hits_survive_stop_and_restart(zc):
    zc.write("a.c", "int a(void) { return 1; }\n")
    bare = zc.compile(["gcc", "-c", "a.c", "-o", "a.o"], ["a.o"], via_cache=False)
    zc.compile(["gcc", "-c", "a.c", "-o", "a.o"], ["a.o"], via_cache=True)
    first_pid = zc.daemon_pid()
    assert zc.zccache("stop").returncode == 0
    assert wait_until(lambda: not alive(first_pid))
    hit = zc.compile(["gcc", "-c", "a.c", "-o", "a.o"], ["a.o"], via_cache=True)
    assert hit.same_as(bare)
    status = zc.status()
    assert status["pid"] != first_pid
    assert status["hits"] == 1 and status["misses"] == 1


def test_status_without_daemon_reads_the_index(zc):
    zc.write("a.c", "int a;\n")
    zc.zccache("gcc", "-c", "a.c")
    zc.zccache("gcc", "-c", "a.c")
    zc.stop()
    status = zc.status()
    assert status["daemon_running"] is False
    assert status["hits"] == 1 and status["entries"] == 1


def test_idle_timeout_stops_the_daemon(zc):
    zc.env["ZCCACHE_IDLE_TIMEOUT_SECS"] = "1"
    zc.write("a.c", "int a;\n")
    zc.zccache("gcc", "-c", "a.c")
    pid = zc.daemon_pid()
    assert wait_until(lambda: not alive(pid), timeout=8)
    assert not (zc.cache / "daemon-v1.sock").exists()


def test_sigkill_mid_build_keeps_the_build_correct(zc):
    count = 24
    for i in range(count):
        zc.write(f"src/f{i}.c", f'#include <stdio.h>\nint f{i}(void) {{ return printf("%d", {i}); }}\n', settle=False)
    time.sleep(0.05)
    objs = [f"f{i}.o" for i in range(count)]
    bare = {}
    for i in range(count):
        zc.run(["gcc", "-O2", "-c", f"src/f{i}.c", "-o", objs[i]])
        bare[i] = (zc.work / objs[i]).read_bytes()
        (zc.work / objs[i]).unlink()
    zc.zccache("start")

    # Compile in parallel while the daemon is killed (and restarted by the clients) several times.
    stop = threading.Event()
    kills = []

    def killer():
        while not stop.is_set():
            time.sleep(0.15)
            pid = zc.daemon_pid()
            if isinstance(pid, int) and pid > 1:  # never 0: that would be our own process group
                try:
                    os.kill(pid, signal.SIGKILL)
                    kills.append(pid)
                except ProcessLookupError:
                    pass

    t = threading.Thread(target=killer)
    t.start()
    procs = []
    try:
        for rounds in range(3):
            for i in range(count):
                procs.append((i, subprocess.Popen([ZCCACHE, "gcc", "-O2", "-c", f"src/f{i}.c", "-o", objs[i]],
                                                  cwd=zc.work, env=zc.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)))
            for i, p in procs:
                out, err = p.communicate(timeout=120)
                assert p.returncode == 0, err
                for line in err.decode().splitlines():
                    assert line.startswith("zccache: daemon unavailable"), err
                assert (zc.work / objs[i]).read_bytes() == bare[i]
            procs.clear()
    finally:
        stop.set()
        t.join()
    assert len(set(kills)) >= 2, f"the daemon was killed and restarted: {kills}"
    # After the storm: a warm build is all hits and still correct.
    for i in range(count):
        zc.run([ZCCACHE, "gcc", "-O2", "-c", f"src/f{i}.c", "-o", objs[i]])
    before = zc.counters()["hits"]
    for i in range(count):
        (zc.work / objs[i]).unlink()
        r = zc.run([ZCCACHE, "gcc", "-O2", "-c", f"src/f{i}.c", "-o", objs[i]])
        assert r.returncode == 0 and r.stderr == b""
        assert (zc.work / objs[i]).read_bytes() == bare[i]
    assert zc.counters()["hits"] == before + count


def test_twenty_sigkills_during_j8_builds(zc):
    """Twenty -j8 builds, each with the daemon SIGKILLed at a random moment: every build
    succeeds with bare-identical objects, and the warm build after them is all hits, still
    identical: nothing truncated or unindexed is ever served."""
    import random
    rng = random.Random(4)
    count = 16
    for i in range(count):
        zc.write(f"src/f{i}.c", f'#include <stdio.h>\nint f{i}(void) {{ return printf("%d", {i} + ITER); }}\n', settle=False)
    objs = " ".join(f"f{i}.o" for i in range(count))
    zc.write("Makefile", f"all: {objs}\n%.o: src/%.c\n\t$(CC) -O2 -DITER=$(ITER) -c $< -o $@\n")

    def objects():
        return {i: (zc.work / f"f{i}.o").read_bytes() for i in range(count)}

    def make(iteration, cc):
        return subprocess.Popen(["make", "-B", "-j8", f"CC={cc}", f"ITER={iteration}"], cwd=zc.work, env=zc.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    kills = 0
    for iteration in range(20):
        bare_proc = make(iteration, "gcc")
        bare_proc.communicate(timeout=120)
        bare = objects()
        zc.zccache("start")
        pid = zc.daemon_pid()
        build = make(iteration, f"{ZCCACHE} gcc")
        time.sleep(rng.uniform(0.0, 0.3))
        try:
            os.kill(pid, signal.SIGKILL)
            kills += 1
        except ProcessLookupError:
            pass
        out, err = build.communicate(timeout=120)
        assert build.returncode == 0, err
        for line in err.decode().splitlines():
            assert "daemon unavailable" in line or line.startswith(("gcc", "make")), err
        assert objects() == bare, f"iteration {iteration}"
    assert kills == 20
    # The last state, warm: every compile a hit from what survived the kills, and correct.
    time.sleep(0.05)
    warm_up = make(19, f"{ZCCACHE} gcc")
    warm_up.communicate(timeout=120)
    before = zc.counters()["hits"]
    final = make(19, f"{ZCCACHE} gcc")
    _, err = final.communicate(timeout=120)
    assert final.returncode == 0, err
    assert objects() == bare
    assert zc.counters()["hits"] == before + count


def test_disable_is_a_plain_passthrough(zc):
    zc.write("a.c", "int a;\n")
    r = zc.zccache("gcc", "-c", "a.c", env={"ZCCACHE_DISABLE": "1"})
    assert r.returncode == 0 and (zc.work / "a.o").exists()
    assert not (zc.cache / "daemon-v1.sock").exists(), "no daemon was started"


def unreachable_endpoint(zc):
    blocker = zc.root / "not-a-dir"
    blocker.write_text("")
    return str(blocker / "sock")


def test_unreachable_daemon_falls_back_with_one_warning(zc):
    zc.write("a.c", "int a(void) { int unused; return 0; }\n")
    argv = ["gcc", "-Wall", "-c", "a.c", "-o", "a.o"]
    bare = zc.compile(argv, ["a.o"], via_cache=False)
    env = {"ZCCACHE_ENDPOINT": unreachable_endpoint(zc)}
    fallback = zc.compile(argv, ["a.o"], via_cache=True, env=env)
    assert fallback.returncode == bare.returncode
    assert fallback.outputs == bare.outputs
    lines = fallback.stderr.decode().splitlines(keepends=True)
    assert lines[0].startswith("zccache: daemon unavailable")
    assert "".join(lines[1:]).encode() == bare.stderr
    assert zc.status()["fallbacks"] == 1


def test_require_daemon_exits_125(zc):
    zc.write("a.c", "int a;\n")
    env = {"ZCCACHE_ENDPOINT": unreachable_endpoint(zc), "ZCCACHE_REQUIRE_DAEMON": "1"}
    r = zc.zccache("gcc", "-c", "a.c", env=env)
    assert r.returncode == 125
    assert b"ZCCACHE_REQUIRE_DAEMON" in r.stderr
    assert not (zc.work / "a.o").exists()


def test_stale_socket_file_is_replaced(zc):
    zc.cache.mkdir(mode=0o700)
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(str(zc.cache / "daemon-v1.sock"))
    stale.close()  # the file stays, nobody listens
    zc.write("a.c", "int a;\n")
    assert_cached_like_bare(zc, ["gcc", "-c", "a.c", "-o", "a.o"], ["a.o"])


def test_daemon_of_another_protocol_version_means_passthrough(zc):
    # A server at the endpoint that answers every request as a daemon of another version would.
    path = str(zc.root / "old.sock")
    server = socket.socket(socket.AF_UNIX)
    server.bind(path)
    server.listen(4)

    def serve():
        conn, _ = server.accept()
        conn.recv(1 << 20)
        # msgpack: [99, "VersionMismatch", {}]
        body = bytes([0x93, 0x63, 0xAF]) + b"VersionMismatch" + bytes([0x80])
        conn.sendall(len(body).to_bytes(4, "little") + body)
        conn.close()

    t = threading.Thread(target=serve)
    t.start()
    zc.write("a.c", "int a;\n")
    bare = zc.compile(["gcc", "-c", "a.c", "-o", "a.o"], ["a.o"], via_cache=False)
    r = zc.compile(["gcc", "-c", "a.c", "-o", "a.o"], ["a.o"], via_cache=True, env={"ZCCACHE_ENDPOINT": path})
    t.join()
    server.close()
    assert r.returncode == 0 and r.outputs == bare.outputs
    assert b"another protocol version" in r.stderr


def test_two_clients_racing_to_start_start_one_daemon(zc):
    zc.write("a.c", "int a;\n")
    procs = [subprocess.Popen([ZCCACHE, "gcc", "-c", "a.c", "-o", f"a{i}.o"], cwd=zc.work, env=zc.env,
                              stderr=subprocess.PIPE) for i in range(8)]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0 and err == b""
    daemons = subprocess.run(["pgrep", "-x", "zccache-daemon"], capture_output=True, text=True)
    mine = []
    for pid in (int(p) for p in daemons.stdout.split()):
        try:
            environ = open(f"/proc/{pid}/environ", "rb").read()
        except OSError:  # another test's daemon that just exited
            continue
        if f"ZCCACHE_CACHE_DIR={zc.cache}\0".encode() in environ:
            mine.append(pid)
    assert len(mine) == 1, mine


def test_client_killed_mid_compile_kills_the_compiler(zc):
    tools = zc.root / "tools"
    tools.mkdir()
    pid_file = zc.root / "compiler.pid"
    slow = tools / "gcc"
    slow.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 60\n")
    slow.chmod(0o755)
    zc.write("a.c", "int a;\n")
    client = subprocess.Popen([ZCCACHE, str(slow), "-c", "a.c"], cwd=zc.work, env=zc.env)
    assert wait_until(lambda: pid_file.exists() and pid_file.read_text().strip() != "")
    compiler_pid = int(pid_file.read_text())
    assert alive(compiler_pid)
    client.send_signal(signal.SIGINT)
    client.wait(timeout=10)
    assert wait_until(lambda: not alive(compiler_pid), timeout=5), "the daemon killed the orphaned compile"


def test_a_crash_leaves_a_report_and_the_next_compile_works(zc):
    zc.write("a.c", "int a;\n")
    assert_cached_like_bare(zc, ["gcc", "-c", "a.c", "-o", "a.o"], ["a.o"])
    pid = zc.daemon_pid()
    os.kill(pid, signal.SIGSEGV)
    assert wait_until(lambda: not alive(pid))
    reports = list((zc.cache / "crashes").glob(f"crash-{pid}-*.txt"))
    assert len(reports) == 1
    text = reports[0].read_text()
    assert "signal 11 (SEGV)" in text and "zccache-daemon 0.1.0" in text and "backtrace:" in text
    hits = zc.counters()["hits"]  # counters saved before the crash (every 5 s) are what is left
    bare = zc.compile(["gcc", "-c", "a.c", "-o", "a.o"], ["a.o"], via_cache=False)
    assert zc.compile(["gcc", "-c", "a.c", "-o", "a.o"], ["a.o"], via_cache=True).same_as(bare)
    assert zc.counters()["hits"] == hits + 1


def test_two_cache_roots_run_two_daemons_without_interference(zc):
    zc.write("a.c", "int a;\n")
    other = {"ZCCACHE_CACHE_DIR": str(zc.root / "other-cache")}
    zc.zccache("gcc", "-c", "a.c")
    zc.zccache("gcc", "-c", "a.c")
    zc.zccache("gcc", "-c", "a.c", env=other)
    first = zc.status()
    second = json.loads(zc.zccache("status", "--json", env=other).stdout)
    assert first["pid"] != second["pid"]
    assert (first["hits"], first["misses"]) == (1, 1)
    assert (second["hits"], second["misses"]) == (0, 1)
    assert second["cache_root"] == str(zc.root / "other-cache")
    zc.zccache("stop", env=other)


def test_garbage_frames_get_an_error_and_the_daemon_stays_small(zc):
    """A frame that claims a huge map (found by fuzz_frame) must not make the daemon allocate."""
    import socket
    import struct
    zc.zccache("start")
    pid = zc.daemon_pid()
    claim = b"\x93\x01\xb0CompileEphemeral" + b"\xdf\x2f\x77\xa4\x61\xa3cwd"
    for payload in (claim, b"\xff" * 64, b""):
        s = socket.socket(socket.AF_UNIX)
        s.connect(str(zc.cache / "daemon-v1.sock"))
        s.sendall(struct.pack("<I", len(payload)) + payload)
        s.settimeout(10)
        assert s.recv(4096) != b"" or payload == b""  # an Error frame, or a closed connection
        s.close()
    rss_kib = int(next(l.split()[1] for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS:")))
    assert alive(pid) and rss_kib < 100 * 1024
    zc.write("a.c", "int a;\n")
    assert zc.zccache("gcc", "-c", "a.c").returncode == 0


def test_a_daemon_whose_cache_root_was_deleted_gives_way(zc, tmp_path):
    """rm -rf of the cache root while the daemon runs (its socket elsewhere): compiles stay
    right, the old daemon exits, and its successor serves a new root."""
    zc.env["ZCCACHE_ENDPOINT"] = str(tmp_path / "endpoint" / "sock")
    (tmp_path / "endpoint").mkdir(mode=0o700)
    zc.write("a.c", "int a(void) { return 6; }\n")
    argv = ["gcc", "-c", "a.c", "-o", "a.o"]
    assert_cached_like_bare(zc, argv, ["a.o"])
    old = zc.daemon_pid()
    shutil.rmtree(zc.cache)
    bare = zc.compile(argv, ["a.o"], via_cache=False)
    assert zc.compile(argv, ["a.o"], via_cache=True).same_as(bare)
    assert wait_until(lambda: not alive(old), timeout=15), "the daemon of a deleted root kept running"
    for _ in range(2):
        assert zc.compile(argv, ["a.o"], via_cache=True).same_as(bare)
    assert zc.cache.is_dir()
    assert zc.counters()["hits"] == 1 and zc.daemon_pid() != old


@needs_tools("clang-tidy")
def test_a_daemon_started_with_sigchld_ignored_still_reports_each_exit_code(zc):
    """An ignored SIGCHLD survives exec into the daemon the client starts; the kernel would then
    reap the tools itself and a lint that fails (which writes nothing to miss) passed for a
    success: clang-tidy's exit 1 came back as 0."""
    zc.write("lint.c", "int f(int x) { if (x) return 1; return 0; }\n")
    zc.write("bad.c", "int bad(void) { return nope; }\n")
    ignore = lambda: signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # noqa: E731
    zc.zccache("stop")
    assert zc.run([ZCCACHE, "start"], preexec_fn=ignore).returncode == 0
    lint = ["clang-tidy", "--checks=-*,readability-braces-around-statements", "--warnings-as-errors=*", "lint.c", "--"]
    for argv in (lint, ["gcc", "-c", "bad.c", "-o", "x.o"], lint):
        bare = zc.run(argv)
        got = zc.run([ZCCACHE, *argv])
        assert bare.returncode == 1 and (got.returncode, got.stdout, got.stderr) == (bare.returncode, bare.stdout,
                                                                                      bare.stderr), got

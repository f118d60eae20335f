"""Diagnostics colour: coloured for a terminal, plain for a pipe, whatever the cache saw first."""

import os
import pty
import subprocess

import pytest

from conftest import ZCCACHE

WARNS = "int f(int x) { int unused; return x; }\n"


def run_with_tty_stderr(zc, argv):
    master, slave = pty.openpty()
    env = dict(zc.env, TERM="xterm")
    proc = subprocess.Popen(argv, cwd=zc.work, env=env, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    proc.wait()
    os.close(master)
    return proc.returncode, err


@pytest.mark.parametrize("compiler", ["gcc", "clang"])
@pytest.mark.parametrize("choice", [[], ["-fdiagnostics-color=auto"], ["-fdiagnostics-color=never", "-fdiagnostics-color=auto"]],
                         ids=["default", "auto", "never-then-auto"])
def test_terminal_gets_colour_and_pipe_gets_plain(zc, compiler, choice):
    zc.write("w.c", WARNS)
    argv = [compiler, *choice, "-Wall", "-c", "w.c", "-o", "w.o"]
    bare_tty = run_with_tty_stderr(zc, argv)
    bare_pipe = zc.run(argv)
    assert b"\x1b[" in bare_tty[1] and b"\x1b[" not in bare_pipe.stderr
    # First through a pipe (stored coloured), then a terminal hit, then a pipe hit.
    piped_miss = zc.run([ZCCACHE, *argv])
    tty_hit = run_with_tty_stderr(zc, [ZCCACHE, *argv])
    piped_hit = zc.run([ZCCACHE, *argv])
    assert (piped_miss.returncode, piped_miss.stderr) == (bare_pipe.returncode, bare_pipe.stderr)
    assert tty_hit == bare_tty
    assert (piped_hit.returncode, piped_hit.stderr) == (bare_pipe.returncode, bare_pipe.stderr)
    assert zc.counters()["hits"] == 2


@pytest.mark.parametrize("flag", ["-fdiagnostics-color=always", "-fdiagnostics-color=never"])
def test_users_colour_choice_is_kept(zc, flag):
    zc.write("w.c", WARNS)
    argv = ["gcc", flag, "-Wall", "-c", "w.c", "-o", "w.o"]
    bare = zc.run(argv)
    for _ in range(2):
        cached = zc.run([ZCCACHE, *argv])
        assert cached.stderr == bare.stderr
    assert zc.counters()["hits"] == 1

"""ZCCACHE_COMPILE_PRIORITY: the niceness of compiler children, seen from inside the compile.

gcc's -wrapper runs cc1 and as through a script, which records its own nice value."""

import os

import pytest

WRAPPER = """#!/bin/sh
awk '{print $19}' /proc/$$/stat >> "$(dirname "$0")/nice.log"
exec "$@"
"""


@pytest.fixture
def wrapped(zc):
    script = zc.write("wrap.sh", WRAPPER)
    os.chmod(script, 0o755)
    zc.write("a.c", "int a(void) { return X; }\n")
    return zc, script


def niceness_of_compile(zc, script, value, define, daemon_env=None):
    log = zc.work / "nice.log"
    log.unlink(missing_ok=True)
    env = {} if value is None else {"ZCCACHE_COMPILE_PRIORITY": value}
    misses = zc.counters()["misses"]
    proc = zc.compile(["gcc", f"-DX={define}", "-wrapper", f"{script}", "-c", "a.c"], ["a.o"], via_cache=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert zc.counters()["misses"] == misses + 1  # the daemon ran the compiler
    values = {int(v) for v in log.read_text().split()}
    assert len(values) == 1, values
    return values.pop()


def relative(increment):
    """The daemon inherits this process's niceness and adds the increment to it."""
    return max(-20, min(19, os.nice(0) + increment))


@pytest.mark.parametrize("value,increment", [("low", 10), ("idle", 19), ("normal", 0), ("high", -5),
                                             ("bogus", 10)])
def test_priority_from_the_build_env(wrapped, value, increment):
    zc, script = wrapped
    got = niceness_of_compile(zc, script, value, define=1)
    if increment < 0 and os.geteuid() != 0:
        assert got in (relative(0), relative(increment))  # raising priority may not be permitted
    else:
        assert got == relative(increment)


def test_auto_is_normal_or_lowered_and_daemon_setting_is_the_default(wrapped):
    zc, script = wrapped
    assert niceness_of_compile(zc, script, None, define=1) in (relative(0), relative(10))
    zc.stop()
    zc.env["ZCCACHE_COMPILE_PRIORITY"] = "idle"  # the daemon starts with this in its env
    assert niceness_of_compile(zc, script, None, define=2) == relative(19)
    # A build's own setting wins over the daemon's.
    assert niceness_of_compile(zc, script, "normal", define=3) == relative(0)

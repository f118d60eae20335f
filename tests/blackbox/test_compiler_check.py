"""ZCCACHE_COMPILER_CHECK, as ccache's compiler_check: what keys the compiler itself. A wrapper
script is keyed by its bytes and its interpreter's; a setting keys what the bytes cannot say."""

import os
import shutil
import time

import pytest

from conftest import SETTLE_SECONDS, cached_equals_bare

WRAPPER = '#!/bin/sh\nexec gcc -DV="$(cat {version})" "$@"\n'


def make_wrapper(zc, text, name="gcc"):
    """tools/<name>: a compiler that is a script (named like gcc, as wrappers are)."""
    path = zc.write(f"tools/{name}", text)
    os.chmod(path, 0o755)
    time.sleep(SETTLE_SECONDS)
    return str(path)


def compile_twice_like_bare(zc, argv, env, what):
    return cached_equals_bare(zc, argv, ["a.o"], what, env=env)


@pytest.fixture
def versioned(zc):
    """A wrapper whose output depends on a file it reads: its bytes do not say which."""
    zc.write("a.c", "int v(void) { return V; }\n", settle=False)
    zc.write("version", "1\n")
    return make_wrapper(zc, WRAPPER.format(version=zc.work / "version"))


def test_a_command_keys_what_a_wrapper_reads(zc, versioned):
    env = {"ZCCACHE_COMPILER_CHECK": f"cat {zc.work / 'version'}; %compiler% --version"}
    argv = [versioned, "-c", "a.c", "-o", "a.o"]
    assert not compile_twice_like_bare(zc, argv, env, "first")
    assert compile_twice_like_bare(zc, argv, env, "unchanged")
    zc.write("version", "2\n")
    assert not compile_twice_like_bare(zc, argv, env, "version 2")
    assert compile_twice_like_bare(zc, argv, env, "version 2 again")


def test_a_failing_command_passes_the_compile_through(zc, versioned):
    env = {"ZCCACHE_COMPILER_CHECK": "exit 3"}
    argv = [versioned, "-c", "a.c", "-o", "a.o"]
    for _ in range(2):
        assert not compile_twice_like_bare(zc, argv, env, "failing check")
    assert zc.reasons() == {"compiler_check_failed": 2}


def test_string_keys_by_the_text_given(zc, versioned):
    argv = [versioned, "-c", "a.c", "-o", "a.o"]
    one, two = {"ZCCACHE_COMPILER_CHECK": "string:v1"}, {"ZCCACHE_COMPILER_CHECK": "string:v2"}
    assert not compile_twice_like_bare(zc, argv, one, "v1")
    zc.write("version", "2\n")  # the build system says v2 with it
    assert not compile_twice_like_bare(zc, argv, two, "v2")
    assert compile_twice_like_bare(zc, argv, two, "v2 again")


def test_mtime_keys_by_the_compilers_time_and_none_by_nothing(zc, versioned):
    argv = [versioned, "-c", "a.c", "-o", "a.o"]
    mtime, none = {"ZCCACHE_COMPILER_CHECK": "mtime"}, {"ZCCACHE_COMPILER_CHECK": "none"}
    assert not compile_twice_like_bare(zc, argv, mtime, "mtime")
    assert compile_twice_like_bare(zc, argv, mtime, "mtime unchanged")
    os.utime(versioned, (time.time() + 5, time.time() + 5))
    time.sleep(SETTLE_SECONDS)
    assert not compile_twice_like_bare(zc, argv, mtime, "touched")
    assert not compile_twice_like_bare(zc, argv, none, "none")
    make_wrapper(zc, WRAPPER.format(version=zc.work / "version") + "# another build of the wrapper\n")
    assert compile_twice_like_bare(zc, argv, none, "none: the user vouches for the path")


def test_a_wrapper_script_is_keyed_by_its_bytes_and_its_interpreter(zc):
    zc.write("a.c", "int v(void) { return V; }\n", settle=False)
    interpreter = zc.work / "bin" / "wrapsh"
    os.makedirs(interpreter.parent)
    shutil.copy("/bin/dash", interpreter)
    wrapper = make_wrapper(zc, '#!/usr/bin/env wrapsh\nexec gcc -DV=1 "$@"\n')
    argv = [wrapper, "-c", "a.c", "-o", "a.o"]
    env = {"PATH": f"{interpreter.parent}:{os.environ['PATH']}"}
    assert not compile_twice_like_bare(zc, argv, env, "dash")
    assert compile_twice_like_bare(zc, argv, env, "dash again")
    interpreter.unlink()
    shutil.copy("/bin/bash", interpreter)
    time.sleep(SETTLE_SECONDS)
    assert not compile_twice_like_bare(zc, argv, env, "bash as the interpreter")
    assert compile_twice_like_bare(zc, argv, env, "bash again")
    make_wrapper(zc, '#!/usr/bin/env wrapsh\nexec gcc -DV=2 "$@"\n')
    assert not compile_twice_like_bare(zc, argv, env, "the script changed")

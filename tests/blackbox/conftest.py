"""Black-box helpers: the built zccache against real compilers, in a fresh temp dir with its own
cache root and a scrubbed environment per test. Every cache result is compared with a bare run."""

import json
import os
import pathlib
import shutil
import subprocess
import time

import pytest

BIN_DIR = pathlib.Path(os.environ.get("ZCCACHE_BIN_DIR", pathlib.Path(__file__).parents[2] / "build" / "src"))
ZCCACHE = str(BIN_DIR / "zccache")
COMPILERS = ["gcc", "g++", "clang", "clang++"]
CLI_COMMANDS = {"status", "stop", "start", "clear", "explain", "config", "session-start", "session-end",
                "session-stats", "warm", "help", "--version", "--help"}
# Inputs must be older than a compile's start (plus a kernel tick) to be stored.
SETTLE_SECONDS = 0.05


def needs_tools(*tools):
    """Marks a test or module as driving these commands. Without one on PATH it is skipped, but
    under CI=true it fails: there scripts/install-deps.sh must have installed every tool."""
    return pytest.mark.needs_tools(*tools)


def pytest_configure(config):
    config.addinivalue_line("markers", "needs_tools(*names): commands the test drives (see needs_tools)")


def pytest_runtest_setup(item):
    missing = [t for mark in item.iter_markers("needs_tools") for t in mark.args if not shutil.which(t)]
    if missing:
        message = f"needs {', '.join(missing)} (scripts/install-deps.sh test installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + ", and CI=true allows no skip", pytrace=False)
        pytest.skip(message)


def source_ext(compiler):
    return ".cpp" if compiler.endswith("++") else ".c"


class Result:
    def __init__(self, proc, outputs):
        self.returncode = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.outputs = outputs  # path -> bytes or None

    def same_as(self, other):
        return (self.returncode, self.stdout, self.stderr, self.outputs) == (
            other.returncode, other.stdout, other.stderr, other.outputs)

    def __repr__(self):
        return f"Result(rc={self.returncode}, stderr={self.stderr[:300]!r}, outputs={ {k: (len(v) if isinstance(v, bytes) else v) for k, v in self.outputs.items()} })"


class Env:
    def __init__(self, root):
        self.root = root
        self.work = root / "work"
        self.work.mkdir()
        self.cache = root / "cache"
        self.ordered_journal = False  # see run()
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(root),
            "LANG": "C",
            "ZCCACHE_CACHE_DIR": str(self.cache),
            "ZCCACHE_IDLE_TIMEOUT_SECS": "120",
        }
        # A sanitizer build's settings reach the client and the daemon it starts.
        for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "TSAN_OPTIONS"):
            if name in os.environ:
                self.env[name] = os.environ[name]

    # Files ---------------------------------------------------------------
    def write(self, rel, text, settle=True):
        path = self.work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        if settle:
            time.sleep(SETTLE_SECONDS)
        return path

    # Running -------------------------------------------------------------
    def run(self, argv, env=None, cwd=None, **kw):
        full_env = dict(self.env)
        full_env.update(env or {})
        compiles = bool(argv) and argv[0] == ZCCACHE and len(argv) > 1 and argv[1] not in CLI_COMMANDS
        before = self.journal_length() if compiles and self.ordered_journal else 0
        proc = subprocess.run(argv, cwd=cwd or self.work, env=full_env, capture_output=True, **kw)
        if compiles and self.ordered_journal:
            # The daemon journals a compile after its reply; wait, so that lines follow run order.
            wait_until(lambda: self.journal_length() > before, timeout=3.0, interval=0.001)
        return proc

    def journal_length(self):
        path = self.cache / "logs" / "compile_journal.jsonl"
        return path.read_bytes().count(b"\n") if path.exists() else 0

    def zccache(self, *args, env=None, **kw):
        return self.run([ZCCACHE, *args], env=env, **kw)

    def compile(self, argv, outputs, via_cache, env=None, cwd=None):
        """Runs a compile (bare or through zccache) after removing `outputs`; returns a Result."""
        base = cwd or self.work
        for out in outputs:
            (base / out).unlink(missing_ok=True)
        proc = self.run(([ZCCACHE] if via_cache else []) + argv, env=env, cwd=cwd)
        got = {}
        for out in outputs:
            p = base / out
            got[out] = p.read_bytes() if p.exists() else None
        return Result(proc, got)

    def status(self):
        proc = self.zccache("status", "--json")
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    def counters(self):
        s = self.status()
        return {k: s[k] for k in ("hits", "misses", "errors", "uncacheable", "not_stored")}

    def reasons(self):
        return self.status()["uncacheable_reasons"]

    def stop(self):
        self.zccache("stop")

    def daemon_pid(self):
        return self.status()["pid"]


def wait_until(predicate, timeout=10.0, interval=0.05):
    """Polls `predicate` until it holds or `timeout` seconds pass; returns its last value."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


@pytest.fixture
def zc(tmp_path):
    env = Env(tmp_path)
    yield env
    env.stop()


def assert_cached_like_bare(zc, argv, outputs, env=None, expect_hit=True):
    """Bare compile, then a miss and a hit through zccache: all three give the same result."""
    bare = zc.compile(argv, outputs, via_cache=False, env=env)
    before = zc.counters()
    miss = zc.compile(argv, outputs, via_cache=True, env=env)
    assert miss.same_as(bare), f"miss differs from bare:\n{miss}\n{bare}"
    hit = zc.compile(argv, outputs, via_cache=True, env=env)
    assert hit.same_as(bare), f"hit differs from bare:\n{hit}\n{bare}"
    after = zc.counters()
    if expect_hit:
        assert after["hits"] == before["hits"] + 1, (before, after)
        assert after["misses"] == before["misses"] + 1, (before, after)
    return bare


def cached_equals_bare(zc, argv, outputs, what="", env=None, cwd=None):
    """One compile through the cache, then one bare, compared (outputs, messages, exit code);
    returns whether the cached one was a hit. For checking a result after a hidden change."""
    hits = zc.counters()["hits"]
    got = zc.compile(argv, outputs, via_cache=True, env=env, cwd=cwd)
    bare = zc.compile(argv, outputs, via_cache=False, env=env, cwd=cwd)
    assert bare.returncode == 0, bare.stderr
    assert got.same_as(bare), f"{what}: served {got}, bare gave {bare}"
    return zc.counters()["hits"] > hits

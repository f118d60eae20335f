"""A hostile local user against the client: whatever waits at the endpoint, the client sends it
nothing unless it is this user's own daemon, and the build still gets the bare compiler's
result. A client that sees another filesystem (another mount namespace) is not served either."""

import os
import pathlib
import shutil
import signal
import subprocess
import tempfile
import time

import pytest

from conftest import ZCCACHE, needs_tools, wait_until

pytestmark = [pytest.mark.skipif(os.getuid() != 0, reason="needs root to act as two other users"),
              needs_tools("setpriv", "unshare")]

ATTACKER = 65534  # nobody
# A listener that records every byte any client sends it.
LISTENER = """
import os, socket, sys
path, record = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX)
s.bind(path)
os.chmod(path, 0o777)
s.listen(16)
print("ready", flush=True)
while True:
    c, _ = s.accept()
    c.settimeout(1.0)
    try:
        while True:
            chunk = c.recv(65536)
            if not chunk:
                break
            with open(record, "ab") as f:
                f.write(chunk)
    except OSError:
        pass
    c.close()
"""


def as_user(uid):
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--"]


class Scene:
    """A victim user with a home, an attacker's drop directory, and the victim's default endpoint."""

    def __init__(self):
        self.victim = 40000 + os.getpid() % 20000
        self.home = pathlib.Path(tempfile.mkdtemp(prefix="zc-victim-"))
        os.chown(self.home, self.victim, self.victim)
        self.drop = pathlib.Path(tempfile.mkdtemp(prefix="zc-attacker-"))
        os.chown(self.drop, ATTACKER, ATTACKER)
        os.chmod(self.drop, 0o777)
        self.record = self.drop / "received"
        self.endpoint_dir = pathlib.Path(f"/tmp/zccache-{self.victim}")
        self.listeners = []
        self.remove_endpoint_dir()

    def remove_endpoint_dir(self):
        if self.endpoint_dir.is_symlink() or self.endpoint_dir.is_file():
            self.endpoint_dir.unlink()
        shutil.rmtree(self.endpoint_dir, ignore_errors=True)

    def listen(self, path, uid):
        proc = subprocess.Popen(as_user(uid) + ["/usr/bin/python3", "-c", LISTENER, str(path), str(self.record)],
                                stdout=subprocess.PIPE)
        assert proc.stdout.readline() == b"ready\n"
        self.listeners.append(proc)

    def received(self):
        return self.record.read_bytes() if self.record.exists() else b""

    def compile(self, cached, env=None, output="a.o"):
        (self.home / "a.c").write_text("int secret_free(int x) { return x * 7; }\n")
        os.chown(self.home / "a.c", self.victim, self.victim)
        time.sleep(0.05)
        full_env = {"PATH": os.environ["PATH"], "HOME": str(self.home), "LANG": "C", **(env or {})}
        argv = ([ZCCACHE] if cached else []) + ["gcc", "-c", "a.c", "-o", output]
        return subprocess.run(as_user(self.victim) + argv, cwd=self.home, env=full_env, capture_output=True)

    def close(self):
        for proc in self.listeners:
            proc.kill()
            proc.wait()
        stop = {"PATH": os.environ["PATH"], "HOME": str(self.home)}
        subprocess.run(as_user(self.victim) + [ZCCACHE, "stop"], cwd=self.home, env=stop, capture_output=True)
        self.remove_endpoint_dir()
        shutil.rmtree(self.home, ignore_errors=True)
        shutil.rmtree(self.drop, ignore_errors=True)


@pytest.fixture
def scene():
    s = Scene()
    yield s
    s.close()


def assert_refused_and_built_bare(scene, env=None):
    bare = scene.compile(cached=False, env=env, output="bare.o")
    assert bare.returncode == 0, bare.stderr
    got = scene.compile(cached=True, env=env)
    assert got.returncode == 0, got.stderr
    assert (scene.home / "a.o").read_bytes() == (scene.home / "bare.o").read_bytes()
    assert got.stdout == b""
    lines = got.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("zccache: daemon unavailable (refusing the endpoint"), lines
    time.sleep(0.2)  # a listener that got anything has written it by now
    assert scene.received() == b"", "the client sent something to an endpoint it does not own"
    return lines[0]


def test_endpoint_directory_created_first_by_another_user(scene):
    scene.endpoint_dir.mkdir()
    os.chown(scene.endpoint_dir, ATTACKER, ATTACKER)
    os.chmod(scene.endpoint_dir, 0o777)
    scene.listen(scene.endpoint_dir / "sock-v1", ATTACKER)
    assert "belongs to another user" in assert_refused_and_built_bare(scene)


def test_endpoint_directory_is_a_symlink_to_another_users_directory(scene):
    scene.listen(scene.drop / "sock-v1", ATTACKER)
    scene.endpoint_dir.symlink_to(scene.drop)
    os.lchown(scene.endpoint_dir, ATTACKER, ATTACKER)
    assert "is not a directory" in assert_refused_and_built_bare(scene)


def test_own_endpoint_directory_left_writable_to_others(scene):
    scene.endpoint_dir.mkdir()
    os.chown(scene.endpoint_dir, scene.victim, scene.victim)
    os.chmod(scene.endpoint_dir, 0o777)
    scene.listen(scene.endpoint_dir / "sock-v1", ATTACKER)
    assert "writable by other users" in assert_refused_and_built_bare(scene)


def test_endpoint_variable_pointing_into_another_users_directory(scene):
    scene.listen(scene.drop / "sock", ATTACKER)
    line = assert_refused_and_built_bare(scene, env={"ZCCACHE_ENDPOINT": str(scene.drop / "sock")})
    assert "belongs to another user" in line


def test_listener_of_another_uid_in_a_private_directory_of_ours(scene):
    # Only the peer's credentials can tell: the directory is the victim's own and private.
    scene.endpoint_dir.mkdir(mode=0o700)
    os.chown(scene.endpoint_dir, scene.victim, scene.victim)
    scene.listen(scene.endpoint_dir / "sock-v1", 0)
    assert "served by uid 0" in assert_refused_and_built_bare(scene)


def test_own_daemon_is_still_used(scene):
    got = scene.compile(cached=True)
    assert got.returncode == 0 and got.stderr == b"", got.stderr
    again = scene.compile(cached=True)
    assert again.returncode == 0 and again.stderr == b""
    status = subprocess.run(as_user(scene.victim) + [ZCCACHE, "status"], cwd=scene.home,
                            env={"PATH": os.environ["PATH"], "HOME": str(scene.home)}, capture_output=True, text=True)
    assert "hits:          1" in status.stdout, status.stdout


def test_client_in_another_mount_namespace_is_not_served(zc):
    """A sandbox that shares the socket sees other files: an include directory mounted over in its
    namespace must give the sandbox's object, compiled there, and nothing enters the cache."""
    zc.write("inc/v.h", "#define V 1\n")
    zc.write("a.c", '#include "v.h"\nint v(void) { return V; }\n')
    argv = ["gcc", "-Iinc", "-c", "a.c", "-o", "a.o"]
    assert zc.run([ZCCACHE, *argv]).returncode == 0
    assert zc.run([ZCCACHE, *argv]).returncode == 0
    before = zc.counters()
    assert before["hits"] == 1
    script = f"""set -e
mount -t tmpfs tmpfs inc
printf '#define V 2\\n' > inc/v.h
sleep 0.05
gcc -Iinc -c a.c -o bare.o
{ZCCACHE} gcc -Iinc -c a.c -o a.o
"""
    probe = zc.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", "mount -t tmpfs tmpfs inc"])
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs in a new mount namespace here: {probe.stderr!r}")
    got = zc.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script])
    assert got.returncode == 0, got.stderr
    assert b"does not serve a client in another mount namespace" in got.stderr, got.stderr
    assert (zc.work / "a.o").read_bytes() == (zc.work / "bare.o").read_bytes()
    # Outside, the header is still V 1: the cached object is still right here.
    bare_outside = zc.compile(argv, ["a.o"], via_cache=False)
    hit = zc.compile(argv, ["a.o"], via_cache=True)
    assert hit.same_as(bare_outside)
    after = zc.counters()
    assert (after["hits"], after["misses"]) == (before["hits"] + 1, before["misses"])
    assert wait_until(lambda: "another mount namespace" in (zc.cache / "logs" / "daemon.log").read_text())


# A daemon of our own uid that answers every compile "uncacheable", naming a program to run
# (what an older reply format carried). The client must run the compiler the user named.
FAKE_DAEMON = """
import os, socket, sys
path, program = sys.argv[1], sys.argv[2].encode()
def s(text):
    return bytes([0xA0 | len(text)]) + text if len(text) < 32 else bytes([0xD9, len(text)]) + text
body = (bytes([0x93, 0x01]) + s(b"CompileResult") + bytes([0x83]) + s(b"outcome") + s(b"uncacheable")
        + s(b"reason") + s(b"preprocessing") + s(b"passthrough_compiler") + s(program))
srv = socket.socket(socket.AF_UNIX)
srv.bind(path)
srv.listen(4)
print("ready", flush=True)
while True:
    c, _ = srv.accept()
    c.recv(1 << 20)
    c.sendall(len(body).to_bytes(4, "little") + body)
    c.close()
"""


def test_a_reply_never_names_the_program_the_client_runs(zc):
    marker = zc.root / "planted-program-ran"
    planted = zc.root / "planted"
    planted.write_text(f"#!/bin/sh\ntouch {marker}\n")
    planted.chmod(0o755)
    zc.cache.mkdir(mode=0o700)
    sock = zc.cache / "daemon-v1.sock"
    fake = subprocess.Popen(["/usr/bin/python3", "-c", FAKE_DAEMON, str(sock), str(planted)], stdout=subprocess.PIPE)
    try:
        assert fake.stdout.readline() == b"ready\n"
        zc.write("a.c", "int a(void) { return 3; }\n")
        bare = zc.compile(["gcc", "-c", "a.c", "-o", "a.o"], ["a.o"], via_cache=False)
        got = zc.compile(["gcc", "-c", "a.c", "-o", "a.o"], ["a.o"], via_cache=True)
        assert got.same_as(bare), got
        assert not marker.exists()
    finally:
        fake.kill()
        fake.wait()

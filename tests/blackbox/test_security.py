"""The socket and cache belong to the user; nobody else gets in."""

import os
import pathlib
import shutil
import stat
import subprocess
import tempfile

import pytest

from conftest import needs_tools, ZCCACHE

pytestmark = [pytest.mark.skipif(os.getuid() != 0, reason="needs root to act as another user"),
              needs_tools("setpriv")]

AS_NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]


def builds_uncached_without_writing_to(zc, refused):
    """A compile falls back to the bare compiler with one warning and writes nothing in `refused`."""
    zc.write("a.c", "int a(void) { return 1; }\n")
    out = zc.run([ZCCACHE, "gcc", "-c", "a.c", "-o", "a.o"])
    assert out.returncode == 0 and (zc.work / "a.o").exists()
    assert b"daemon unavailable" in out.stderr
    assert sorted(p.name for p in refused.iterdir() if not p.name.startswith("daemon-v1.sock")) == []


def test_socket_directory_is_private(zc):
    zc.zccache("start")
    mode = stat.S_IMODE(os.stat(zc.cache).st_mode)
    assert mode == 0o700
    sock = zc.cache / "daemon-v1.sock"
    assert stat.S_ISSOCK(os.stat(sock).st_mode)
    assert stat.S_IMODE(os.stat(sock).st_mode) & 0o077 == 0


def test_default_endpoint_directory_is_private(zc):
    env = {"ZCCACHE_CACHE_DIR": "", "XDG_RUNTIME_DIR": str(zc.root / "run")}
    try:
        assert zc.zccache("start", env=env).returncode == 0
        d = zc.root / "run" / "zccache"
        assert stat.S_IMODE(os.stat(d).st_mode) == 0o700
        assert (d / "sock-v1").exists()
    finally:
        zc.zccache("stop", env=env)


def test_another_uid_is_refused_even_with_open_permissions(zc):
    # pytest's temp dirs are closed to other users, so the socket goes where they can reach it.
    endpoint_dir = tempfile.mkdtemp(prefix="zc-sec-")
    sock = os.path.join(endpoint_dir, "sock")
    zc.env["ZCCACHE_ENDPOINT"] = sock
    zc.zccache("start")
    before = zc.status()
    # Open the way on purpose: only the daemon's SO_PEERCRED check is left to say no.
    os.chmod(endpoint_dir, 0o755)
    os.chmod(sock, 0o777)
    probe = """
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
body = bytes([0x93, 0x01, 0xA6]) + b"Status" + bytes([0x80])
try:
    s.sendall(len(body).to_bytes(4, "little") + body)
    data = s.recv(100)
except (BrokenPipeError, ConnectionResetError):  # closed on us before or after our request
    data = b""
print("GOT", len(data))
"""
    r = subprocess.run(AS_NOBODY + ["/usr/bin/python3", "-c", probe, sock],
                       capture_output=True, text=True)
    assert "GOT 0" in r.stdout, (r.stdout, r.stderr)
    log = (zc.cache / "logs" / "daemon.log").read_text()
    assert "refused a connection from another user" in log
    assert zc.status()["hits"] == before["hits"]
    zc.stop()
    shutil.rmtree(endpoint_dir, ignore_errors=True)


def test_another_uid_cannot_use_the_socket_but_still_builds(zc):
    zc.zccache("start")
    shared = zc.root / "shared"
    shared.mkdir()
    os.chmod(zc.root, 0o755)
    (shared / "a.c").write_text("int a;\n")
    os.chown(shared, 65534, 65534)
    env = {"PATH": os.environ["PATH"], "HOME": str(shared), "ZCCACHE_ENDPOINT": str(zc.cache / "daemon-v1.sock")}
    r = subprocess.run(AS_NOBODY + [ZCCACHE, "gcc", "-c", "a.c", "-o", "a.o"], cwd=shared, env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith("zccache: daemon unavailable")
    assert (shared / "a.o").exists()
    assert zc.counters()["misses"] == 0 and zc.counters()["hits"] == 0


@pytest.mark.parametrize("planted", ["logs", "tmp", "artifacts", "index", "."])
def test_planted_symlinks_in_the_cache_are_never_followed(tmp_path, planted):
    """A cache directory (or one of its subdirectories) that is a symlink, as someone with
    write access to its parent could plant: the daemon refuses it, builds still succeed
    uncached, and nothing is written through the link."""
    from conftest import Env
    zc = Env(tmp_path)
    victim = tmp_path / "victim"
    victim.mkdir()
    if planted == ".":
        zc.cache.symlink_to(victim)
    else:
        zc.cache.mkdir(mode=0o700)
        (zc.cache / planted).symlink_to(victim)
    try:
        builds_uncached_without_writing_to(zc, victim)
    finally:
        zc.stop()


def test_a_cache_directory_of_another_user_is_refused(zc):
    zc.cache.mkdir(mode=0o700)
    os.chown(zc.cache, 65534, 65534)
    builds_uncached_without_writing_to(zc, zc.cache)


def test_a_cache_root_planted_as_a_symlink_by_another_user_is_refused(tmp_path):
    """The cache root under a shared sticky directory (like /tmp), where another user created
    it first as a symlink to a directory of theirs: nothing is written through it."""
    from conftest import Env
    zc = Env(tmp_path)
    # pytest's temp dirs are closed to other users: the shared directory goes where they can reach it.
    shared = pathlib.Path(tempfile.mkdtemp(prefix="zc-shared-"))
    shared.chmod(0o1777)
    victim = shared / "victim"
    planted = shared / "zccache-cache"
    subprocess.run(AS_NOBODY + ["mkdir", "-m", "0777", str(victim)], check=True)
    subprocess.run(AS_NOBODY + ["ln", "-s", str(victim), str(planted)], check=True)
    assert planted.is_symlink() and planted.lstat().st_uid == 65534
    zc.env["ZCCACHE_CACHE_DIR"] = str(planted)
    try:
        builds_uncached_without_writing_to(zc, victim)
    finally:
        zc.stop()
        shutil.rmtree(shared, ignore_errors=True)

"""Sessions count a build's compiles apart, with their own journal and log."""

import json
import re
import time

from conftest import ZCCACHE


def start(zc, *flags):
    r = zc.zccache("session-start", *flags)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["session_id"]


def summary(zc, command, sid):
    r = zc.zccache(command, sid, "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_two_concurrent_sessions_count_separately(zc):
    zc.write("a.c", "int a;\n")
    zc.write("b.c", "int b;\n")
    s1, s2 = start(zc), start(zc)
    assert s1 != s2
    zc.zccache("gcc", "-c", "a.c", env={"ZCCACHE_SESSION_ID": s1})
    zc.zccache("gcc", "-c", "a.c", env={"ZCCACHE_SESSION_ID": s1})
    zc.zccache("gcc", "-E", "a.c", env={"ZCCACHE_SESSION_ID": s1})
    zc.zccache("gcc", "-c", "b.c", env={"ZCCACHE_SESSION_ID": s2})
    zc.zccache("gcc", "-c", "b.c")  # no session
    first = summary(zc, "session-stats", s1)
    assert (first["compiles"], first["hits"], first["misses"], first["uncacheable"]) == (3, 1, 1, 1)
    assert first["uncacheable_reasons"] == {"preprocessing": 1}
    assert first["time_spent_ns"] > 0 and first["time_saved_ns"] > 0
    second = summary(zc, "session-end", s2)
    assert (second["compiles"], second["hits"], second["misses"]) == (1, 0, 1)
    assert zc.status()["open_sessions"] == 1
    final = summary(zc, "session-end", s1)
    assert final["compiles"] == 3
    assert zc.status()["open_sessions"] == 0


def test_session_ids_are_distinct_version_4_uuids(zc):
    ids = {start(zc) for _ in range(20)}
    assert len(ids) == 20
    for sid in ids:
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", sid), sid
        zc.zccache("session-end", sid)


def test_eval_form_exports_the_session_id(zc):
    zc.write("a.c", "int a;\n")
    script = f'eval "$({ZCCACHE} session-start --stats)"; {ZCCACHE} gcc -c a.c; {ZCCACHE} session-end "$ZCCACHE_SESSION_ID" --json'
    r = zc.run(["bash", "-c", script])
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["misses"] == 1


def test_session_end_right_after_a_compile_counts_it(zc):
    # The compile's records are written after its reply: the summary must wait for them.
    zc.write("a.c", "int a;\n")
    for round in range(20):
        sid = start(zc)
        zc.zccache("gcc", "-c", "a.c", env={"ZCCACHE_SESSION_ID": sid})
        final = summary(zc, "session-end", sid)
        assert final["compiles"] == 1, (round, final)
        assert final["hits"] + final["misses"] == 1


def test_session_journal_and_log(zc):
    zc.ordered_journal = True  # each compile's lines are written before the next compile starts
    zc.write("a.c", "int a;\n")
    sid = start(zc, "--journal", "build.jsonl", "--log", "build.log")
    zc.zccache("gcc", "-c", "a.c", env={"ZCCACHE_SESSION_ID": sid})
    zc.zccache("gcc", "-c", "a.c", env={"ZCCACHE_SESSION_ID": sid})
    zc.zccache("gcc", "-c", "a.c")  # not in this session
    summary(zc, "session-end", sid)
    lines = [json.loads(l) for l in (zc.work / "build.jsonl").read_text().splitlines()]
    # Lines are written after each reply, so the next compile's line may come first.
    assert sorted(l["outcome"] for l in lines) == ["hit", "miss"]
    assert all(l["session_id"] == sid for l in lines)
    log = (zc.work / "build.log").read_text().splitlines()
    assert len(log) == 2 and log[0].startswith("miss") and log[1].startswith("hit")


def test_journal_must_be_jsonl(zc):
    r = zc.zccache("session-start", "--journal", "build.json")
    assert r.returncode == 2 and b".jsonl" in r.stderr


def test_unknown_session_is_an_error(zc):
    zc.zccache("start")
    for command in ("session-stats", "session-end"):
        r = zc.zccache(command, "nope")
        assert r.returncode == 2 and b"unknown session 'nope'" in r.stderr


def test_open_session_keeps_the_daemon_alive_past_the_idle_timeout(zc):
    zc.env["ZCCACHE_IDLE_TIMEOUT_SECS"] = "1"
    sid = start(zc)
    pid = zc.status()["pid"]
    time.sleep(2.5)
    assert zc.status()["pid"] == pid
    summary(zc, "session-end", sid)


def test_session_end_releases_the_journal_file(zc):
    import os
    sid = start(zc, "--journal", "s.jsonl", "--log", "s.log")
    pid = zc.status()["pid"]

    def open_files():
        fd_dir = f"/proc/{pid}/fd"
        return {os.readlink(os.path.join(fd_dir, fd)) for fd in os.listdir(fd_dir)}

    assert str(zc.work / "s.jsonl") in open_files() and str(zc.work / "s.log") in open_files()
    summary(zc, "session-end", sid)
    assert str(zc.work / "s.jsonl") not in open_files() and str(zc.work / "s.log") not in open_files()

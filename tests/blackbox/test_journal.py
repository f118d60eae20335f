"""The compile journal: one JSON line per compile, with a documented miss reason."""

import json
import os
import pathlib
import re
import subprocess

import jsonschema

from conftest import ZCCACHE

FIELDS = {"ts", "outcome", "compiler", "args", "cwd", "exit_code", "session_id", "latency_ns"}
SCHEMA = json.loads((pathlib.Path(__file__).parents[2] / "docs" / "journal.schema.json").read_text())


def journal(zc):
    path = zc.cache / "logs" / "compile_journal.jsonl"
    import time
    time.sleep(0.05)  # written just after the reply
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_every_outcome_is_journaled_with_its_reason(zc):
    zc.ordered_journal = True  # each line is written after its reply: wait for it before the next compile
    zc.write("inc/h.h", "#define H 1\n")
    zc.write("a.c", '#include "h.h"\nint a(void) { return H; }\n')
    zc.write("bad.c", "int b(void) { return nope; }\n")
    zc.write("t.c", "const char* t = __TIME__;\n")
    zc.zccache("gcc", "-Iinc", "-c", "a.c", "-o", "a.o")            # miss: context_not_found
    zc.zccache("gcc", "-Iinc", "-c", "a.c", "-o", "a.o")            # hit
    zc.write("inc/h.h", "#define H 2\n")
    zc.zccache("gcc", "-Iinc", "-c", "a.c", "-o", "a.o")            # miss: input_fingerprint_mismatch
    for blob in (zc.cache / "artifacts").rglob("*"):
        if blob.is_file():
            os.chmod(blob, 0o644)
            blob.write_bytes(b"broken")
    zc.zccache("gcc", "-Iinc", "-c", "a.c", "-o", "a.o")            # miss: no_artifact_for_key
    zc.zccache("gcc", "-c", "bad.c")                                # error
    zc.zccache("gcc", "-E", "a.c")                                  # uncacheable: preprocessing
    zc.zccache("gcc", "-c", "t.c")                                  # uncacheable input: __TIME__
    lines = journal(zc)
    assert [(l["outcome"], l.get("miss_reason"), l.get("uncacheable_reason")) for l in lines] == [
        ("miss", "context_not_found", None),
        ("hit", None, None),
        ("miss", "input_fingerprint_mismatch", None),
        ("miss", "no_artifact_for_key", None),
        ("error", None, None),
        ("uncacheable", "uncacheable_input", "preprocessing"),
        ("uncacheable", "uncacheable_input", "time_macros"),
    ]
    for line in lines:
        jsonschema.validate(line, SCHEMA)
        assert FIELDS <= line.keys(), line
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["ts"])
        assert line["compiler"].endswith("/gcc")
        assert line["cwd"] == str(zc.work)
        assert line["session_id"] is None
        assert isinstance(line["latency_ns"], int) and line["latency_ns"] > 0
    assert lines[0]["args"] == ["-Iinc", "-c", "a.c", "-o", "a.o"]
    assert lines[0]["exit_code"] == 0 and lines[4]["exit_code"] == 1
    assert lines[5]["exit_code"] is None


def test_env_lists_only_keyed_variables_that_differ_from_the_daemons(zc):
    zc.write("a.c", "int a;\n")
    zc.zccache("start")  # the daemon's own environment has no CPATH
    zc.zccache("gcc", "-c", "a.c", env={"CPATH": "/opt/include", "SECRET_TOKEN": "hunter2"})
    zc.zccache("gcc", "-c", "a.c")
    lines = journal(zc)
    assert lines[0]["env"] == [["CPATH", "/opt/include"]]  # [name, value] pairs, as the Rust zccache
    assert "env" not in lines[1]  # LANG=C is the daemon's own too
    for line in lines:
        jsonschema.validate(line, SCHEMA)
    assert "hunter2" not in (zc.cache / "logs" / "compile_journal.jsonl").read_text()


def test_replaying_the_journal_reproduces_the_build(zc):
    for i in range(5):
        zc.write(f"src/f{i}.c", f"int f{i}(int x) {{ return x + {i}; }}\n")
    (zc.work / "obj").mkdir()
    for i in range(5):
        assert zc.zccache("gcc", "-O2", "-c", f"src/f{i}.c", "-o", f"obj/f{i}.o").returncode == 0
    built = {p.name: p.read_bytes() for p in (zc.work / "obj").iterdir()}
    for p in (zc.work / "obj").iterdir():
        p.unlink()
    for line in journal(zc):
        subprocess.run([line["compiler"], *line["args"]], cwd=line["cwd"], check=True)
    assert {p.name: p.read_bytes() for p in (zc.work / "obj").iterdir()} == built


def test_session_id_from_the_environment_is_recorded(zc):
    zc.write("a.c", "int a;\n")
    zc.zccache("gcc", "-c", "a.c", env={"ZCCACHE_SESSION_ID": "abc123"})
    assert journal(zc)[0]["session_id"] == "abc123"  # a build's own label, as given
    jsonschema.validate(journal(zc)[0], SCHEMA)


def test_a_session_started_by_the_daemon_has_a_version_4_uuid(zc):
    zc.write("a.c", "int a;\n")
    session = json.loads(zc.zccache("session-start").stdout)["session_id"]
    zc.zccache("gcc", "-c", "a.c", env={"ZCCACHE_SESSION_ID": session})
    zc.zccache("session-end", session)
    line = journal(zc)[0]
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", line["session_id"]), line
    jsonschema.validate(line, SCHEMA)


def test_journal_is_rotated_by_size(zc):
    zc.env["ZCCACHE_JOURNAL_MAX_BYTES"] = "2K"
    zc.write("a.c", "int a;\n")
    for _ in range(20):
        zc.zccache("gcc", "-c", "a.c")
    import time
    time.sleep(0.05)
    logs = zc.cache / "logs"
    current, previous = logs / "compile_journal.jsonl", logs / "compile_journal.jsonl.1"
    assert previous.exists() and current.stat().st_size <= 2048 and previous.stat().st_size <= 2048
    for path in (current, previous):
        for line in path.read_text().splitlines():
            assert json.loads(line)["outcome"] in ("hit", "miss")

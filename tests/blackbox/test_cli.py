"""Subcommands, flags and masquerade mode."""

import json
import os
import pathlib
import re

from conftest import BIN_DIR, CLI_COMMANDS, ZCCACHE, assert_cached_like_bare


def test_version(zc):
    r = zc.zccache("--version")
    assert r.returncode == 0 and r.stdout.startswith(b"zccache ")


def test_unknown_subcommand_and_bad_flags_exit_2_with_one_line(zc):
    for argv in (["--frobnicate"], ["no-such-compiler-or-command"], ["status", "--bogus"]):
        r = zc.zccache(*argv)
        assert r.returncode == 2, (argv, r)
        assert len(r.stderr.decode().strip().splitlines()) == 1, (argv, r.stderr)
        assert r.stderr.startswith(b"zccache: ")


def test_a_mistyped_or_missing_command_is_not_sent_to_the_daemon(zc):
    for argv, says in ((["fp", "--cache-file", "f.json", "check"], b"'fp' is a command of the Rust zccache"),
                       (["download", "https://example.invalid/x"], b"'download' is a command of the Rust zccache"),
                       (["stauts", "--json"], b"did you mean 'status'?"),
                       (["sesion-end", "1"], b"did you mean 'session-end'?"),
                       (["--strict-paths=absolute", "satrt"], b"did you mean 'start'?")):
        r = zc.zccache(*argv)
        assert r.returncode == 2, (argv, r)
        assert r.stderr.startswith(b"zccache: ") and says in r.stderr, (argv, r.stderr)
        assert len(r.stderr.splitlines()) == 1, r.stderr
    assert not (zc.cache / "logs").exists(), "no daemon was started or asked"


def test_a_tool_named_like_a_command_still_compiles_through_the_cache(zc):
    # `ar` is one edit from nothing we have, `warmm` one from `warm`: on PATH, both are tools.
    tools = zc.root / "tools"
    tools.mkdir()
    (tools / "warmm").symlink_to(os.path.realpath("/usr/bin/gcc"))
    zc.write("a.c", "int a(void) { return 1; }\n")
    env = {"PATH": f"{tools}:{zc.env['PATH']}"}
    assert_cached_like_bare(zc, ["warmm", "-c", "a.c", "-o", "a.o"], ["a.o"], env=env)
    r = zc.zccache("ar", "rcs", "lib.a", "a.o")
    assert r.returncode == 0 and (zc.work / "lib.a").exists(), r


def variables_the_code_reads():
    """Every ZCCACHE_ variable named in src/, but the recorder's own channel."""
    names = set()
    for path in (pathlib.Path(__file__).parents[2] / "src").rglob("*.[ch]*"):
        names.update(re.findall(r'"(ZCCACHE_[A-Z_]+)', path.read_text()))
    return names - {"ZCCACHE_OPEN_LOG"}


def test_help_lists_every_subcommand_and_every_setting(zc):
    subcommands = sorted(CLI_COMMANDS - {"--version", "--help"})
    for argv in (["--help"], ["-h"], ["help"]):
        r = zc.zccache(*argv)
        assert r.returncode == 0, (argv, r.stderr)
        text = r.stdout.decode()
        missing = [name for name in subcommands if f"\n  {name} " not in text]
        assert not missing, (argv, missing)
        missing = [name for name in sorted(variables_the_code_reads()) if name not in text]
        assert not missing, (argv, missing)
        assert "--strict-paths=off|consistent|absolute" in text


def test_daemon_help_prints_help_and_starts_nothing(zc):
    daemon = str(BIN_DIR / "zccache-daemon")
    for flag in ("--help", "-h"):
        r = zc.run([daemon, flag], timeout=10)
        assert r.returncode == 0 and r.stdout.startswith(b"usage: zccache-daemon"), r
    r = zc.run([daemon, "--version"], timeout=10)
    assert r.returncode == 0 and r.stdout.startswith(b"zccache-daemon ")
    r = zc.run([daemon, "--frobnicate"], timeout=10)
    assert r.returncode == 2 and b"unknown argument '--frobnicate'" in r.stderr
    assert not (zc.cache / "logs" / "daemon.log").exists()


def test_no_arguments_prints_usage_and_exits_2(zc):
    r = zc.zccache()
    assert r.returncode == 2 and b"usage" in r.stderr


def test_status_text_and_json(zc):
    zc.write("a.c", "int a;\n")
    zc.zccache("gcc", "-c", "a.c")
    zc.zccache("gcc", "-c", "a.c")
    zc.zccache("gcc", "-E", "a.c")
    text = zc.zccache("status").stdout.decode()
    assert "hits:          1" in text and "preprocessing" in text and "running" in text
    status = json.loads(zc.zccache("status", "--json").stdout)
    assert status["hits"] == 1 and status["misses"] == 1 and status["uncacheable"] == 1
    assert status["uncacheable_reasons"] == {"preprocessing": 1}
    assert status["entries"] == 1 and status["artifact_bytes"] > 0
    assert status["cache_root"] == str(zc.cache)


def test_clear_empties_the_cache(zc):
    zc.write("a.c", "int a;\n")
    zc.zccache("gcc", "-c", "a.c")
    assert zc.zccache("clear").returncode == 0
    status = zc.status()
    assert status["entries"] == 0 and status["hits"] == 0 and status["misses"] == 0
    assert list((zc.cache / "artifacts").iterdir()) == []
    zc.zccache("gcc", "-c", "a.c")
    assert zc.counters()["misses"] == 1


def test_clear_without_daemon(zc):
    zc.write("a.c", "int a;\n")
    zc.zccache("gcc", "-c", "a.c")
    zc.stop()
    assert zc.zccache("clear").returncode == 0
    assert zc.status()["entries"] == 0


def test_start_and_stop(zc):
    assert zc.zccache("start").returncode == 0
    assert zc.status()["daemon_running"] is True
    assert zc.zccache("stop").returncode == 0
    assert zc.status()["daemon_running"] is False


def test_config_lists_every_setting_with_its_origin(zc):
    out = zc.zccache("config").stdout.decode()
    assert "ZCCACHE_CACHE_DIR" in out and "environment" in out
    assert "ZCCACHE_IDLE_TIMEOUT_SECS" in out


def test_masquerade_symlinks(zc):
    links = zc.root / "masq"
    links.mkdir()
    for name in ("gcc", "g++", "cc", "c++", "clang", "clang++"):
        os.symlink(ZCCACHE, links / name)
    zc.env["PATH"] = f"{links}:{zc.env['PATH']}"
    zc.write("a.c", "int a(void) { return 2; }\n")
    zc.write("b.cpp", "int b() { return 3; }\n")
    for compiler, src in (("gcc", "a.c"), ("cc", "a.c"), ("clang", "a.c"), ("g++", "b.cpp"), ("c++", "b.cpp"),
                          ("clang++", "b.cpp")):
        obj = compiler.replace("+", "x") + ".o"
        # The bare compile must bypass the symlinks.
        bare_env = {"PATH": os.environ["PATH"]}
        bare = zc.compile([compiler, "-c", src, "-o", obj], [obj], via_cache=False, env=bare_env)
        for _ in range(2):
            masq = zc.compile([compiler, "-c", src, "-o", obj], [obj], via_cache=False)
            assert masq.same_as(bare), (compiler, masq, bare)
    # cc and c++ are gcc and g++ under other names: the same compiles, so both of theirs hit.
    assert zc.counters()["hits"] == 8


def test_wrapper_with_compiler_by_path(zc):
    import shutil
    zc.write("a.c", "int a;\n")
    assert_cached_like_bare(zc, [shutil.which("gcc"), "-c", "a.c", "-o", "a.o"], ["a.o"])


def test_status_counts_since_start_and_since_clear(zc):
    zc.write("a.c", "int a;\n")
    zc.zccache("gcc", "-c", "a.c")
    zc.zccache("gcc", "-c", "a.c")
    zc.stop()
    zc.zccache("gcc", "-c", "a.c")
    status = zc.status()
    assert status["hits"] == 2 and status["misses"] == 1          # since the cache was created
    assert status["since_start"] == {"hit": 1}                     # this daemon's
    assert status["hit_rate_since_start"] == 100.0
    assert "since the daemon started" in zc.zccache("status").stdout.decode()


def test_config_file_sets_daemon_settings_and_the_environment_wins(zc):
    zc.cache.mkdir(mode=0o700)
    (zc.cache / "config.toml").write_text('cache_size_bytes = "3M"\nidle_timeout_secs = 42\ndisable = true\n')
    out = zc.zccache("config").stdout.decode()
    assert "3M" in out and "config file" in out
    disable = next(line for line in out.splitlines() if line.startswith("disable"))
    assert "environment only" in disable and "config file" not in disable  # the client never reads the file
    assert zc.status()["limit_bytes"] == 3 << 20
    zc.env["ZCCACHE_CACHE_SIZE_BYTES"] = "5M"
    assert zc.status()["limit_bytes"] == 5 << 20
    assert "ZCCACHE_CACHE_SIZE_BYTES" in zc.zccache("config").stdout.decode()


def test_a_broken_config_file_changes_nothing(zc):
    zc.cache.mkdir(mode=0o700)
    (zc.cache / "config.toml").write_text("this is = = not toml [\n")
    zc.write("a.c", "int a;\n")
    assert zc.zccache("gcc", "-c", "a.c").returncode == 0
    assert zc.status()["limit_bytes"] == 10 << 30

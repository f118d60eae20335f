"""--strict-paths / ZCCACHE_STRICT_PATHS: include paths checked after response-file expansion."""

import pytest

from conftest import ZCCACHE, assert_cached_like_bare


@pytest.fixture
def project(zc):
    zc.write("inc/v.h", "#define V 3\n")
    zc.write("a.c", '#include "v.h"\nint a(void) { return V; }\n')
    return zc


def test_absolute_mode_rejects_a_relative_include_naming_flag_and_command(project):
    zc = project
    proc = zc.run([ZCCACHE, "--strict-paths=absolute", "gcc", "-Iinc", "-c", "a.c"])
    assert proc.returncode != 0
    assert b"'-Iinc' is not an absolute path" in proc.stderr
    assert b"command: gcc -Iinc -c a.c" in proc.stderr
    assert not (zc.work / "a.o").exists()


def test_env_one_means_absolute_and_checks_response_file_contents(project):
    zc = project
    zc.write("f.rsp", f"-I{zc.work}/./inc")
    proc = zc.run([ZCCACHE, "gcc", "@f.rsp", "-c", "a.c"], env={"ZCCACHE_STRICT_PATHS": "1"})
    assert proc.returncode != 0 and b"'.' or '..'" in proc.stderr
    assert b"strict path check (absolute) failed" in proc.stderr  # the mode, not the variable's spelling


def test_clean_absolute_paths_compile_and_hit_like_bare(project):
    zc = project
    argv = ["gcc", f"-I{zc.work}/inc", "-include", f"{zc.work}/inc/v.h", "-c", "a.c", "-o", "a.o"]
    assert_cached_like_bare(zc, argv, ["a.o"], env={"ZCCACHE_STRICT_PATHS": "absolute"})


def test_consistent_mode_allows_relative_but_not_mixed_separators(project):
    zc = project
    ok = zc.run([ZCCACHE, "--strict-paths=consistent", "gcc", "-Iinc", "-I", "./inc", "-c", "a.c"])
    assert ok.returncode == 0, ok.stderr
    bad = zc.run([ZCCACHE, "--strict-paths=consistent", "gcc", "-Iinc/x", "-isystem", "inc\\y", "-c", "a.c"])
    assert bad.returncode != 0 and b"different path separators" in bad.stderr


def test_off_and_bad_values(project):
    zc = project
    assert zc.run([ZCCACHE, "--strict-paths=off", "gcc", "-Iinc", "-c", "a.c"]).returncode == 0
    bad_flag = zc.run([ZCCACHE, "--strict-paths=sometimes", "gcc", "-Iinc", "-c", "a.c"])
    assert bad_flag.returncode == 2 and b"--strict-paths takes" in bad_flag.stderr
    bad_env = zc.run([ZCCACHE, "gcc", "-Iinc", "-c", "a.c"], env={"ZCCACHE_STRICT_PATHS": "maybe"})
    assert bad_env.returncode == 0 and b"ignoring ZCCACHE_STRICT_PATHS" in bad_env.stderr

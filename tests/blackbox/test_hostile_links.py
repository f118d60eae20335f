"""What a link reads that its key might not: libraries found through LIBRARY_PATH, -Wl,-L or the
driver's implicit -l, response files handed to the linker. After each change the cached link
must equal a bare one."""

import os
import subprocess
import time

import pytest

from conftest import SETTLE_SECONDS, cached_equals_bare

DRIVERS = ["gcc", "clang"]


def compile_object(zc, source, text, obj):
    zc.write(source, text, settle=False)
    subprocess.run(["gcc", "-fPIC", "-c", source, "-o", obj], cwd=zc.work, check=True)


def static_library(zc, path, value):
    """lib<name>.a with pick() returning `value`."""
    compile_object(zc, "pick_src.c", f"int pick(void) {{ return {value}; }}\n", "pick_src.o")
    (zc.work / path).parent.mkdir(parents=True, exist_ok=True)
    (zc.work / path).unlink(missing_ok=True)
    subprocess.run(["ar", "rcs", path, "pick_src.o"], cwd=zc.work, check=True)
    time.sleep(SETTLE_SECONDS)


def linked_like_bare(zc, argv, what, env=None):
    return cached_equals_bare(zc, argv, ["app"], what, env=env)


def assert_changes_are_seen(zc, argv, changes, env=None):
    linked_like_bare(zc, argv, "first link", env)
    hits = zc.counters()["hits"]
    linked_like_bare(zc, argv, "unchanged", env)
    assert zc.counters()["hits"] == hits + 1
    for what, change in changes:
        change()
        time.sleep(SETTLE_SECONDS)
        linked_like_bare(zc, argv, what, env)


def main_object(zc):
    compile_object(zc, "main.c", "int pick(void);\nint main(void) { return pick(); }\n", "main.o")


@pytest.mark.parametrize("driver", DRIVERS)
@pytest.mark.parametrize("how", ["LIBRARY_PATH", "Wl_L", "Wl_library_path", "Xlinker_L"])
def test_a_library_appearing_earlier_in_the_search_is_a_miss(zc, driver, how):
    main_object(zc)
    static_library(zc, "late/libpick.a", 1)
    os.makedirs(zc.work / "early")
    env = None
    flags = {"Wl_L": ["-Wl,-Learly"], "Wl_library_path": ["-Wl,--library-path=early"],
             "Xlinker_L": ["-Xlinker", "-L", "-Xlinker", "early"]}.get(how, [])
    if how == "LIBRARY_PATH":
        env = {"LIBRARY_PATH": f"{zc.work / 'early'}:{zc.work / 'late'}"}
        argv = [driver, "main.o", "-lpick", "-o", "app"]
    else:
        argv = [driver, "main.o", *flags, "-Llate", "-lpick", "-o", "app"]
    assert_changes_are_seen(zc, argv, [
        ("libpick.a made earlier", lambda: static_library(zc, "early/libpick.a", 2)),
        ("and changed", lambda: static_library(zc, "early/libpick.a", 3)),
    ], env=env)


@pytest.mark.parametrize("driver", ["g++", "clang++"])
def test_an_implicit_library_shadowed_in_a_search_directory_is_a_miss(zc, driver):
    """g++ adds -lstdc++ and -lm; a libm.so (here a linker script adding an object) planted in
    an -L directory takes their place."""
    main_object(zc)
    static_library(zc, "late/libpick.a", 1)
    compile_object(zc, "extra.c", "int planted_symbol = 7;\n", "extra.o")
    os.makedirs(zc.work / "mine")
    argv = [driver, "main.o", "-Lmine", "-Llate", "-lpick", "-o", "app"]

    def plant():
        (zc.work / "mine" / "libm.so").write_text(
            f"INPUT({zc.work / 'extra.o'})\nGROUP(AS_NEEDED(/lib/x86_64-linux-gnu/libm.so.6))\n")

    assert_changes_are_seen(zc, argv, [("libm.so planted", plant)])
    assert b"planted_symbol" in (zc.work / "app").read_bytes()


@pytest.mark.parametrize("driver", DRIVERS)
@pytest.mark.parametrize("content", ["libraries", "objects", "nested"])
def test_a_changed_linker_response_file_is_a_miss(zc, driver, content):
    main_object(zc)
    static_library(zc, "one/libpick.a", 1)
    static_library(zc, "two/libpick.a", 2)
    compile_object(zc, "pick1.c", "int pick(void) { return 11; }\n", "pick1.o")
    compile_object(zc, "pick2.c", "int pick(void) { return 12; }\n", "pick2.o")
    texts = {"libraries": ("-Lone -lpick\n", "-Ltwo -lpick\n"), "objects": ("pick1.o\n", "pick2.o\n"),
             "nested": ("@inner.rsp\n", "@inner.rsp\n")}[content]
    zc.write("inner.rsp", "pick1.o\n", settle=False)
    zc.write("link.rsp", texts[0])
    argv = [driver, "main.o", "-Wl,@link.rsp", "-o", "app"]

    def change():
        if content == "nested":
            zc.write("inner.rsp", "pick2.o\n")
        else:
            zc.write("link.rsp", texts[1])

    assert_changes_are_seen(zc, argv, [("response file changed", change)])


@pytest.mark.parametrize("driver", DRIVERS)
def test_a_file_another_job_writes_beside_a_plain_link_is_not_the_links(zc, driver):
    """A plain link writes only what its arguments name: app.log, written by another job while
    the link runs, is neither stored with it nor put back by its hit."""
    import threading
    main_object(zc)
    static_library(zc, "lib/libpick.a", 1)
    (zc.work / "out").mkdir()
    argv = [driver, "main.o", "-Llib", "-lpick", "-o", "out/app", "-Wl,-Map=out/app.map"]
    log = zc.work / "out" / "app.log"
    stop = threading.Event()

    def other_job():
        n = 0
        while not stop.is_set():
            log.write_text(f"line {n}\n")
            n += 1
            time.sleep(0.002)

    writer = threading.Thread(target=other_job)
    writer.start()
    try:
        miss = zc.compile(argv, ["out/app", "out/app.map"], via_cache=True)
    finally:
        stop.set()
        writer.join()
    assert miss.returncode == 0, miss.stderr
    log.write_text("the other job's latest\n")
    hit = zc.compile(argv, ["out/app", "out/app.map"], via_cache=True)
    assert zc.counters()["hits"] == 1
    assert hit.outputs == miss.outputs  # the map file is the link's, restored
    assert log.read_text() == "the other job's latest\n"

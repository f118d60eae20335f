"""`zccache warm --compile-commands`: a build's cached objects restored before the build tool
runs, dated so that ninja and make find them up to date, and never an object that is not."""

import json
import os
import subprocess
import time

import pytest

from conftest import SETTLE_SECONDS, ZCCACHE, needs_tools

pytestmark = needs_tools("cmake", "ninja", "make")

SOURCES = {
    "src/a.h": "#pragma once\n#define A 3\n",
    "src/b.h": "#pragma once\n#define B 5\n",
    "src/f0.c": '#include "a.h"\nint f0(void) { return A; }\n',
    "src/f1.c": '#include "a.h"\n#include "b.h"\nint f1(void) { return A + B; }\n',
    "src/f2.c": '#include "b.h"\nint f2(void) { return B; }\n',
    "src/f3.c": "int f3(void) { return 7; }\n",
    "src/main.c": "#include <stdio.h>\nint f0(void); int f1(void); int f2(void); int f3(void);\n"
                  'int main(void) { printf("%d\\n", f0() + f1() + f2() + f3()); return 0; }\n',
}
CMAKE = """cmake_minimum_required(VERSION 3.16)
project(w C)
add_library(w STATIC src/f0.c src/f1.c src/f2.c src/f3.c)
add_executable(app src/main.c)
target_link_libraries(app w)
"""
OBJECTS = ["f0.c.o", "f1.c.o", "f2.c.o", "f3.c.o"]


def project(zc):
    for rel, text in SOURCES.items():
        zc.write(rel, text, settle=False)
    zc.write("CMakeLists.txt", CMAKE)


def configure(zc, build, launcher, archiving=False):
    """`archiving`: the library's ar and ranlib through zccache too (symlinks, as CMAKE_AR and CMAKE_RANLIB)."""
    argv = ["cmake", "-S", str(zc.work), "-B", str(zc.work / build), "-G", "Ninja", "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"]
    if launcher:
        argv.append(f"-DCMAKE_C_COMPILER_LAUNCHER={ZCCACHE}")
    if launcher and archiving:
        argv += archive_tools(zc)
    assert zc.run(argv).returncode == 0


def ninja(zc, build, *args):
    r = zc.run(["ninja", "-C", str(zc.work / build), *args])
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout.decode()


def object_path(zc, build, name):
    where = "w.dir" if name != "main.c.o" else "app.dir"
    return zc.work / build / "CMakeFiles" / where / "src" / name


def warm(zc, build, *flags):
    r = zc.zccache("warm", "--compile-commands", str(zc.work / build / "compile_commands.json"), "--json", *flags)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def compiles_planned(zc, build):
    return [line for line in ninja(zc, build, "-n").splitlines() if "Building C object" in line]


def build_both(zc, archiving):
    project(zc)
    configure(zc, "bare", launcher=False)
    configure(zc, "zc", launcher=True, archiving=archiving)
    ninja(zc, "bare")
    ninja(zc, "zc")
    assert zc.status()["entries"] == (7 if archiving else 5)
    return zc


@pytest.fixture
def built(zc):
    """A bare build and a build through zccache of the same project; the cache holds its compiles."""
    return build_both(zc, archiving=False)


def test_after_a_clean_warm_restores_every_object_and_ninja_compiles_nothing(built):
    zc = built
    ninja(zc, "zc", "-t", "clean")
    report = warm(zc, "zc")
    assert (report["restored"], report["missed"], report["present"], report["skipped"]) == (5, 0, 0, 0), report
    assert compiles_planned(zc, "zc") == []
    # Ninja keeps these objects' deps in .ninja_deps and deletes the dep files: none is written.
    assert not [p for p in (zc.work / "zc" / "CMakeFiles").rglob("*.o.d")]
    ninja(zc, "zc")
    for name in OBJECTS + ["main.c.o"]:
        assert object_path(zc, "zc", name).read_bytes() == object_path(zc, "bare", name).read_bytes(), name
    assert (zc.work / "zc" / "app").read_bytes() == (zc.work / "bare" / "app").read_bytes()
    assert subprocess.run([str(zc.work / "zc" / "app")], capture_output=True).stdout == b"23\n"


def test_an_edit_after_warm_makes_exactly_its_dependants_compile(built):
    zc = built
    ninja(zc, "zc", "-t", "clean")
    warm(zc, "zc")
    zc.write("src/b.h", "#pragma once\n#define B 6\n")
    planned = compiles_planned(zc, "zc")
    assert sorted(line.split()[-1] for line in planned) == ["CMakeFiles/w.dir/src/f1.c.o", "CMakeFiles/w.dir/src/f2.c.o"]
    ninja(zc, "zc")
    assert subprocess.run([str(zc.work / "zc" / "app")], capture_output=True).stdout == b"25\n"


def test_an_edit_before_warm_leaves_exactly_its_dependants_to_the_build(built):
    zc = built
    ninja(zc, "zc", "-t", "clean")
    zc.write("src/a.h", "#pragma once\n#define A 4\n")
    report = warm(zc, "zc")
    assert (report["restored"], report["missed"]) == (3, 2), report
    assert not object_path(zc, "zc", "f0.c.o").exists() and not object_path(zc, "zc", "f1.c.o").exists()
    planned = compiles_planned(zc, "zc")
    assert sorted(line.split()[-1] for line in planned) == ["CMakeFiles/w.dir/src/f0.c.o", "CMakeFiles/w.dir/src/f1.c.o"]
    ninja(zc, "zc")
    ninja(zc, "bare")
    for name in OBJECTS:
        assert object_path(zc, "zc", name).read_bytes() == object_path(zc, "bare", name).read_bytes(), name


def test_an_object_whose_inputs_are_not_those_ninja_recorded_is_left_to_ninja(built):
    """f0.c now includes b.h too, with a date older than the last build (as `tar x` or `cp -p`
    leave): ninja would take a restored object with its old deps record, and miss b.h's edits."""
    zc = built
    source = zc.work / "src" / "f0.c"
    then = source.stat().st_mtime_ns
    source.write_text('#include "a.h"\n#include "b.h"\nint f0(void) { return A + B; }\n')
    os.utime(source, ns=(then, then))
    time.sleep(SETTLE_SECONDS)
    entries = zc.status()["entries"]
    target = "CMakeFiles/w.dir/src/f0.c.o"
    command = ninja(zc, "zc", "-t", "commands", target).splitlines()[-1]
    assert zc.run(["sh", "-c", command], cwd=zc.work / "zc").returncode == 0
    assert zc.status()["entries"] == entries + 1  # the new f0.c is cached: warm could serve it
    ninja(zc, "zc", "-t", "clean")
    report = warm(zc, "zc")
    assert (report["restored"], report["skipped"]) == (4, 1), report
    assert [line.split()[-1] for line in compiles_planned(zc, "zc")] == [target]
    ninja(zc, "zc")
    assert subprocess.run([str(zc.work / "zc" / "app")], capture_output=True).stdout == b"28\n"
    zc.write("src/b.h", "#pragma once\n#define B 6\n")
    planned = sorted(line.split()[-1] for line in compiles_planned(zc, "zc"))
    assert planned == [target, "CMakeFiles/w.dir/src/f1.c.o", "CMakeFiles/w.dir/src/f2.c.o"]


@pytest.mark.parametrize("hostile", ["fifo_deps_log", "endless_build_file"])
def test_logs_that_are_not_files_are_not_waited_on_and_the_dep_files_are_written(built, hostile):
    zc = built
    ninja(zc, "zc", "-t", "clean")
    build = zc.work / "zc"
    if hostile == "fifo_deps_log":
        (build / ".ninja_deps").unlink()
        os.mkfifo(build / ".ninja_deps")
    else:
        (build / "build.ninja").rename(build / "build.ninja.real")
        (build / "build.ninja").symlink_to("/dev/zero")
    r = zc.zccache("warm", "--compile-commands", str(build / "compile_commands.json"), "--json", timeout=30)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["restored"] == 5
    assert (object_path(zc, "zc", "f0.c.o").parent / "f0.c.o.d").exists()  # no log to stand for them


def test_nothing_is_restored_when_the_cache_is_disabled(built):
    zc = built
    ninja(zc, "zc", "-t", "clean")
    r = zc.zccache("warm", "--compile-commands", str(zc.work / "zc" / "compile_commands.json"),
                   env={"ZCCACHE_DISABLE": "1"})
    assert r.returncode == 0 and b"ZCCACHE_DISABLE" in r.stderr
    assert not object_path(zc, "zc", "f0.c.o").exists()


def test_outputs_that_exist_are_left_alone(built):
    zc = built
    before = {name: os.stat(object_path(zc, "zc", name)).st_mtime_ns for name in OBJECTS}
    report = warm(zc, "zc")
    assert (report["restored"], report["present"]) == (0, 5), report
    assert {name: os.stat(object_path(zc, "zc", name)).st_mtime_ns for name in OBJECTS} == before


def test_inputs_written_just_now_are_not_dated_against(built):
    zc = built
    ninja(zc, "zc", "-t", "clean")
    # The same bytes, rewritten: the entry still matches, but its time could repeat with other bytes.
    (zc.work / "src" / "a.h").write_text(SOURCES["src/a.h"])
    report = warm(zc, "zc")
    assert report["skipped"] == 2 and report["restored"] == 3, report
    assert not object_path(zc, "zc", "f0.c.o").exists()
    time.sleep(SETTLE_SECONDS)


def test_make_finds_restored_objects_up_to_date(zc):
    """A plain Makefile with -MD dep files, and a compile database written as Bear would."""
    for rel, text in SOURCES.items():
        zc.write(rel, text, settle=False)
    rule = "gcc -O2 -MD -c src/$*.c -o obj/$*.o"
    zc.write("Makefile", "OBJ = obj/f0.o obj/f1.o obj/f2.o obj/f3.o\nall: $(OBJ)\n"
                         f"obj/%.o: src/%.c\n\t@mkdir -p obj\n\t$(CC_PREFIX) {rule}\n-include $(OBJ:.o=.d)\n")
    assert zc.run(["make", f"CC_PREFIX={ZCCACHE}"]).returncode == 0
    database = [{"directory": str(zc.work), "file": f"src/f{i}.c",
                 "arguments": ["gcc", "-O2", "-MD", "-c", f"src/f{i}.c", "-o", f"obj/f{i}.o"]} for i in range(4)]
    (zc.work / "compile_commands.json").write_text(json.dumps(database))
    bare = {}
    for i in range(4):
        bare[i] = (zc.work / "obj" / f"f{i}.o").read_bytes()
        (zc.work / "obj" / f"f{i}.o").unlink()
        (zc.work / "obj" / f"f{i}.d").unlink()
    r = zc.zccache("warm", "--compile-commands", "compile_commands.json")
    assert r.returncode == 0 and b"4 of 4 compiles restored" in r.stdout, r.stdout
    assert all((zc.work / "obj" / f"f{i}.d").exists() for i in range(4))  # make reads them
    plan = zc.run(["make", "-n", f"CC_PREFIX={ZCCACHE}"]).stdout.decode()
    assert "gcc" not in plan, plan
    assert all((zc.work / "obj" / f"f{i}.o").read_bytes() == bare[i] for i in range(4))
    zc.write("src/b.h", "#pragma once\n#define B 6\n")
    plan = zc.run(["make", "-n", f"CC_PREFIX={ZCCACHE}"]).stdout.decode()
    assert sorted(line.split()[-1] for line in plan.splitlines() if "gcc" in line) == ["obj/f1.o", "obj/f2.o"]


def test_a_database_older_than_the_build_files_restores_nothing(zc):
    """Flags changed in the Makefile after the database was recorded: objects for the old flags
    would pass for current with make."""
    zc.write("src/f3.c", SOURCES["src/f3.c"], settle=False)
    zc.write("Makefile", "obj/f3.o: src/f3.c\n\t@mkdir -p obj\n\t$(CC_PREFIX) gcc -O1 -c src/f3.c -o obj/f3.o\n")
    assert zc.run(["make", f"CC_PREFIX={ZCCACHE}"]).returncode == 0
    database = [{"directory": str(zc.work), "file": "src/f3.c",
                 "arguments": ["gcc", "-O1", "-c", "src/f3.c", "-o", "obj/f3.o"]}]
    zc.write("compile_commands.json", json.dumps(database))
    zc.write("Makefile", "obj/f3.o: src/f3.c\n\t@mkdir -p obj\n\t$(CC_PREFIX) gcc -O2 -c src/f3.c -o obj/f3.o\n")
    (zc.work / "obj" / "f3.o").unlink()
    r = zc.zccache("warm", "--compile-commands", "compile_commands.json")
    assert r.returncode == 1 and b"older than" in r.stderr and len(r.stderr.splitlines()) == 1, r
    assert not (zc.work / "obj" / "f3.o").exists()


def test_with_ninja_a_stale_database_leaves_every_changed_command_to_ninja(built):
    """The flags changed since the database was written: warm may restore the objects of the old
    commands, but ninja's log knows the command each object was built with and reruns them."""
    zc = built
    stale = (zc.work / "zc" / "compile_commands.json").read_bytes()
    argv = ["cmake", "-S", str(zc.work), "-B", str(zc.work / "zc"), "-DCMAKE_C_FLAGS=-O1"]
    assert zc.run(argv).returncode == 0
    assert zc.run(["cmake", "-S", str(zc.work), "-B", str(zc.work / "bare"), "-DCMAKE_C_FLAGS=-O1"]).returncode == 0
    ninja(zc, "zc", "-t", "clean")
    (zc.work / "zc" / "compile_commands.json").write_bytes(stale)
    os.utime(zc.work / "zc" / "compile_commands.json", ns=(1, 1))
    report = warm(zc, "zc")
    assert report["restored"] == 5, report
    assert len(compiles_planned(zc, "zc")) == 5
    ninja(zc, "zc")
    ninja(zc, "bare")
    for name in OBJECTS + ["main.c.o"]:
        assert object_path(zc, "zc", name).read_bytes() == object_path(zc, "bare", name).read_bytes(), name


def test_a_file_that_is_not_a_compile_database_is_one_line_and_exit_2(zc):
    zc.write("bad.json", '{"directory": "/tmp"}')
    r = zc.zccache("warm", "--compile-commands", "bad.json")
    assert r.returncode == 2 and len(r.stderr.splitlines()) == 1 and r.stderr.startswith(b"zccache: ")
    r = zc.zccache("warm", "--compile-commands", "missing.json")
    assert r.returncode == 2 and b"cannot read" in r.stderr


# Static libraries: CMake's `rm -f && ar qc && ranlib` step, its tools through zccache.

def archive_tools(zc):
    links = zc.work / "links"
    links.mkdir(exist_ok=True)
    for name in ("ar", "ranlib"):
        if not (links / name).exists():
            (links / name).symlink_to(ZCCACHE)
    return [f"-DCMAKE_AR={links / 'ar'}", f"-DCMAKE_RANLIB={links / 'ranlib'}"]


def steps_planned(zc, build):
    return [line.split("] ", 1)[-1] for line in ninja(zc, build, "-n").splitlines() if line.startswith("[")]


def app_prints(zc, build):
    return subprocess.run([str(zc.work / build / "app")], capture_output=True).stdout


@pytest.fixture
def archived(zc):
    """As `built`, with the library's ar and ranlib through zccache too: their entries are cached."""
    return build_both(zc, archiving=True)


def test_after_a_clean_warm_restores_the_static_library_and_ninja_only_links(archived):
    zc = archived
    ninja(zc, "zc", "-t", "clean")
    report = warm(zc, "zc")
    assert report["restored"] == 5, report
    assert report["archives"]["restored"] == 1 and report["archives"]["restored_outputs"] == [
        str(zc.work / "zc" / "libw.a")], report
    assert steps_planned(zc, "zc") == ["Linking C executable app"]
    assert (zc.work / "zc" / "libw.a").read_bytes() == (zc.work / "bare" / "libw.a").read_bytes()
    ninja(zc, "zc")
    assert app_prints(zc, "zc") == b"23\n"
    assert steps_planned(zc, "zc") == []


def test_an_edit_after_warm_archives_the_new_object(archived):
    zc = archived
    ninja(zc, "zc", "-t", "clean")
    assert warm(zc, "zc")["archives"]["restored"] == 1
    zc.write("src/f3.c", "int f3(void) { return 8; }\n")
    assert steps_planned(zc, "zc") == ["Building C object CMakeFiles/w.dir/src/f3.c.o",
                                       "Linking C static library libw.a", "Linking C executable app"]
    ninja(zc, "zc")
    ninja(zc, "bare")
    assert app_prints(zc, "zc") == b"24\n"
    assert (zc.work / "zc" / "libw.a").read_bytes() == (zc.work / "bare" / "libw.a").read_bytes()


def test_a_member_left_to_the_build_leaves_the_library_to_it(archived):
    zc = archived
    ninja(zc, "zc", "-t", "clean")
    zc.write("src/f3.c", "int f3(void) { return 9; }\n")
    report = warm(zc, "zc")
    assert (report["restored"], report["missed"]) == (4, 1), report
    assert report["archives"]["skipped"] == 1 and not (zc.work / "zc" / "libw.a").exists(), report
    ninja(zc, "zc")
    ninja(zc, "bare")
    assert app_prints(zc, "zc") == b"25\n"
    assert (zc.work / "zc" / "libw.a").read_bytes() == (zc.work / "bare" / "libw.a").read_bytes()


def test_members_never_archived_together_leave_the_library_to_the_build(archived):
    """f3 moved from the library to the program: every object of the library is cached, but no
    `ar` entry has just these members. Nothing may stand for the archive."""
    zc = archived
    zc.write("CMakeLists.txt", CMAKE.replace(" src/f3.c)", ")").replace("src/main.c)", "src/main.c src/f3.c)"))
    ninja(zc, "zc", "build.ninja")  # ninja's own regeneration, as the next build would do it
    ninja(zc, "zc", "-t", "clean")
    report = warm(zc, "zc")
    assert report["archives"]["missed"] == 1, report["archives"]
    assert not (zc.work / "zc" / "libw.a").exists()
    ninja(zc, "zc")
    assert app_prints(zc, "zc") == b"23\n"
    assert subprocess.run(["ar", "t", str(zc.work / "zc" / "libw.a")], capture_output=True,
                          text=True).stdout.split() == ["f0.c.o", "f1.c.o", "f2.c.o"]


def test_an_archive_that_exists_is_left_alone(archived):
    zc = archived
    ninja(zc, "zc", "-t", "clean")
    library = zc.work / "zc" / "libw.a"
    library.write_bytes(b"mine")
    report = warm(zc, "zc")
    assert report["archives"]["present"] == 1, report
    assert library.read_bytes() == b"mine"


def test_a_library_with_commands_around_its_archive_is_left_to_ninja(zc):
    """POST_BUILD (and PRE_LINK) commands run in the same step: restoring the archive would skip them."""
    project(zc)
    zc.write("CMakeLists.txt", CMAKE + "add_custom_command(TARGET w POST_BUILD COMMAND ${CMAKE_COMMAND} -E touch "
                                       "${CMAKE_BINARY_DIR}/post.stamp)\n")
    configure(zc, "zc", launcher=True, archiving=True)
    ninja(zc, "zc")
    ninja(zc, "zc", "-t", "clean")
    (zc.work / "zc" / "post.stamp").unlink()
    report = warm(zc, "zc")
    assert report["restored"] == 5 and sum(report["archives"][k] for k in ("restored", "missed", "present",
                                                                           "skipped")) == 0, report
    assert "Linking C static library libw.a" in steps_planned(zc, "zc")
    ninja(zc, "zc")
    assert (zc.work / "zc" / "post.stamp").exists()


def test_a_library_archived_by_tools_not_through_zccache_is_left_to_ninja(built):
    zc = built
    ninja(zc, "zc", "-t", "clean")
    report = warm(zc, "zc")
    assert report["restored"] == 5 and report["archives"]["skipped"] == 1, report
    assert "Linking C static library libw.a" in steps_planned(zc, "zc")


def test_a_library_whose_program_exists_is_left_to_ninja_which_relinks_it(archived):
    """Objects and library deleted, the program kept, and a source changed under an old date (as
    `tar x` or `cp -p` leave it): a restored library dated to its members would be older than
    the program, which ninja would then not relink. Left to ninja, it is rebuilt and relinked."""
    zc = archived
    app = zc.work / "zc" / "app"
    old = app.stat().st_mtime_ns - 5_000_000_000
    source = zc.work / "src" / "f3.c"
    source.write_text("int f3(void) { return 100; }\n")
    os.utime(source, ns=(old, old))
    time.sleep(SETTLE_SECONDS)
    for target in ("CMakeFiles/w.dir/src/f3.c.o", "libw.a"):  # the new f3.o and library, cached
        command = ninja(zc, "zc", "-t", "commands", target).splitlines()[-1]
        assert zc.run(["sh", "-c", command], cwd=zc.work / "zc").returncode == 0
    for name in OBJECTS:
        object_path(zc, "zc", name).unlink()
    object_path(zc, "zc", "f3.c.o.d").unlink()  # ninja would have read and deleted it
    (zc.work / "zc" / "libw.a").unlink()
    report = warm(zc, "zc")
    assert report["restored"] == 4 and report["archives"]["skipped"] == 1, report
    assert not (zc.work / "zc" / "libw.a").exists()
    assert "Linking C executable app" in steps_planned(zc, "zc")
    ninja(zc, "zc")
    assert app_prints(zc, "zc") == b"116\n"


def test_objects_whose_library_exists_are_left_to_ninja(archived):
    zc = archived
    for name in OBJECTS:
        object_path(zc, "zc", name).unlink()
    report = warm(zc, "zc")
    assert (report["restored"], report["skipped"]) == (0, 4), report
    assert len(compiles_planned(zc, "zc")) == 4


def test_with_make_a_restored_object_is_dated_now_so_what_uses_it_is_made_again(zc):
    """make has no deps log to vouch for an object dated to its inputs: one dated to a source
    with an old date would be older than the archive made from the object it replaces."""
    for rel, text in SOURCES.items():
        zc.write(rel, text, settle=False)
    zc.write("Makefile", "app: obj/main.o obj/f3.o\n\tgcc -o $@ $^\n"
                         "obj/%.o: src/%.c\n\t@mkdir -p obj\n\t$(CC_PREFIX) gcc -O2 -MD -c src/$*.c -o obj/$*.o\n"
                         "-include obj/*.d\n")
    main = 'int f3(void);\n#include <stdio.h>\nint main(void) { printf("%d\\n", f3()); return 0; }\n'
    zc.write("src/main.c", main)
    assert zc.run(["make", f"CC_PREFIX={ZCCACHE}"]).returncode == 0
    database = [{"directory": str(zc.work), "file": f"src/{n}.c",
                 "arguments": ["gcc", "-O2", "-MD", "-c", f"src/{n}.c", "-o", f"obj/{n}.o"]} for n in ("main", "f3")]
    # f3.c changes under an old date, and its object is compiled (and cached) but app not relinked.
    source = zc.work / "src" / "f3.c"
    old = (zc.work / "app").stat().st_mtime_ns - 5_000_000_000
    source.write_text("int f3(void) { return 42; }\n")
    os.utime(source, ns=(old, old))
    time.sleep(SETTLE_SECONDS)
    assert zc.run([ZCCACHE, "gcc", "-O2", "-MD", "-c", "src/f3.c", "-o", "obj/f3.o"]).returncode == 0
    (zc.work / "obj" / "f3.o").unlink()
    (zc.work / "obj" / "f3.d").unlink()
    (zc.work / "compile_commands.json").write_text(json.dumps(database))
    r = zc.zccache("warm", "--compile-commands", "compile_commands.json")
    assert r.returncode == 0 and b"1 of 2 compiles restored" in r.stdout, r.stdout
    assert (zc.work / "obj" / "f3.o").stat().st_mtime_ns > (zc.work / "app").stat().st_mtime_ns
    assert zc.run(["make", f"CC_PREFIX={ZCCACHE}"]).returncode == 0
    assert subprocess.run([str(zc.work / "app")], capture_output=True).stdout == b"42\n"


def test_a_library_step_with_another_cmake_than_the_builds_is_left_to_ninja(archived):
    """The step's `cmake -E rm -f` must be the cmake that wrote the build: another program there
    could fail or do more, and ninja would no longer run it."""
    zc = archived
    ninja(zc, "zc", "-t", "clean")
    rules = zc.work / "zc" / "CMakeFiles" / "rules.ninja"
    (zc.work / "links" / "cmake").symlink_to("/usr/bin/cmake")
    rules.write_text(rules.read_text().replace("/usr/bin/cmake -E rm", f"{zc.work / 'links' / 'cmake'} -E rm"))
    report = warm(zc, "zc")
    assert report["restored"] == 5 and report["archives"]["skipped"] == 1, report


def test_cmakes_makefiles_find_restored_objects_up_to_date(zc):
    project(zc)
    argv = ["cmake", "-S", str(zc.work), "-B", str(zc.work / "mk"), "-G", "Unix Makefiles",
            "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON", f"-DCMAKE_C_COMPILER_LAUNCHER={ZCCACHE}"]
    assert zc.run(argv).returncode == 0
    assert zc.run(["make", "-C", str(zc.work / "mk")]).returncode == 0
    assert zc.run(["make", "-C", str(zc.work / "mk"), "clean"]).returncode == 0
    report = warm(zc, "mk")
    assert report["restored"] == 5, report
    r = zc.run(["make", "-C", str(zc.work / "mk")])
    assert r.returncode == 0 and b"Building C object" not in r.stdout, r.stdout
    assert subprocess.run([str(zc.work / "mk" / "app")], capture_output=True).stdout == b"23\n"


@needs_tools("meson")
def test_a_meson_build_is_restored_and_ninja_compiles_nothing(zc):
    """Meson's manifest is one warm must understand: without its graph nothing is restored."""
    for rel, text in SOURCES.items():
        zc.write(rel, text, settle=False)
    zc.write("meson.build", "project('w', 'c')\nw = static_library('w', 'src/f0.c', 'src/f1.c', 'src/f2.c', "
                            "'src/f3.c')\nexecutable('app', 'src/main.c', link_with: w)\n")
    env = {"CC": f"{ZCCACHE} gcc"}
    assert zc.run(["meson", "setup", str(zc.work / "ms")], env=env).returncode == 0
    ninja(zc, "ms")
    ninja(zc, "ms", "-t", "clean")
    report = warm(zc, "ms")
    assert (report["restored"], report["skipped"]) == (5, 0), report
    assert [step for step in steps_planned(zc, "ms") if not step.startswith("Linking")] == []
    ninja(zc, "ms")
    assert subprocess.run([str(zc.work / "ms" / "app")], capture_output=True).stdout == b"23\n"

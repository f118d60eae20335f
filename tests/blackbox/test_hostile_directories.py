"""Directory identity: a path can come to name another file without any event in the directory
we watch — a symlink on the way retargeted, an ancestor renamed and a new tree put in its
place, a mount over a directory or a file, a header edited through another hard link. Each
change must be a miss: every result is compared with a bare compile after the change."""

import os
import shutil
import subprocess
import time

import pytest

from conftest import SETTLE_SECONDS, cached_equals_bare

COMPILERS = ["gcc", "clang"]
SOURCE = '#include "a.h"\nint a(void) { return A; }\n'


def header(value):
    return f"#define A {value}\n"


def settle():
    time.sleep(SETTLE_SECONDS)


def cached_like_bare(zc, argv, cwd=None, what=""):
    return cached_equals_bare(zc, argv, ["a.o"], what, cwd=cwd)


def assert_each_change_is_seen(zc, argv, changes, cwd=None):
    """A miss then a hit, then after each change a result equal to bare (never the old one)."""
    assert not cached_like_bare(zc, argv, cwd, "first compile")
    assert cached_like_bare(zc, argv, cwd, "unchanged")
    for what, change in changes:
        change()
        settle()
        cached_like_bare(zc, argv, cwd, what)


def retarget(link, target):
    """`ln -sfn target link`: a new symlink renamed over the old one."""
    tmp = f"{link}.new"
    os.symlink(target, tmp)
    os.replace(tmp, link)


# -- a name on the way retargeted ------------------------------------------------------------

@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("absolute", [False, True], ids=["relative", "absolute"])
def test_a_retargeted_include_directory_symlink_is_a_miss(zc, compiler, absolute):
    for version in ("1", "2"):
        zc.write(f"v{version}/a.h", header(version), settle=False)
    zc.write("a.c", SOURCE)
    target = (lambda v: str(zc.work / v)) if absolute else (lambda v: v)
    os.symlink(target("v1"), zc.work / "inc")
    argv = [compiler, "-Iinc", "-c", "a.c", "-o", "a.o"]
    assert_each_change_is_seen(zc, argv, [
        ("inc -> v2", lambda: retarget(zc.work / "inc", target("v2"))),
        ("inc -> v1", lambda: retarget(zc.work / "inc", target("v1"))),
    ])


@pytest.mark.parametrize("compiler", COMPILERS)
def test_a_retargeted_symlink_above_the_include_directory_is_a_miss(zc, compiler):
    for version in ("1", "2"):
        zc.write(f"lib{version}/deep/inc/a.h", header(version), settle=False)
    zc.write("a.c", SOURCE)
    os.symlink("lib1", zc.work / "lib")
    argv = [compiler, "-Ilib/deep/inc", "-c", "a.c", "-o", "a.o"]
    assert_each_change_is_seen(zc, argv, [("lib -> lib2", lambda: retarget(zc.work / "lib", "lib2"))])


@pytest.mark.parametrize("compiler", COMPILERS)
def test_a_symlink_reached_through_a_symlink_retargeted_is_a_miss(zc, compiler):
    """inc -> ext/current/include, and ext/current -> r1: the second link is in a directory
    no include path names."""
    for version in ("1", "2"):
        zc.write(f"ext/r{version}/include/a.h", header(version), settle=False)
    zc.write("a.c", SOURCE)
    os.symlink("r1", zc.work / "ext" / "current")
    os.symlink(str(zc.work / "ext" / "current" / "include"), zc.work / "inc")
    argv = [compiler, "-Iinc", "-c", "a.c", "-o", "a.o"]
    assert_each_change_is_seen(zc, argv, [
        ("ext/current -> r2", lambda: retarget(zc.work / "ext" / "current", "r2"))])


@pytest.mark.parametrize("compiler", COMPILERS)
def test_a_retargeted_source_directory_symlink_is_a_miss(zc, compiler):
    """The source and the header beside it (found by #include "…" in the source's directory)."""
    zc.write("s1/a.c", SOURCE, settle=False)
    zc.write("s1/a.h", header(1), settle=False)
    zc.write("s2/a.c", SOURCE.replace("return A;", "return A + 10;"), settle=False)
    zc.write("s2/a.h", header(2))
    os.symlink("s1", zc.work / "src")
    argv = [compiler, "-c", "src/a.c", "-o", "a.o"]
    assert_each_change_is_seen(zc, argv, [("src -> s2", lambda: retarget(zc.work / "src", "s2"))])


@pytest.mark.parametrize("compiler", COMPILERS)
def test_a_retargeted_symlink_in_a_quoted_include_is_a_miss(zc, compiler):
    zc.write("a.c", '#include "cfg/a.h"\nint a(void) { return A; }\n', settle=False)
    for version in ("1", "2"):
        zc.write(f"cfg{version}/a.h", header(version))
    os.symlink("cfg1", zc.work / "cfg")
    argv = [compiler, "-c", "a.c", "-o", "a.o"]
    assert_each_change_is_seen(zc, argv, [("cfg -> cfg2", lambda: retarget(zc.work / "cfg", "cfg2"))])


@pytest.mark.parametrize("compiler", COMPILERS)
def test_a_symlinked_header_retargeted_is_a_miss(zc, compiler):
    for version in ("1", "2"):
        zc.write(f"versions/a{version}.h", header(version), settle=False)
    zc.write("a.c", SOURCE)
    os.makedirs(zc.work / "inc")
    os.symlink("../versions/a1.h", zc.work / "inc" / "a.h")
    argv = [compiler, "-Iinc", "-c", "a.c", "-o", "a.o"]
    assert_each_change_is_seen(zc, argv, [
        ("a.h -> a2.h", lambda: retarget(zc.work / "inc" / "a.h", "../versions/a2.h"))])


def rewrite_in_place(path, text):
    """An editor that truncates and writes the same inode (same size: only the watch sees it)."""
    with open(path, "r+") as f:
        f.truncate(0)
        f.write(text)


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("chain", ["one_link", "two_links"])
def test_a_symlinked_headers_target_changed_is_a_miss(zc, compiler, chain):
    """uClibc's include/bits/*.h are symlinks into sysdeps: the daemon keeps where each points and
    watches the target as a file of its own, so every change behind the link must be seen."""
    zc.write("versions/a1.h", header(1), settle=False)
    zc.write("versions/b.h", header(3), settle=False)
    zc.write("a.c", SOURCE)
    os.makedirs(zc.work / "inc")
    target = zc.work / "versions" / "a1.h"
    if chain == "two_links":
        os.symlink("a1.h", zc.work / "versions" / "current.h")
        os.symlink("../versions/current.h", zc.work / "inc" / "a.h")
    else:
        os.symlink("../versions/a1.h", zc.work / "inc" / "a.h")
    argv = [compiler, "-Iinc", "-c", "a.c", "-o", "a.o"]
    changes = [
        ("target rewritten in place", lambda: rewrite_in_place(target, header(2))),
        ("target replaced by rename", lambda: os.replace(zc.write("versions/a1.h.tmp", header(4), settle=False), target)),
        ("target removed, then created again", lambda: (os.unlink(target), zc.write("versions/a1.h", header(5), settle=False))),
    ]
    if chain == "two_links":
        changes.append(("the middle link retargeted", lambda: retarget(zc.work / "versions" / "current.h", "b.h")))
    assert_each_change_is_seen(zc, argv, changes)


# -- a directory on the way replaced by a new tree -------------------------------------------

def replace_tree(old, new_header_path, value):
    """Renames `old` away and builds a new tree in its place, with the header changed."""
    shutil.move(old, f"{old}.old")
    shutil.copytree(f"{old}.old", old, symlinks=True)
    with open(new_header_path, "w") as f:
        f.write(header(value))


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("level", ["include_dir", "parent", "grandparent"])
def test_a_renamed_directory_with_a_new_tree_in_its_place_is_a_miss(zc, compiler, level):
    zc.write("third/pkg/inc/a.h", header(1))
    zc.write("a.c", SOURCE)
    moved = {"include_dir": "third/pkg/inc", "parent": "third/pkg", "grandparent": "third"}[level]
    argv = [compiler, "-Ithird/pkg/inc", "-c", "a.c", "-o", "a.o"]
    assert_each_change_is_seen(zc, argv, [
        (f"{moved} replaced", lambda: replace_tree(zc.work / moved, zc.work / "third/pkg/inc/a.h", 2)),
        (f"{moved} replaced again", lambda: replace_tree(zc.work / moved, zc.work / "third/pkg/inc/a.h", 3)),
    ])


@pytest.mark.parametrize("compiler", COMPILERS)
def test_a_project_renamed_and_rebuilt_under_the_same_path_is_a_miss(zc, compiler):
    """The cwd itself: the build's whole tree is replaced (a fresh checkout in the same place)."""
    project = zc.work / "proj"
    zc.write("proj/a.c", SOURCE, settle=False)
    zc.write("proj/a.h", header(1))
    argv = [compiler, "-c", "a.c", "-o", "a.o"]

    def fresh_checkout(value):
        shutil.move(project, f"{project}.{value}")
        zc.write("proj/a.c", SOURCE, settle=False)
        zc.write("proj/a.h", header(value))

    assert_each_change_is_seen(zc, argv, [("fresh checkout", lambda: fresh_checkout(2)),
                                          ("another", lambda: fresh_checkout(3))], cwd=project)


# -- a mount over a directory or a file ------------------------------------------------------

def mount(*args):
    subprocess.run(["mount", *args], check=True, capture_output=True)


def umount(path):
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="mounting needs root")


@needs_root
@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("kind", ["tmpfs", "bind_dir", "bind_file"])
def test_a_mount_over_an_include_directory_or_header_is_a_miss(zc, compiler, kind):
    zc.write("inc/a.h", header(1), settle=False)
    zc.write("other/a.h", header(2), settle=False)
    zc.write("a.c", SOURCE)
    inc = zc.work / "inc"
    argv = [compiler, "-Iinc", "-c", "a.c", "-o", "a.o"]

    def mount_over():
        if kind == "tmpfs":
            mount("-t", "tmpfs", "zccache-test", str(inc))
            (inc / "a.h").write_text(header(2))
        elif kind == "bind_dir":
            mount("--bind", str(zc.work / "other"), str(inc))
        else:
            mount("--bind", str(zc.work / "other" / "a.h"), str(inc / "a.h"))

    target = inc / "a.h" if kind == "bind_file" else inc
    try:
        assert_each_change_is_seen(zc, argv, [("mounted", mount_over), ("unmounted", lambda: umount(target))])
    finally:
        umount(target)


# -- a header with several names -------------------------------------------------------------

def rewrite_in_place(path, text):
    with open(path, "r+") as f:
        f.write(text)
        f.truncate()


@pytest.mark.parametrize("compiler", COMPILERS)
@pytest.mark.parametrize("same_size", [True, False], ids=["same_size", "longer"])
@pytest.mark.parametrize("linked", ["before", "after_the_hit"])
def test_a_header_edited_through_another_hard_link_is_a_miss(zc, compiler, same_size, linked):
    """The other name is in a directory no compile reads; it exists from the start, or is made
    after the header was cached (no event reaches the header's directory for either)."""
    zc.write("inc/a.h", header(1), settle=False)
    zc.write("a.c", SOURCE)
    os.makedirs(zc.work / "elsewhere")
    alias = zc.work / "elsewhere" / "alias.h"

    def link():
        if not alias.exists():
            os.link(zc.work / "inc" / "a.h", alias)

    if linked == "before":
        link()
    argv = [compiler, "-Iinc", "-c", "a.c", "-o", "a.o"]

    def edit(value):
        def change():
            link()
            rewrite_in_place(alias, header(value))
        return change

    assert_each_change_is_seen(zc, argv, [
        ("edited through the alias", edit(2 if same_size else 2000)),
        ("again", edit(3 if same_size else 30000)),
    ])

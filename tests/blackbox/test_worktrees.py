"""ZCCACHE_PATH_REMAP=auto: sibling git worktrees serve each other's compiles, with objects equal
to a bare compile given the same -ffile-prefix-map."""

import json
import os
import pathlib
import shutil
import subprocess
import time

import jsonschema
import pytest

from conftest import SETTLE_SECONDS, ZCCACHE, needs_tools, wait_until

FILES = {
    "include/common.h": "#pragma once\n#define SCALE 3\n",
    "src/a.c": '#include "common.h"\nconst char* where(void) { return __FILE__; }\n'
               "int a(int x) { int unused; return x * SCALE; }\n",
    "src/b.c": '#include "common.h"\nint b(int x) { return x + SCALE; }\n',
}

pytestmark = needs_tools("git")


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd, check=True,
                   capture_output=True)


@pytest.fixture
def worktrees(zc):
    main = zc.work / "wt1"
    for rel, text in FILES.items():
        zc.write(f"wt1/{rel}", text, settle=False)
    git(main, "init", "-q")
    git(main, "add", ".")
    git(main, "commit", "-qm", "init")
    for name in ("wt2", "wt3"):
        git(main, "worktree", "add", "-q", str(zc.work / name))
    for name in ("wt1", "wt2", "wt3"):
        (zc.work / name / "build").mkdir()
    time.sleep(SETTLE_SECONDS)
    return [zc.work / name for name in ("wt1", "wt2", "wt3")]


def compile_in(zc, root, name, via_cache, compiler="gcc"):
    """A CMake-style compile: absolute paths, run from the build directory."""
    argv = [compiler, "-g", "-Wall", f"-I{root}/include", "-MD", "-c", f"{root}/src/{name}.c", "-o", f"{name}.o"]
    if not via_cache:
        argv.append(f"-ffile-prefix-map={root}=.")
    build = root / "build"
    for out in (f"{name}.o", f"{name}.d"):
        (build / out).unlink(missing_ok=True)
    proc = zc.run(([ZCCACHE] if via_cache else []) + argv, cwd=build, env={"ZCCACHE_PATH_REMAP": "auto"})
    return (proc.returncode, proc.stdout, proc.stderr,
            (build / f"{name}.o").read_bytes(), (build / f"{name}.d").read_text())


@pytest.mark.parametrize("compiler", ["gcc", "clang"])
def test_sibling_worktrees_hit_each_other_like_a_bare_remapped_compile(zc, worktrees, compiler):
    for i, root in enumerate(worktrees):
        for name in ("a", "b"):
            bare = compile_in(zc, root, name, via_cache=False, compiler=compiler)
            cached = compile_in(zc, root, name, via_cache=True, compiler=compiler)
            assert cached == bare, f"{root.name}/{name}: {cached[2]!r} vs {bare[2]!r}"
        assert zc.counters()["hits"] == 2 * i
    assert zc.counters()["misses"] == 2
    # The warning names this worktree's file, not the one that filled the cache.
    assert str(worktrees[2] / "src" / "a.c").encode() in compile_in(zc, worktrees[2], "a", True, compiler)[2]


def test_a_diverged_file_misses_only_in_its_worktree(zc, worktrees):
    wt1, wt2, wt3 = worktrees
    for name in ("a", "b"):
        compile_in(zc, wt1, name, via_cache=True)
    zc.write("wt2/src/b.c", '#include "common.h"\nint b(int x) { return x - SCALE; }\n')
    for root, name, outcome in ((wt2, "a", "hits"), (wt2, "b", "misses"), (wt3, "a", "hits"), (wt3, "b", "hits")):
        before = zc.counters()[outcome]
        assert compile_in(zc, root, name, via_cache=True) == compile_in(zc, root, name, via_cache=False)
        assert zc.counters()[outcome] == before + 1, (root.name, name, outcome)


def test_without_remap_worktrees_do_not_share(zc, worktrees):
    for root in worktrees[:2]:
        zc.run([ZCCACHE, "gcc", f"-I{root}/include", "-c", f"{root}/src/b.c", "-o", "b.o"], cwd=root / "build")
    assert zc.counters()["misses"] == 2


def test_a_user_prefix_map_for_the_root_is_kept_and_an_explicit_root_is_used(zc, worktrees):
    wt1, wt2, _ = worktrees
    for root in (wt1, wt2):
        argv = ["gcc", f"-ffile-prefix-map={root}=/src", f"-I{root}/include", "-c", f"{root}/src/b.c", "-o", "b.o"]
        bare = zc.run(argv, cwd=root / "build").returncode, (root / "build" / "b.o").read_bytes()
        got = zc.run([ZCCACHE, *argv], cwd=root / "build", env={"ZCCACHE_PATH_REMAP": "auto",
                                                                  "ZCCACHE_WORKTREE_ROOT": str(root)})
        assert (got.returncode, (root / "build" / "b.o").read_bytes()) == bare
    assert zc.counters()["hits"] == 1


def test_links_in_sibling_worktrees_hit_too(zc, worktrees):
    for i, root in enumerate(worktrees):
        for name in ("a", "b"):
            compile_in(zc, root, name, via_cache=True)
        argv = ["gcc", "-shared", "a.o", "b.o", "-o", "libab.so"]
        out = root / "build" / "libab.so"
        bare = zc.run(argv, cwd=root / "build").returncode, out.read_bytes()
        before = zc.counters()["hits"]
        got = zc.run([ZCCACHE, *argv], cwd=root / "build", env={"ZCCACHE_PATH_REMAP": "auto"})
        assert (got.returncode, out.read_bytes()) == bare
        assert zc.counters()["hits"] == before + (1 if i else 0)


@pytest.mark.parametrize("spelling", ["-DDATA=\"{root}/data\"", "-DDATA=\"{root}\"", "-Wl,-rpath,{root}/lib"])
def test_an_argument_that_embeds_the_checkout_path_is_not_shared(zc, worktrees, spelling):
    """A root path the prefix map does not rewrite (a -D string, a run path) reaches the output as
    written: each worktree must get its own, equal to its bare compile, never its sibling's."""
    zc.write("wt1/src/data.c", "const char* data(void) { return DATA; }\n", settle=False)
    zc.write("wt2/src/data.c", "const char* data(void) { return DATA; }\n")
    link = spelling.startswith("-Wl")
    for root in worktrees[:2]:
        flag = spelling.format(root=root)
        build = root / "build"
        if link:
            subprocess.run(["gcc", "-fPIC", '-DDATA="x"', "-c", "../src/data.c", "-o", "data.o"], cwd=build, check=True)
        argv = (["gcc", "-shared", "data.o", flag, "-o", "liba.so"] if link else
                ["gcc", flag, "-c", f"{root}/src/data.c", "-o", "data.o"])
        out = "liba.so" if link else "data.o"
        bare = zc.run(argv + [f"-ffile-prefix-map={root}=."], cwd=build)
        assert bare.returncode == 0, bare.stderr
        expected = (build / out).read_bytes()
        if link:
            assert str(root).encode() in expected
        (build / out).unlink()
        got = zc.run([ZCCACHE, *argv], cwd=build, env={"ZCCACHE_PATH_REMAP": "auto"})
        assert got.returncode == 0, got.stderr
        assert (build / out).read_bytes() == expected, root.name
    assert zc.counters()["hits"] == 0
    assert zc.status()["path_sensitive_args"] >= 2


@pytest.mark.parametrize("compiler", ["gcc", "clang"])
def test_a_narrower_user_prefix_map_still_wins(zc, worktrees, compiler):
    """Our root map goes before the user's arguments: a map the user gives for a directory inside
    the root names its files as the user asked (gcc applies the last map that matches), exactly as
    a bare compile given the root map first, and the sibling worktree still hits."""
    for root in worktrees[:2]:
        build = root / "build"
        argv = [compiler, "-g", f"-ffile-prefix-map={root}/src=SRC", f"-I{root}/include", "-c", f"{root}/src/a.c",
                "-o", "a.o"]
        bare = zc.run([compiler, f"-ffile-prefix-map={root}=.", *argv[1:]], cwd=build)
        assert bare.returncode == 0, bare.stderr
        expected = (build / "a.o").read_bytes()
        assert b"SRC/a.c" in expected and b"./src/a.c" not in expected
        (build / "a.o").unlink()
        got = zc.run([ZCCACHE, *argv], cwd=build, env={"ZCCACHE_PATH_REMAP": "auto"})
        assert got.returncode == 0, got.stderr
        assert (build / "a.o").read_bytes() == expected, root.name
    assert zc.counters()["hits"] == 1


@pytest.mark.parametrize("kind", ["debug", "macro"])
def test_a_map_of_the_root_for_one_kind_of_path_keeps_ours_for_the_rest(zc, worktrees, kind):
    """-fdebug-prefix-map or -fmacro-prefix-map for the root maps only debug info or only
    __FILE__: ours still maps the rest, so neither worktree's path reaches the object."""
    for root in worktrees[:2]:
        build = root / "build"
        argv = ["gcc", "-g", f"-f{kind}-prefix-map={root}=/mapped", f"-I{root}/include", "-c", f"{root}/src/a.c",
                "-o", "a.o"]
        bare = zc.run(["gcc", f"-ffile-prefix-map={root}=.", *argv[1:]], cwd=build)
        assert bare.returncode == 0, bare.stderr
        expected = (build / "a.o").read_bytes()
        assert str(root).encode() not in expected
        (build / "a.o").unlink()
        got = zc.run([ZCCACHE, *argv], cwd=build, env={"ZCCACHE_PATH_REMAP": "auto"})
        assert got.returncode == 0, got.stderr
        assert (build / "a.o").read_bytes() == expected, root.name
    assert zc.counters()["hits"] == 1



# Visibility: which hits came from another worktree, and why a compile was not shared ----------

SCHEMA = json.loads((pathlib.Path(__file__).parents[2] / "docs" / "journal.schema.json").read_text())


def session(zc, root):
    r = zc.zccache("session-start", "--log", str(root / "session.log"), "--journal", str(root / "session.jsonl"))
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["session_id"]


def lines_of(path):
    return path.read_text().splitlines() if path.exists() else []


def session_lines(root):
    time.sleep(0.1)  # written just after the reply
    lines = [json.loads(line) for line in (root / "session.jsonl").read_text().splitlines()]
    for line in lines:
        jsonschema.validate(line, SCHEMA)
    return lines


def explain(zc, output):
    r = zc.zccache("explain", str(output))
    assert r.returncode == 0, r.stderr
    return r.stdout.decode()


def test_worktree_hits_are_reported_apart_from_same_root_hits(zc, worktrees):
    wt1, wt2, _ = worktrees
    sid = session(zc, zc.root)
    env = {"ZCCACHE_SESSION_ID": sid}
    for done, root in enumerate((wt1, wt1, wt2), start=1):  # a miss, a same-root hit, a hit on wt1's entry
        build = root / "build"
        (build / "a.o").unlink(missing_ok=True)
        argv = [ZCCACHE, "gcc", f"-I{root}/include", "-c", f"{root}/src/a.c", "-o", "a.o"]
        assert zc.run(argv, cwd=build, env={"ZCCACHE_PATH_REMAP": "auto", **env}).returncode == 0
        # Each compile is recorded just after its reply (a miss's later than the next hit's, when
        # slow): wait for it, so that the lines follow the compiles' order.
        assert wait_until(lambda: all(len(lines_of(zc.root / name)) >= done for name in ("session.jsonl", "session.log")))
    status = zc.status()
    assert (status["hits"], status["worktree_hits"], status["same_root_hits"]) == (2, 1, 1), status
    assert "worktree hits: 1" in zc.zccache("status").stdout.decode()
    lines = session_lines(zc.root)
    assert [line["outcome"] for line in lines] == ["miss", "hit", "hit"]
    assert [line.get("worktree_hit", False) for line in lines] == [False, False, True]
    assert not any("worktree_reason" in line for line in lines)
    log = (zc.root / "session.log").read_text().splitlines()
    assert "(worktree)" in log[2] and "(worktree)" not in log[1], log
    assert "another worktree" in explain(zc, wt2 / "build" / "a.o")
    assert "another worktree" not in explain(zc, wt1 / "build" / "a.o")
    summary = json.loads(zc.zccache("session-end", sid, "--json").stdout)
    assert (summary["worktree_hits"], summary["same_root_hits"]) == (1, 1), summary


def copy_of_gcc(root):
    tools = root / "tools"
    tools.mkdir()
    shutil.copy2(os.path.realpath(shutil.which("gcc")), tools / "gcc")
    return str(tools / "gcc")


# Each case: what to do in the worktrees, the compile that cannot be shared, and its reason.
def not_shared_case(zc, worktrees, reason):
    wt1, wt2, _ = worktrees
    build1, build2 = wt1 / "build", wt2 / "build"
    if reason == "git_root_unavailable":
        plain = zc.work / "plain"
        zc.write("plain/p.c", "int p(void) { return 1; }\n")
        return plain, ["gcc", "-c", "p.c", "-o", "p.o"], plain / "p.o"
    if reason == "path_outside_root":
        zc.write("outside/o.c", "int o(void) { return 1; }\n")
        return build1, ["gcc", "-c", str(zc.work / "outside" / "o.c"), "-o", "o.o"], build1 / "o.o"
    if reason == "path_sensitive_arg":
        return build1, ["gcc", f'-DDATA="{wt1}/data"', f"-I{wt1}/include", "-c", f"{wt1}/src/b.c", "-o", "b.o"], build1 / "b.o"
    if reason == "content_hash_mismatch":
        argv = lambda root: ["gcc", f"-I{root}/include", "-c", f"{root}/src/b.c", "-o", "b.o"]
        zc.run([ZCCACHE, *argv(wt1)], cwd=build1, env={"ZCCACHE_PATH_REMAP": "auto"})
        zc.write("wt2/include/common.h", "#pragma once\n#define SCALE 4\n")
        return build2, argv(wt2), build2 / "b.o"
    if reason == "toolchain_mismatch":
        # A copy of the driver in each checkout (-B: a copy does not find cc1 beside itself).
        libexec = subprocess.run(["gcc", "-print-prog-name=cc1"], capture_output=True, text=True).stdout.strip()
        argv = lambda gcc, root: [gcc, f"-B{os.path.dirname(libexec)}/", f"-I{root}/include", "-c",
                                  f"{root}/src/b.c", "-o", "b.o"]
        zc.run([ZCCACHE, *argv(copy_of_gcc(wt1), wt1)], cwd=build1, env={"ZCCACHE_PATH_REMAP": "auto"})
        return build2, argv(copy_of_gcc(wt2), wt2), build2 / "b.o"
    assert reason == "unsupported_language"
    subprocess.run(["gcc", "-c", f"{wt1}/src/b.c", "-o", "b.o", f"-I{wt1}/include"], cwd=build1, check=True)
    return build1, ["ar", "rcs", "libb.a", "b.o"], build1 / "libb.a"


@pytest.mark.parametrize("reason", ["git_root_unavailable", "path_outside_root", "path_sensitive_arg",
                                    "content_hash_mismatch", "toolchain_mismatch", "unsupported_language"])
def test_a_compile_that_is_not_shared_says_why(zc, worktrees, reason):
    cwd, argv, output = not_shared_case(zc, worktrees, reason)
    sid = session(zc, zc.root)
    bare = zc.run(argv, cwd=cwd)
    expected = output.read_bytes()
    output.unlink()
    got = zc.run([ZCCACHE, *argv], cwd=cwd, env={"ZCCACHE_PATH_REMAP": "auto", "ZCCACHE_SESSION_ID": sid})
    assert (got.returncode, got.stderr) == (bare.returncode, bare.stderr)
    if reason != "path_sensitive_arg":  # its object embeds the path as written, not remapped
        assert output.read_bytes() == expected
    line = session_lines(zc.root)[-1]
    assert line.get("worktree_reason") == reason, line
    assert "worktree_hit" not in line
    assert f"(not shared: {reason})" in (zc.root / "session.log").read_text()
    assert f"not shared with other worktrees ({reason})" in explain(zc, output)
    assert zc.status()["worktree_not_shared"][reason] >= 1
    assert reason in zc.zccache("status").stdout.decode()
    summary = json.loads(zc.zccache("session-end", sid, "--json").stdout)
    assert summary["worktree_not_shared"] == {reason: 1}, summary

"""Rust through RUSTC_WRAPPER=zccache: a generated cargo workspace (a chain of libraries, a
proc-macro, a build script feeding env!, a binary) built, checked and linted from the cache,
with every restored crate file byte-identical to what rustc wrote."""

import json
import os
import re
import shutil
import subprocess
import time
import pytest


from conftest import needs_tools, SETTLE_SECONDS, ZCCACHE, wait_until

pytestmark = needs_tools("cargo", "rustc")

CRATES = {
    "leaf": ("", "pub fn leaf() -> u32 { 1 }\n"),
    "mid": ('leaf = { path = "../leaf" }\n', "pub fn mid() -> u32 { leaf::leaf() + 10 }\n"),
    "top": ('mid = { path = "../mid" }\n', "pub fn top() -> u32 { mid::mid() + 100 }\n"),
    "other": ("", 'mod extra;\npub fn other() -> u32 { extra::extra() + include_str!("data.txt").len() as u32 }\n'),
    "usespm": ('pm = { path = "../pm" }\n', "pub fn answer() -> u32 { pm::answer!() }\n"),
    "envy": ("", 'pub fn value() -> &\'static str { env!("BUILD_VALUE") }\n'),
}
CACHEABLE = sorted(CRATES)  # the proc-macro, the build script and the binary are passed through


def write_workspace(zc):
    root = zc.work / "ws"
    members = list(CRATES) + ["pm", "app"]
    zc.write("ws/Cargo.toml", "[workspace]\nresolver = \"2\"\nmembers = [" + ", ".join(f'"{m}"' for m in members) + "]\n")
    for name, (deps, body) in CRATES.items():
        zc.write(f"ws/{name}/Cargo.toml", f'[package]\nname = "{name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n{deps}')
        zc.write(f"ws/{name}/src/lib.rs", body)
    zc.write("ws/other/src/extra.rs", "pub fn extra() -> u32 { 1000 }\n")
    zc.write("ws/other/src/data.txt", "four")
    zc.write("ws/envy/build.rs", 'fn main() {\n    println!("cargo:rustc-env=BUILD_VALUE={}", '
             'std::env::var("ENVY_VALUE").unwrap_or_else(|_| "none".into()));\n'
             '    println!("cargo:rerun-if-env-changed=ENVY_VALUE");\n}\n')
    zc.write("ws/pm/Cargo.toml", '[package]\nname = "pm"\nversion = "0.1.0"\nedition = "2021"\n\n[lib]\nproc-macro = true\n')
    zc.write("ws/pm/src/lib.rs", "extern crate proc_macro;\nuse proc_macro::TokenStream;\n"
             "#[proc_macro]\npub fn answer(_: TokenStream) -> TokenStream { \"42\".parse().unwrap() }\n")
    zc.write("ws/app/Cargo.toml", '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n' +
             "".join(f'{name} = {{ path = "../{name}" }}\n' for name in CRATES))
    zc.write("ws/app/src/main.rs", 'fn main() {\n    println!("{} {} {} {}", top::top(), other::other(), '
             'usespm::answer(), envy::value());\n}\n')
    return root


# The tests' HOME is a temp dir; rustup's toolchains stay where they are installed.
RUST_HOMES = {"RUSTUP_HOME": os.environ.get("RUSTUP_HOME", os.path.expanduser("~/.rustup")),
              "CARGO_HOME": os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))}


def cargo(zc, root, *args, cached=True, env=None):
    full = {"CARGO_INCREMENTAL": "0", "CARGO_TERM_COLOR": "never", **RUST_HOMES, **(env or {})}
    if cached:
        full["RUSTC_WRAPPER"] = ZCCACHE
    offline = [] if args[0] == "fmt" else ["--offline"]
    out = zc.run(["cargo", *args, *offline], cwd=root, env=full)
    assert out.returncode == 0, out.stderr.decode()
    return out


def journal_lines(zc):
    path = zc.cache / "logs" / "compile_journal.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def crate_outcomes(lines):
    """{crate name: outcome} for the rustc compiles among journal lines."""
    out = {}
    for line in lines:
        args = line["args"]
        if "--crate-name" in args and line["compiler"].endswith(("rustc", "clippy-driver")):
            out[args[args.index("--crate-name") + 1]] = line["outcome"]
    return out


def build_and_report(zc, root, *args, env=None):
    before = len(journal_lines(zc))
    out = cargo(zc, root, *args, env=env)
    return out, crate_outcomes(journal_lines(zc)[before:])


def crate_files(root, profile="debug"):
    deps = root / "target" / profile / "deps"
    return {p.name: p.read_bytes() for p in sorted(deps.iterdir())
            if p.suffix in (".rlib", ".rmeta", ".d") and p.name.split("-")[0].removeprefix("lib") in CRATES}


def run_app(root):
    return subprocess.run([str(root / "target" / "debug" / "app")], capture_output=True).stdout


def test_cargo_build_twice_hits_every_library_and_the_binary_prints_the_same(zc):
    root = write_workspace(zc)
    _, first = build_and_report(zc, root, "build")
    assert {c: first[c] for c in CACHEABLE} == {c: "miss" for c in CACHEABLE}
    assert first["pm"] == "uncacheable" and first["app"] == "uncacheable"
    printed, files = run_app(root), crate_files(root)
    assert printed == b"111 1004 42 none\n"

    cargo(zc, root, "clean")
    _, second = build_and_report(zc, root, "build")
    assert {c: second[c] for c in CACHEABLE} == {c: "hit" for c in CACHEABLE}
    assert run_app(root) == printed
    assert crate_files(root) == files

    # A bare build writes the very same crate files.
    cargo(zc, root, "clean")
    cargo(zc, root, "build", cached=False)
    assert crate_files(root) == files


def test_cargo_check_twice_hits(zc):
    root = write_workspace(zc)
    _, first = build_and_report(zc, root, "check")
    files = crate_files(root)
    assert all(first[c] == "miss" for c in CACHEABLE)
    cargo(zc, root, "clean")
    _, second = build_and_report(zc, root, "check")
    assert all(second[c] == "hit" for c in CACHEABLE), " ".join(f"{k}={v}" for k, v in sorted(second.items()))
    assert crate_files(root) == files


def test_editing_a_leaf_misses_it_and_its_dependents_only(zc):
    root = write_workspace(zc)
    cargo(zc, root, "build")
    zc.write("ws/leaf/src/lib.rs", "pub fn leaf() -> u32 { 2 }\n")
    cargo(zc, root, "clean")
    _, outcomes = build_and_report(zc, root, "build")
    assert {c: outcomes[c] for c in CACHEABLE} == {
        "leaf": "miss", "mid": "miss", "top": "miss", "other": "hit", "usespm": "hit", "envy": "hit"}
    assert run_app(root) == b"112 1004 42 none\n"


def test_module_and_included_files_are_dependencies(zc):
    root = write_workspace(zc)
    cargo(zc, root, "build")
    zc.write("ws/other/src/data.txt", "fives")
    cargo(zc, root, "clean")
    _, outcomes = build_and_report(zc, root, "build")
    assert outcomes["other"] == "miss" and outcomes["leaf"] == "hit"
    assert run_app(root) == b"111 1005 42 none\n"


def test_build_script_environment_read_by_env_macro_invalidates(zc):
    root = write_workspace(zc)
    cargo(zc, root, "build", env={"ENVY_VALUE": "first"})
    assert run_app(root) == b"111 1004 42 first\n"
    cargo(zc, root, "clean")
    _, outcomes = build_and_report(zc, root, "build", env={"ENVY_VALUE": "second"})
    assert outcomes["envy"] == "miss" and outcomes["leaf"] == "hit"
    assert run_app(root) == b"111 1004 42 second\n"
    cargo(zc, root, "clean")
    _, outcomes = build_and_report(zc, root, "build", env={"ENVY_VALUE": "first"})
    assert outcomes["envy"] == "hit"
    assert run_app(root) == b"111 1004 42 first\n"


def test_incremental_builds_pass_through_with_a_reason_and_a_hint(zc):
    root = write_workspace(zc)
    cargo(zc, root, "build")
    assert b"CARGO_INCREMENTAL" not in zc.zccache("status").stdout
    cargo(zc, root, "clean")
    sid = json.loads(zc.zccache("session-start").stdout)["session_id"]
    cargo(zc, root, "build", env={"CARGO_INCREMENTAL": "1", "ZCCACHE_SESSION_ID": sid})
    assert zc.reasons().get("incremental", 0) >= len(CACHEABLE)
    hint = re.compile(rb"^hint: \d+ rustc compiles used -C incremental.*CARGO_INCREMENTAL=0 to cache them$", re.M)
    assert hint.search(zc.zccache("status").stdout), zc.zccache("status").stdout
    assert hint.search(zc.zccache("session-end", sid).stdout)


def warnings(stderr):
    """The diagnostics in cargo's output, without its progress and timing lines."""
    return [line for line in stderr.decode().splitlines()
            if not line.strip().startswith(("Compiling", "Checking", "Finished", "Blocking", "Locking"))]


@needs_tools("cargo-clippy", "clippy-driver")
def test_clippy_warm_run_replays_its_diagnostics(zc):
    root = write_workspace(zc)
    zc.write("ws/other/src/extra.rs", "pub fn extra() -> u32 { return 1000; }\n")
    bare = cargo(zc, root, "clippy", cached=False)
    assert "needless_return" in bare.stderr.decode()
    cargo(zc, root, "clean")
    first, outcomes = build_and_report(zc, root, "clippy")
    assert all(outcomes[c] == "miss" for c in CACHEABLE), outcomes
    cargo(zc, root, "clean")
    second, outcomes = build_and_report(zc, root, "clippy")
    assert all(outcomes[c] == "hit" for c in CACHEABLE), outcomes
    assert warnings(second.stderr) == warnings(first.stderr) == warnings(bare.stderr)
    # clippy's configuration is a dependency.
    zc.write("ws/clippy.toml", "msrv = \"1.60\"\n")
    cargo(zc, root, "clean")
    _, outcomes = build_and_report(zc, root, "clippy")
    assert outcomes["other"] == "miss"


UNFORMATTED = {"src/main.rs": "mod util;\nfn main(){let x=util::one();println!(\"{}\",x);}\n",
               "src/util.rs": "pub fn one()->u32{1}\n"}


def fmt_project(zc):
    for rel, text in UNFORMATTED.items():
        zc.write(f"fmt/{rel}", text)
    return zc.work / "fmt"


def rustfmt(zc, root, *args, cached):
    argv = ([ZCCACHE] if cached else []) + ["rustfmt", "--edition", "2021", *args, "src/main.rs"]
    return zc.run(argv, cwd=root, env=RUST_HOMES)


def sources(root):
    return {rel: (root / rel).read_text() for rel in UNFORMATTED}


@needs_tools("rustfmt")
def test_rustfmt_check_replays_the_diff_and_exit_code(zc):
    zc.ordered_journal = True
    root = fmt_project(zc)
    bare = rustfmt(zc, root, "--check", cached=False)
    assert bare.returncode == 1 and b"util.rs" in bare.stdout  # the module's diff too
    for expected in ("miss", "hit"):
        got = rustfmt(zc, root, "--check", cached=True)
        assert (got.returncode, got.stdout, got.stderr) == (bare.returncode, bare.stdout, bare.stderr)
        assert [line["outcome"] for line in journal_lines(zc)][-1] == expected
    assert sources(root) == UNFORMATTED  # a check writes nothing
    # A module's change is a dependency change.
    zc.write("fmt/src/util.rs", "pub fn one()->u32{2}\n")
    got = rustfmt(zc, root, "--check", cached=True)
    assert journal_lines(zc)[-1]["outcome"] == "miss" and b"{2}" in got.stdout


@needs_tools("rustfmt")
def test_rustfmt_write_run_changes_only_files_that_need_it(zc):
    zc.ordered_journal = True
    root = fmt_project(zc)
    assert rustfmt(zc, root, cached=False).returncode == 0
    formatted = sources(root)
    assert formatted != UNFORMATTED
    for expected in ("miss", "hit"):
        fmt_project(zc)  # unformatted again
        got = rustfmt(zc, root, cached=True)
        assert got.returncode == 0 and (got.stdout, got.stderr) == (b"", b"")
        assert sources(root) == formatted
        assert journal_lines(zc)[-1]["outcome"] == expected
    # Formatted files are left alone: their modification times do not move.
    time.sleep(SETTLE_SECONDS)  # files written a moment ago are not stored as inputs
    rustfmt(zc, root, cached=True)  # the formatted state's own entry
    times = {rel: (root / rel).stat().st_mtime_ns for rel in UNFORMATTED}
    got = rustfmt(zc, root, cached=True)
    assert journal_lines(zc)[-1]["outcome"] == "hit" and got.returncode == 0
    assert {rel: (root / rel).stat().st_mtime_ns for rel in UNFORMATTED} == times
    # rustfmt.toml is a dependency.
    zc.write("fmt/rustfmt.toml", "tab_spaces = 2\n")
    fmt_project(zc)
    rustfmt(zc, root, cached=True)
    assert journal_lines(zc)[-1]["outcome"] == "miss"
    assert "\n  let x" in (root / "src/main.rs").read_text()


def test_warm_fills_a_cleaned_target_dir_from_the_cache(zc):
    root = write_workspace(zc)
    cargo(zc, root, "build")
    files = {name: data for name, data in crate_files(root).items() if not name.endswith(".d")}
    assert len(files) == 2 * len(CACHEABLE)  # .rlib and .rmeta of each
    cargo(zc, root, "clean")
    zc.stop()  # warm reads the index on disk, without the daemon
    out = zc.run([ZCCACHE, "warm"], cwd=root)
    assert out.returncode == 0, out.stderr
    assert f"restored {len(files)} files of {len(CACHEABLE)} crates".encode() in out.stdout, out.stdout
    assert {n: d for n, d in crate_files(root).items() if not n.endswith(".d")} == files
    again = zc.run([ZCCACHE, "warm"], cwd=root)
    assert b"restored 0 files" in again.stdout and f"{len(files)} already there".encode() in again.stdout
    # Nothing was built for another target directory.
    other = zc.run([ZCCACHE, "warm", "--target-dir", "elsewhere"], cwd=root)
    assert b"restored 0 files of 0 crates" in other.stdout
    # The next build finds the crates and hits for what it compiles.
    _, outcomes = build_and_report(zc, root, "build")
    assert all(outcomes.get(c, "hit") == "hit" for c in CACHEABLE), outcomes


@needs_tools("git")
def test_workspace_copied_to_another_path_hits_with_path_remap(zc):
    root = write_workspace(zc)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    remap = {"ZCCACHE_PATH_REMAP": "auto"}
    _, first = build_and_report(zc, root, "build", env=remap)
    assert all(first[c] == "miss" for c in CACHEABLE), first
    libraries = {n: d for n, d in crate_files(root).items() if not n.endswith(".d")}
    copy = zc.work / "ws-copy"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("target"))
    time.sleep(SETTLE_SECONDS)
    _, second = build_and_report(zc, copy, "build", env=remap)
    # The proc-macro is built by rustc itself in each copy, and its shared library embeds the
    # copy's path: the crate using it is keyed by that library's bytes and misses. Every
    # other library hits.
    expected = {c: "miss" if c == "usespm" else "hit" for c in CACHEABLE}
    assert {c: second[c] for c in CACHEABLE} == expected
    # Those hits are counted as the other checkout's, not as same-root hits.
    status = zc.status()
    assert status["worktree_hits"] == len(CACHEABLE) - 1 and status["same_root_hits"] == 0, status
    assert run_app(copy) == b"111 1004 42 none\n"
    # rustc mapped the checkout's path to "." in what it embeds: the same crate files serve both.
    assert {n: d for n, d in crate_files(copy).items() if not n.endswith(".d") and "usespm" not in n} == \
        {n: d for n, d in libraries.items() if "usespm" not in n}
    # Each copy's dep-info names its own files.
    for name, text in crate_files(copy).items():
        if name.endswith(".d"):
            assert str(root) + "/" not in text.decode() and str(copy) + "/" in text.decode(), name


@needs_tools("rustfmt")
def test_cargo_fmt_through_a_rustfmt_link_named_by_path(zc):
    zc.ordered_journal = True
    root = write_workspace(zc)
    zc.write("ws/leaf/src/lib.rs", "pub fn leaf()->u32{1}\n")
    link = zc.work / "links" / "rustfmt"
    link.parent.mkdir()
    link.symlink_to(ZCCACHE)
    cargo(zc, root, "fmt", cached=False, env={"RUSTFMT": str(link)})
    assert (root / "leaf/src/lib.rs").read_text() == "pub fn leaf() -> u32 {\n    1\n}\n"
    # The journal line is written after the reply: wait for it.
    assert wait_until(lambda: journal_lines(zc) and journal_lines(zc)[-1]["compiler"].endswith("rustfmt"))


@needs_tools("cargo-clippy", "clippy-driver")
def test_clippy_denied_lint_failure_is_replayed_but_a_real_error_is_not(zc):
    root = write_workspace(zc)
    zc.write("ws/other/src/extra.rs", "pub fn extra() -> u32 { return 1000; }\n")

    def clippy(expect_ok):
        before = len(journal_lines(zc))
        full = {"CARGO_INCREMENTAL": "0", "CARGO_TERM_COLOR": "never", "RUSTC_WRAPPER": ZCCACHE, **RUST_HOMES}
        out = zc.run(["cargo", "clippy", "--offline", "-p", "other", "--", "-D", "warnings"], cwd=root, env=full)
        assert (out.returncode == 0) == expect_ok, out.stderr.decode()
        wait_until(lambda: "other" in crate_outcomes(journal_lines(zc)[before:]))  # written after the reply
        return out, crate_outcomes(journal_lines(zc)[before:])

    first, outcomes = clippy(False)
    assert outcomes["other"] == "miss"
    second, outcomes = clippy(False)
    assert outcomes["other"] == "hit"
    assert warnings(second.stderr) == warnings(first.stderr)
    assert "needless_return" in second.stderr.decode()
    # A module that does not exist: a real error, run again every time (creating it must count).
    zc.write("ws/other/src/lib.rs", "mod extra;\nmod later;\npub fn other() -> u32 { extra::extra() + later::n() }\n")
    for _ in range(2):
        _, outcomes = clippy(False)
        assert outcomes["other"] == "error"
    zc.write("ws/other/src/later.rs", "pub fn n() -> u32 { 1 }\n")
    _, outcomes = clippy(False)  # the lint still fails it, now on its own
    assert outcomes["other"] == "miss"


@needs_tools("git")
def test_a_narrower_user_remap_path_prefix_still_wins(zc):
    """With ZCCACHE_PATH_REMAP, ours goes before the build's arguments: rustc applies the last
    matching --remap-path-prefix, so a map of the build's for a directory inside the checkout
    names its files as asked, equal to a bare run given ours first, and another checkout hits."""
    roots = [zc.work / name for name in ("one", "two")]
    for root in roots:
        zc.write(f"{root.name}/src/lib.rs", "pub fn where_() -> &'static str { file!() }\n", settle=False)
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    time.sleep(SETTLE_SECONDS)
    for root in roots:
        out = root / "out"
        out.mkdir()
        argv = ["rustc", "--crate-name", "where", "--edition", "2021", "--crate-type", "lib",
                "--emit=dep-info,metadata,link", "-C", "debuginfo=2", f"--remap-path-prefix={root}/src=SRC",
                f"{root}/src/lib.rs", "--out-dir", str(out)]
        bare = zc.run(argv[:1] + [f"--remap-path-prefix={root}=."] + argv[1:], cwd=root, env=RUST_HOMES)
        assert bare.returncode == 0, bare.stderr
        expected = (out / "libwhere.rlib").read_bytes()
        assert b"SRC/lib.rs" in expected and str(root).encode() not in expected
        for name in ("libwhere.rlib", "libwhere.rmeta", "where.d"):
            (out / name).unlink()
        got = zc.run([ZCCACHE, *argv], cwd=root, env={"ZCCACHE_PATH_REMAP": "auto", **RUST_HOMES})
        assert got.returncode == 0, got.stderr
        assert (out / "libwhere.rlib").read_bytes() == expected, root.name
    assert zc.counters()["hits"] == 1


@needs_tools("git")
@pytest.mark.parametrize("spelling", ["joined", "separate"])
def test_a_user_remap_path_prefix_for_the_root_itself_replaces_ours(zc, spelling):
    """The build maps the checkout itself, in either spelling of the flag: the crate is the bare
    run's with the build's map (that ours is then left out is path_remap_test's; rustc's output
    is the same either way, the build's map being the last)."""
    root = zc.work / "one"
    zc.write("one/src/lib.rs", "pub fn where_() -> &'static str { file!() }\n", settle=False)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    time.sleep(SETTLE_SECONDS)
    out = root / "out"
    out.mkdir()
    remap = [f"--remap-path-prefix={root}=ROOT"] if spelling == "joined" else ["--remap-path-prefix", f"{root}=ROOT"]
    argv = ["rustc", "--crate-name", "where", "--edition", "2021", "--crate-type", "lib",
            "--emit=dep-info,metadata,link", "-C", "debuginfo=2", *remap, f"{root}/src/lib.rs", "--out-dir", str(out)]
    bare = zc.run(argv, cwd=root, env=RUST_HOMES)
    assert bare.returncode == 0, bare.stderr
    expected = (out / "libwhere.rlib").read_bytes()
    assert b"ROOT/src/lib.rs" in expected
    for name in ("libwhere.rlib", "libwhere.rmeta", "where.d"):
        (out / name).unlink()
    got = zc.run([ZCCACHE, *argv], cwd=root, env={"ZCCACHE_PATH_REMAP": "auto", **RUST_HOMES})
    assert got.returncode == 0, got.stderr
    assert (out / "libwhere.rlib").read_bytes() == expected

"""What the cache does not take runs as the bare compiler would, counted under a reason."""

import pytest

from conftest import ZCCACHE


def same_as_bare(zc, argv, outputs, stdin=None, presence_only=()):
    """`presence_only`: outputs carrying a stamp of their own (PCH, coverage), compared by existence."""
    bare = zc.compile(argv, outputs, via_cache=False) if stdin is None else None
    if stdin is not None:
        bare_proc = zc.run(argv, input=stdin)
        cached_proc = zc.run([ZCCACHE, *argv], input=stdin)
        assert (cached_proc.returncode, cached_proc.stdout, cached_proc.stderr) == (
            bare_proc.returncode, bare_proc.stdout, bare_proc.stderr)
        return
    cached = zc.compile(argv, outputs, via_cache=True)
    for result in (bare, cached):
        for name in presence_only:
            result.outputs[name] = result.outputs[name] is not None
    assert cached.same_as(bare), f"{cached}\n{bare}"


CASES = [
    ("compile_and_link", ["gcc", "main.c", "-o", "app"], ["app"]),
    ("preprocessing", ["gcc", "-E", "main.c", "-o", "main.i"], ["main.i"]),
    ("dependency_listing_only", ["gcc", "-M", "main.c"], []),
    ("profile_or_coverage", ["gcc", "-fprofile-generate", "-c", "main.c", "-o", "main.o"], ["main.o"], ["main.o"]),
    ("extra_output_files", ["gcc", "-fstack-usage", "-c", "main.c", "-o", "main.o"], ["main.o", "main.su"]),
    ("precompiled_header", ["gcc", "-c", "hdr.h", "-o", "hdr.h.gch"], ["hdr.h.gch"], ["hdr.h.gch"]),
    ("multiple_source_files", ["gcc", "-c", "main.c", "other.c", "-o", "x.o"], ["x.o"]),
    ("multiple_arch", ["clang", "-arch", "x86_64", "-arch", "i386", "-c", "main.c"], ["main.o"]),
    ("missing_option_argument", ["gcc", "-c", "main.c", "-o"], []),
    ("no_input_file", ["gcc", "-c"], []),
    # A driver query beside -c and a source compiles nothing (meson's `--print-search-dirs` probe).
    ("driver_query", ["gcc", "-c", "main.c", "-o", "main.o", "--print-search-dirs"], ["main.o"]),
    ("driver_query", ["gcc", "-c", "main.c", "-o", "main.o", "-print-file-name=libc.so"], ["main.o"]),
    ("driver_query", ["clang", "-c", "main.c", "-o", "main.o", "-print-resource-dir"], ["main.o"]),
    ("driver_query", ["gcc", "-c", "main.c", "-o", "main.o", "-dumpmachine"], ["main.o"]),
    ("driver_query", ["gcc", "-c", "main.c", "-o", "main.o", "--version"], ["main.o"]),
    ("driver_query", ["clang", "-c", "main.c", "-o", "main.o", "-###"], ["main.o"]),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_passthrough_with_reason(zc, case):
    reason, argv, outputs = case[:3]
    presence_only = case[3] if len(case) > 3 else ()
    zc.write("main.c", "#include <stdio.h>\nint main(void) { return puts(\"hi\") < 0; }\n")
    zc.write("other.c", "int other;\n")
    zc.write("hdr.h", "int hdr;\n")
    same_as_bare(zc, argv, outputs, presence_only=presence_only)
    assert zc.reasons().get(reason) == 1, zc.reasons()
    assert zc.counters()["hits"] == 0 and zc.counters()["misses"] == 0


def test_stdin_input(zc):
    same_as_bare(zc, ["gcc", "-x", "c", "-c", "-", "-o", "/dev/null"], [], stdin=b"int x;\n")
    assert zc.reasons().get("stdin_input") == 1


def test_unknown_compiler(zc):
    zc.write("f.txt", "hello\n")
    same_as_bare(zc, ["cat", "f.txt"], [])
    assert zc.reasons().get("unknown_compiler") == 1


def test_dependencies_output_env_is_uncacheable(zc):
    zc.write("a.c", "int a;\n")
    r = zc.zccache("gcc", "-c", "a.c", env={"DEPENDENCIES_OUTPUT": "env.d"})
    assert r.returncode == 0 and (zc.work / "env.d").exists()
    assert zc.reasons().get("dependency_output_env") == 1


def test_unwritable_output_dir_behaves_like_bare(zc):
    zc.write("a.c", "int a;\n")
    same_as_bare(zc, ["gcc", "-c", "a.c", "-o", "missing-dir/a.o"], [])
    assert zc.reasons().get("destination_write_failed") == 1


MALFORMED = {
    "dangling_o": ["-c", "main.c", "-o"],
    "MF_without_value": ["-c", "main.c", "-MD", "-MF"],
    "MT_without_value": ["-c", "main.c", "-MD", "-MT"],
    "I_without_value": ["-c", "main.c", "-I"],
    "x_without_value": ["-c", "main.c", "-x"],
    "no_input": ["-c"],
    "missing_input": ["-c", "missing.c", "-o", "m.o"],
    "unknown_flag": ["-c", "main.c", "--no-such-flag", "-o", "m.o"],
    "output_dir_missing": ["-c", "main.c", "-o", "no/such/dir/m.o"],
    "missing_response_file": ["-c", "@missing.rsp"],
    "empty_argument": ["-c", "main.c", "", "-o", "m.o"],
    "two_outputs": ["-c", "main.c", "-o", "a.o", "-o", "m.o"],
}


@pytest.mark.parametrize("compiler", ["gcc", "clang++"])
@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_command_lines_behave_like_bare(zc, compiler, case):
    zc.write("main.c", "int main(void) { return 0; }\n")
    same_as_bare(zc, [compiler, *MALFORMED[case]], ["m.o", "a.o", "main.o", "main.d"])

"""`@file` arguments are expanded by the daemon before keying, so the expanded command decides."""

import pytest

from conftest import COMPILERS, assert_cached_like_bare, source_ext

QUOTED = """-O1 "-DGREETING=\\"hello world\\"" '-DSINGLE="a b"'
-DESCAPED=\\"c\\ d\\" @nested/more.rsp
"""


@pytest.mark.parametrize("compiler", COMPILERS)
def test_nested_quoted_response_files_hit_like_bare(zc, compiler):
    src = "r" + source_ext(compiler)
    zc.write(src, "const char *g = GREETING, *s = SINGLE, *e = ESCAPED; int v = VALUE;\n")
    zc.write("flags.rsp", QUOTED)
    zc.write("nested/more.rsp", "-DVALUE=7\n-Wall\n")
    assert_cached_like_bare(zc, [compiler, "@flags.rsp", "-c", src, "-o", "r.o"], ["r.o"])


def test_a_new_rsp_file_with_the_same_words_hits(zc):
    zc.write("a.c", "int a(void) { return X; }\n")
    zc.write("one.rsp", "-DX=1 -c a.c -o a.o\n")
    zc.write("two.rsp", "-DX=1\n-c\ta.c   -o a.o")
    bare = zc.compile(["gcc", "@one.rsp"], ["a.o"], via_cache=False)
    assert zc.compile(["gcc", "@one.rsp"], ["a.o"], via_cache=True).same_as(bare)
    assert zc.compile(["gcc", "@two.rsp"], ["a.o"], via_cache=True).same_as(bare)
    assert zc.counters()["hits"] == 1


def test_changed_rsp_contents_miss(zc):
    zc.write("a.c", "int a(void) { return X; }\n")
    zc.write("f.rsp", "-DX=1")
    zc.compile(["gcc", "@f.rsp", "-c", "a.c"], ["a.o"], via_cache=True)
    zc.write("f.rsp", "-DX=2")
    bare = zc.compile(["gcc", "@f.rsp", "-c", "a.c"], ["a.o"], via_cache=False)
    assert zc.compile(["gcc", "@f.rsp", "-c", "a.c"], ["a.o"], via_cache=True).same_as(bare)
    assert zc.counters()["misses"] == 2


@pytest.mark.parametrize("compiler", ["gcc", "clang"])
def test_missing_or_cyclic_rsp_behaves_like_the_compiler(zc, compiler):
    zc.write("a.c", "int a(void) { return 0; }\n")
    zc.write("loop.rsp", "@loop2.rsp")
    zc.write("loop2.rsp", "-c @loop.rsp")
    for argv, reason in (([compiler, "@absent.rsp", "-c", "a.c"], "response_file_missing"),
                         ([compiler, "@loop.rsp", "a.c"], "response_file_cycle")):
        bare = zc.compile(argv, ["a.o"], via_cache=False)
        cached = zc.compile(argv, ["a.o"], via_cache=True)
        assert (cached.returncode, cached.outputs) == (bare.returncode, bare.outputs)
        assert cached.returncode != 0
        assert zc.reasons().get(reason) == 1, zc.reasons()

"""Emscripten through zccache: emcc/em++ compiles, emcc links with their .wasm/.data side files,
and wasm-ld called directly, each hit byte-identical to a bare run; the toolchain's config and
environment, and every file a link reads, invalidate."""

import pathlib
import re

import pytest

from conftest import needs_tools, ZCCACHE, assert_cached_like_bare
from test_analysis_tools import ordered_journal, outcomes  # noqa: F401 (a fixture)

pytestmark = needs_tools("emcc", "wasm-ld", "node")


def sources(zc):
    zc.write("inc/config.h", "#define FACTOR 3\n")
    zc.write("lib.c", '#include "config.h"\nint scale(int v) { return v * FACTOR; }\n')
    zc.write("main.c", '#include <stdio.h>\nint scale(int);\nint main(void) { printf("%d\\n", scale(14)); return 0; }\n')


def objects(zc):
    sources(zc)
    for name in ("lib", "main"):
        out = zc.run(["emcc", "-Iinc", "-c", f"{name}.c", "-o", f"{name}.o"])
        assert out.returncode == 0, out.stderr


@pytest.mark.parametrize("driver", ["emcc", "em++"])
def test_compile_hit_equals_bare_with_dep_file(zc, driver):
    sources(zc)
    argv = [driver, "-O2", "-Iinc", "-MD", "-MF", "lib.d", "-c", "lib.c", "-o", "lib.o"]
    bare = assert_cached_like_bare(zc, argv, ["lib.o", "lib.d"])
    assert bare.outputs["lib.o"].startswith(b"\0asm")


def test_header_change_misses(zc):
    sources(zc)
    argv = ["emcc", "-Iinc", "-c", "lib.c", "-o", "lib.o"]
    assert_cached_like_bare(zc, argv, ["lib.o"])
    zc.write("inc/config.h", "#define FACTOR 4\n")
    assert_cached_like_bare(zc, argv, ["lib.o"])


def test_emcc_and_em_plus_plus_do_not_share_results(zc):
    sources(zc)
    assert_cached_like_bare(zc, ["emcc", "-Iinc", "-c", "lib.c", "-o", "lib.o"], ["lib.o"])
    # The same launcher script, called by another name: C++ this time (mangled names).
    assert_cached_like_bare(zc, ["em++", "-Iinc", "-c", "lib.c", "-o", "lib.o"], ["lib.o"])


def test_config_file_and_environment_are_keyed(zc):
    sources(zc)
    argv = ["emcc", "-Iinc", "-c", "lib.c", "-o", "lib.o"]
    assert_cached_like_bare(zc, argv, ["lib.o"])
    # The same settings in another config file: its content is keyed, so a miss.
    config = zc.write("em_config", pathlib.Path("/usr/share/emscripten/.emscripten").read_text() + "\n# copy\n")
    assert_cached_like_bare(zc, argv, ["lib.o"], env={"EM_CONFIG": str(config)})
    # Flags from the environment change the object.
    flagged = assert_cached_like_bare(zc, argv, ["lib.o"], env={"EMCC_CFLAGS": "-DFACTOR_OVERRIDE=1 -O3"})
    assert flagged.outputs["lib.o"] != zc.compile(argv, ["lib.o"], via_cache=False).outputs["lib.o"]


def test_link_restores_js_and_wasm_and_runs(zc):
    objects(zc)
    zc.write("pre.js", "Module.preRan = true;\n")
    argv = ["emcc", "main.o", "lib.o", "--pre-js", "pre.js", "-s", "EXIT_RUNTIME=1", "-o", "app.js"]
    bare = zc.compile(argv, ["app.js", "app.wasm"], via_cache=False)
    assert bare.returncode == 0, bare.stderr
    for expected in (["link_miss"], ["link_hit"]):
        got = zc.compile(argv, ["app.js", "app.wasm"], via_cache=True)
        assert got.same_as(bare), f"{got}\n{bare}"
        assert outcomes(zc, 1) == expected
    # Emscripten 3.1.6's loader predates Node's fetch(), which cannot read a file path.
    assert zc.run(["node", "--no-experimental-fetch", "app.js"]).stdout == b"42\n"


def test_link_inputs_named_by_options_and_objects_invalidate(zc):
    objects(zc)
    zc.write("pre.js", "Module.preRan = 1;\n")
    argv = ["emcc", "main.o", "lib.o", "--pre-js=pre.js", "-o", "app.js"]
    outputs = ["app.js", "app.wasm"]

    def link_like_bare(expected):
        bare = zc.compile(argv, outputs, via_cache=False)
        got = zc.compile(argv, outputs, via_cache=True)
        assert got.same_as(bare) and outcomes(zc, 1) == [expected]

    link_like_bare("link_miss")
    link_like_bare("link_hit")
    zc.write("pre.js", "Module.preRan = 2;\n")
    link_like_bare("link_miss")
    zc.write("inc/config.h", "#define FACTOR 5\n")
    assert zc.run(["emcc", "-Iinc", "-c", "lib.c", "-o", "lib.o"]).returncode == 0
    link_like_bare("link_miss")
    link_like_bare("link_hit")


def without_package_uuid(js):
    """emcc stamps each preload package with a random UUID: no two bare links are equal there."""
    return re.sub(rb'"package_uuid": "[0-9a-f-]+"', b'"package_uuid": ""', js)


def test_preloaded_data_file_is_a_side_file(zc):
    objects(zc)
    zc.write("assets/data.txt", "payload\n")
    argv = ["emcc", "main.o", "lib.o", "--preload-file", "assets/data.txt@/data.txt", "-o", "app.js"]
    outputs = ["app.js", "app.wasm", "app.data"]

    def masked(result):
        result.outputs["app.js"] = without_package_uuid(result.outputs["app.js"])
        return result

    bare = masked(zc.compile(argv, outputs, via_cache=False))
    assert bare.returncode == 0 and bare.outputs["app.data"], bare.stderr
    miss = zc.compile(argv, outputs, via_cache=True)
    hit = zc.compile(argv, outputs, via_cache=True)
    assert hit.same_as(miss), "the hit restores exactly what the link wrote"
    assert masked(hit).same_as(bare), f"{hit}\n{bare}"
    assert outcomes(zc, 2) == ["link_miss", "link_hit"]
    zc.write("assets/data.txt", "changed payload\n")
    bare = masked(zc.compile(argv, outputs, via_cache=False))
    assert masked(zc.compile(argv, outputs, via_cache=True)).same_as(bare)
    assert outcomes(zc, 1) == ["link_miss"]


def test_wasm_ld_called_directly(zc):
    objects(zc)
    argv = ["wasm-ld", "--no-entry", "--export", "scale", "lib.o", "-o", "lib.wasm"]
    outputs = ["lib.wasm"]
    bare = zc.compile(argv, outputs, via_cache=False)
    assert bare.returncode == 0, bare.stderr
    for expected in ("link_miss", "link_hit"):
        got = zc.compile(argv, outputs, via_cache=True)
        assert got.same_as(bare), f"{got}\n{bare}"
        assert outcomes(zc, 1) == [expected]
    # A user's own --trace output is kept.
    traced = argv + ["--trace"]
    bare = zc.compile(traced, outputs, via_cache=False)
    assert b"lib.o" in bare.stdout
    for _ in range(2):
        assert zc.compile(traced, outputs, via_cache=True).same_as(bare)
    assert outcomes(zc, 2) == ["link_miss", "link_hit"]

#!/usr/bin/env python3
"""Cold and warm builds of the benchmark's generated project, with where a warm build's time goes.

Interleaved cold builds (bare, ccache, zccache, each cache emptied first) give the miss
overhead; warm rebuilds after `ninja -t clean` are split by ninja's own log into the compiles
and the static-library step that follows them, which no compiler cache sees.
Usage: python3 bench/build_breakdown.py [FILES=500] [COLD_ROUNDS=2]   (after bash scripts/build.sh)"""

import json
import statistics
import sys

import bench

TOOLS = ["bare", "ccache", "zccache"]


def edges(build):
    """(start ms, end ms, output) for each edge of the last build, from .ninja_log."""
    out = []
    for line in (build / ".ninja_log").read_text().splitlines()[1:]:
        start, end, _, name, _ = line.split("\t")
        out.append((int(start), int(end), name))
    return out


def main():
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    b = bench.Bench(quick=False)
    project = b.generate_project(files)
    builds = {tool: b.configure(project, tool) for tool in TOOLS}
    cold = {tool: [] for tool in TOOLS}
    for _ in range(rounds):
        b.clear_caches()
        for tool in TOOLS:
            cold[tool].append(round(b.timed_build(builds[tool]), 2))
            print(f"{tool} cold {cold[tool][-1]} s", flush=True)
    warm = {tool: [] for tool in TOOLS[1:]}
    for _ in range(3):
        for tool in TOOLS[1:]:
            (builds[tool] / ".ninja_log").unlink()
            seconds = b.timed_build(builds[tool])
            log = edges(builds[tool])
            compiles = [end - start for start, end, name in log if name.endswith(".o")]
            warm[tool].append({"seconds": round(seconds, 3), "compile_median_ms": statistics.median(compiles),
                               "compiles_done_ms": max(end for _, end, name in log if name.endswith(".o")),
                               "archive_ms": sum(end - start for start, end, name in log if not name.endswith(".o"))})
            print(tool, "warm", warm[tool][-1], flush=True)
    b.run([bench.ZCCACHE, "stop"], check=False)
    b.run(["sccache", "--stop-server"], check=False)
    medians = {tool: statistics.median(v) for tool, v in cold.items()}
    print(json.dumps({"files": files, "cold_s": cold, "cold_over_bare": {t: medians[t] / medians["bare"] for t in TOOLS},
                      "warm": warm}, indent=1))


if __name__ == "__main__":
    main()

"""The store empty and at a thousand, a hundred thousand and a million entries: daemon start-up,
`status` and a hit, and the daemon's memory, each against the same figures in an empty store. The
entries are synthetic (bench/tools/fill_index.cpp writes them into the index); the hit is a
real compile's, stored beside them. `bench/run.sh --only store`."""

import json
import pathlib
import shutil

FILL = pathlib.Path(__file__).resolve().parents[1] / "build" / "bench" / "zccache-bench-fill-index"


def sizes(quick):
    return [0, 1_000, 10_000] if quick else [0, 1_000, 100_000, 1_000_000]


def rss_kib(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None


def measure(bench, count):
    root = bench.work / f"store-{count}"
    env = dict(bench.env, ZCCACHE_CACHE_DIR=str(root))
    saved, bench.env = bench.env, env
    try:
        bench.run([bench.zccache, "stop"], check=False)
        shutil.rmtree(root, ignore_errors=True)
        if count > 0:
            bench.run([str(FILL), str(root), str(count)])
        src = root / "src"
        src.mkdir(parents=True)
        (src / "hit.c").write_text('#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n')
        hit = [bench.zccache, "gcc", "-O2", "-c", str(src / "hit.c"), "-o", str(src / "hit.o")]
        bench.run(hit)
        bench.run(hit)
        status = json.loads(bench.run([bench.zccache, "status", "--json"]).stdout)
        times = bench.hyperfine({"hit": hit, "status": [bench.zccache, "status", "--json"]}, 30, f"store{count}")
        # Start-up: the client that finds no daemon starts one and waits until it listens.
        start = bench.hyperfine_prepared({"start": [bench.zccache, "start"]}, [bench.zccache, "stop"], 10,
                                         f"store{count}-start")
        bench.run(hit)
        pid = json.loads(bench.run([bench.zccache, "status", "--json"]).stdout)["pid"]
        return {"entries": status["entries"], "stored_bytes": status["artifact_bytes"],
                "hit_ms": times["hit"]["median_ms"], "status_ms": times["status"]["median_ms"],
                "start_ms": start["start"]["median_ms"], "daemon_rss_kib": rss_kib(pid)}
    finally:
        bench.run([bench.zccache, "stop"], check=False)
        bench.env = saved
        shutil.rmtree(root, ignore_errors=True)


def run(bench):
    return {str(n): measure(bench, n) for n in sizes(bench.quick)}


def render(results):
    lines = ["", "## The store at scale (synthetic entries, beside the hit's own; medians, ms)", "",
             "| synthetic entries | daemon start | `status --json` | hit | daemon RSS |", "|---|---|---|---|---|"]
    for count, r in results.items():
        lines.append(f"| {int(count):,} | {r['start_ms']:.1f} | {r['status_ms']:.2f} | {r['hit_ms']:.2f} | "
                     f"{r['daemon_rss_kib'] / 1024:.1f} MiB |")
    return lines

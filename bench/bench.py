#!/usr/bin/env python3
"""zccache, ccache, sccache and the bare compiler on the same work, in the same run.

Each tool has a private cache. Per-hit latency uses hyperfine; whole builds are timed in
interleaved rounds (bare, ccache, sccache, zccache, bare, ...) so that machine drift cancels,
and ratios are taken from medians of the same run."""

import argparse
import datetime
import json
import os
import pathlib
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import realworld
import store_scaling

ROOT = pathlib.Path(__file__).resolve().parents[1]
ZCCACHE = str(ROOT / "build" / "src" / "zccache")
TOOLS = ["bare", "ccache", "sccache", "zccache"]
HEAVY_HEADERS = ["<regex>", "<filesystem>", "<iostream>", "<map>", "<unordered_map>", "<vector>", "<string>",
                 "<algorithm>", "<functional>", "<memory>", "<thread>", "<future>", "<sstream>", "<chrono>"]


def has_tool(name):
    """Whether a scenario's tool is on PATH. Under CI=true a missing one is an error, not a
    scenario quietly left out: scripts/install-deps.sh test installs them all."""
    if shutil.which(name):
        return True
    if os.environ.get("CI") == "true":
        sys.exit(f"bench: {name} is not installed (scripts/install-deps.sh test installs it)")
    return False


def launcher(tool):
    return {"bare": [], "ccache": ["ccache"], "sccache": ["sccache"], "zccache": [ZCCACHE]}[tool]


class Bench:
    # For the scenarios kept in their own modules (realworld.py).
    tools = TOOLS
    launcher = staticmethod(launcher)
    zccache = ZCCACHE

    def __init__(self, quick, only=()):
        self.quick = quick
        self.only = [name.strip().lower() for name in only if name.strip()]
        self.work = pathlib.Path(tempfile.mkdtemp(prefix="zccache-bench-"))
        # CMake's static-library rule takes no launcher: zccache gets ar and ranlib as masquerade
        # links (CMAKE_AR, CMAKE_RANLIB). ccache and sccache cannot cache them.
        self.links = self.work / "links"
        self.links.mkdir()
        for tool in ("ar", "ranlib"):
            os.symlink(ZCCACHE, self.links / tool)
        self.env = dict(os.environ)
        self.env.update({
            "CCACHE_DIR": str(self.work / "cache-ccache"),
            "SCCACHE_DIR": str(self.work / "cache-sccache"),
            "SCCACHE_IDLE_TIMEOUT": "0",
            "ZCCACHE_CACHE_DIR": str(self.work / "cache-zccache"),
            "LANG": "C",
        })
        self.results = {"date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
                        "quick": quick, "only": self.only, "machine": {"nproc": os.cpu_count()}, "scenarios": {}}

    # Helpers -------------------------------------------------------------------------------
    def run(self, argv, cwd=None, check=True, **kw):
        return subprocess.run(argv, cwd=cwd or self.work, env=self.env, check=check, capture_output=True, **kw)

    def clear_caches(self):
        self.run(["ccache", "-C", "-z"], check=False)
        self.run(["sccache", "--stop-server"], check=False)
        shutil.rmtree(self.env["SCCACHE_DIR"], ignore_errors=True)
        self.run(["sccache", "--start-server"], check=False)
        self.run([ZCCACHE, "clear"], check=False)

    def hits(self):
        out = {}
        ccache = self.run(["ccache", "--print-stats"], check=False).stdout.decode()
        stats = dict(line.split("\t") for line in ccache.splitlines() if "\t" in line)
        out["ccache"] = int(stats.get("direct_cache_hit", 0)) + int(stats.get("preprocessed_cache_hit", 0))
        sc = self.run(["sccache", "--show-stats", "--stats-format=json"], check=False).stdout.decode()
        try:
            counts = json.loads(sc)["stats"]["cache_hits"]["counts"]
            out["sccache"] = sum(counts.values())
        except (ValueError, KeyError):
            out["sccache"] = None
        out["zccache"] = json.loads(self.run([ZCCACHE, "status", "--json"]).stdout)["hits"]
        return out

    def hyperfine(self, commands, runs, label, warmup=5, cwd=None):
        export = self.work / f"hf-{label}.json"
        argv = ["hyperfine", "-N", "--style", "none", "-w", str(warmup), "-r", str(runs), "--export-json", str(export)]
        for name, cmd in commands.items():
            argv += ["-n", name, " ".join(cmd)]
        self.run(argv, cwd=cwd)
        data = json.loads(export.read_text())["results"]
        return {r["command"]: {"median_ms": r["median"] * 1e3, "mean_ms": r["mean"] * 1e3,
                               "stddev_ms": (r["stddev"] or 0) * 1e3, "min_ms": r["min"] * 1e3,
                               "max_ms": r["max"] * 1e3} for r in data}

    def hyperfine_prepared(self, commands, prepare, runs, label, cwd=None):
        """Like hyperfine(), with `prepare` run before each timed run (and no warm-up)."""
        export = self.work / f"hf-{label}.json"
        argv = ["hyperfine", "-N", "--style", "none", "-r", str(runs), "-p", shlex.join(prepare),
                "--export-json", str(export)]
        for name, cmd in commands.items():
            argv += ["-n", name, shlex.join(cmd)]
        self.run(argv, cwd=cwd)
        data = json.loads(export.read_text())["results"]
        return {r["command"]: {"median_ms": r["median"] * 1e3, "mean_ms": r["mean"] * 1e3} for r in data}

    # Scenario 1 ----------------------------------------------------------------------------
    def per_hit_latency(self):
        src = self.work / "hit"
        src.mkdir()
        (src / "small.c").write_text('#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n')
        (src / "heavy.cpp").write_text("".join(f"#include {h}\n" for h in HEAVY_HEADERS) +
                                       "int main() { std::regex r(\"a+\"); return std::regex_match(\"aa\", r) ? 0 : 1; }\n")
        time.sleep(0.1)
        out = {}
        for name, compiler in (("small_c", "gcc"), ("heavy_cpp", "g++")):
            file = "small.c" if name == "small_c" else "heavy.cpp"
            cmds = {"/bin/true": ["/bin/true"]}
            for tool in TOOLS:
                cmd = launcher(tool) + [compiler, "-O2", "-c", str(src / file), "-o", str(src / f"{tool}.o")]
                if tool == "bare":
                    bare = cmd
                    continue
                self.run(cmd)
                self.run(cmd)  # warm
                cmds[tool] = cmd
            out[name] = self.hyperfine(cmds, 30, name)
            # The bare compile is the reference, not the subject: a few runs, no warm-up.
            out[name].update(self.hyperfine({"bare": bare}, 1 if self.quick else 5, name + "-bare", warmup=0))
        self.results["scenarios"]["per_hit_latency"] = out

    # Scenario 2 ----------------------------------------------------------------------------
    def header_scaling(self):
        counts = [10, 100, 1000] if self.quick else [10, 100, 1000, 5000]
        out = {}
        for n in counts:
            d = self.work / f"headers{n}"
            (d / "inc").mkdir(parents=True)
            for i in range(n):
                (d / "inc" / f"h{i}.h").write_text(f"#pragma once\nstatic inline int h{i}(void) {{ return {i}; }}\n")
            (d / "tu.c").write_text("".join(f'#include "h{i}.h"\n' for i in range(n)) + "int tu(void) { return 0; }\n")
            time.sleep(0.1)
            cmds = {}
            for tool in TOOLS[1:]:
                cmd = launcher(tool) + ["gcc", "-Iinc", "-c", str(d / "tu.c"), "-I", str(d / "inc"), "-o", str(d / f"{tool}.o")]
                self.run(cmd, cwd=d)
                self.run(cmd, cwd=d)
                cmds[tool] = cmd
            out[str(n)] = self.hyperfine(cmds, 15 if self.quick else 30, f"headers{n}", cwd=d)
        self.results["scenarios"]["header_scaling"] = out

    # Scenario 3 and 4 ----------------------------------------------------------------------
    def generate_project(self, files):
        d = self.work / f"gen{files}"
        (d / "src").mkdir(parents=True)
        (d / "include").mkdir()
        for i in range(files):
            (d / "include" / f"m{i}.h").write_text(f"#pragma once\n#include <string>\nstd::string m{i}(int);\n")
            (d / "src" / f"m{i}.cpp").write_text(
                f'#include "m{i}.h"\n#include <vector>\n#include <map>\n#include <sstream>\n'
                f"std::string m{i}(int x) {{ std::map<int, std::vector<int>> m; m[x].push_back({i});"
                f" std::ostringstream o; o << m.size() << x; return o.str(); }}\n")
        (d / "CMakeLists.txt").write_text(
            "cmake_minimum_required(VERSION 3.16)\nproject(gen CXX)\n"
            f"add_library(gen STATIC {' '.join(f'src/m{i}.cpp' for i in range(files))})\n"
            "target_include_directories(gen PRIVATE include)\n")
        return d

    def configure(self, source, tool, extra=(), inside=False):
        """A build directory per tool: under builds/, or inside the source tree (`inside`)."""
        build = source / f"build-{tool}" if inside else self.work / "builds" / f"{source.name}-{tool}"
        shutil.rmtree(build, ignore_errors=True)
        argv = ["cmake", "-S", str(source), "-B", str(build), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON", *extra]
        if tool != "bare":
            argv += [f"-DCMAKE_C_COMPILER_LAUNCHER={' '.join(launcher(tool))}",
                     f"-DCMAKE_CXX_COMPILER_LAUNCHER={' '.join(launcher(tool))}"]
        if tool == "zccache":
            argv += [f"-DCMAKE_AR={self.links / 'ar'}", f"-DCMAKE_RANLIB={self.links / 'ranlib'}"]
        self.run(argv)
        return build

    def timed_build(self, build, jobs=None):
        self.run(["ninja", "-C", str(build), "-t", "clean"])
        argv = ["ninja", "-C", str(build)] + ([f"-j{jobs}"] if jobs else [])
        start = time.perf_counter()
        self.run(argv)
        return time.perf_counter() - start

    def timed_build_split(self, build):
        """A timed build, and the moment its last compile ended, from ninja's own log (started
        afresh for this build): what follows is archives and links, which no compiler cache sees."""
        (build / ".ninja_log").unlink(missing_ok=True)
        seconds = self.timed_build(build)
        edges = [line.split("\t") for line in (build / ".ninja_log").read_text().splitlines()[1:]]
        return seconds, max(int(end) for _, end, _, output, _ in edges if output.endswith(".o")) / 1e3

    def whole_build(self, name, source, rounds, extra=()):
        builds = {tool: self.configure(source, tool, extra) for tool in TOOLS}
        self.clear_caches()
        before = self.hits()
        cold = {tool: self.timed_build(builds[tool]) for tool in TOOLS}
        after_cold = self.hits()
        warm = {tool: [] for tool in TOOLS}
        compiles_done = {tool: [] for tool in TOOLS}
        for _ in range(rounds):  # interleaved: bare, ccache, sccache, zccache, bare, ...
            for tool in TOOLS:
                seconds, last_compile_end = self.timed_build_split(builds[tool])
                warm[tool].append(seconds)
                compiles_done[tool].append(last_compile_end)
        after = self.hits()
        commands = self.run(["ninja", "-C", str(builds["bare"]), "-t", "commands"]).stdout.decode()
        compiles, archives = commands.count(" -c "), commands.count(" qc ")
        med = {tool: statistics.median(v) for tool, v in warm.items()}
        done = {tool: statistics.median(v) for tool, v in compiles_done.items()}
        self.results["scenarios"].setdefault("whole_builds", {})[name] = {
            "compiles": compiles,
            "cold_s": cold,
            "warm_median_s": med,
            "warm_runs_s": warm,
            "cold_over_bare": {t: cold[t] / med["bare"] for t in TOOLS[1:]},
            "warm_over_bare": {t: med[t] / med["bare"] for t in TOOLS[1:]},
            "zccache_speedup_vs": {t: med[t] / med["zccache"] for t in ("bare", "ccache", "sccache")},
            # Time to the end of the last compile, and the archive/link steps after it.
            "warm_compiles_done_median_s": done,
            "warm_after_compiles_median_s": {t: statistics.median(w - d for w, d in zip(warm[t], compiles_done[t]))
                                             for t in TOOLS},
            "zccache_compile_phase_speedup_vs": {t: done[t] / done["zccache"] for t in ("bare", "ccache", "sccache")},
            "warm_hits": {t: (after[t] - after_cold[t]) if after[t] is not None and after_cold[t] is not None else None
                          for t in after},
            "warm_hits_expected": compiles * rounds,
            "warm_hits_expected_zccache": (compiles + 2 * archives) * rounds,  # ar and ranlib too
        }
        return builds

    def warm_restore(self, name, builds, rounds):
        """`zccache warm --compile-commands` then ninja, after `ninja -t clean`: against the
        per-file warm builds whole_build() just measured for the same project."""
        build = builds["zccache"]
        times, report = [], {}
        for _ in range(rounds):
            self.run(["ninja", "-C", str(build), "-t", "clean"])
            start = time.perf_counter()
            out = self.run([ZCCACHE, "warm", "--compile-commands", str(build / "compile_commands.json"), "--json"])
            self.run(["ninja", "-C", str(build)])
            times.append(time.perf_counter() - start)
            report = json.loads(out.stdout)
        per_file = self.results["scenarios"]["whole_builds"][name]["warm_median_s"]
        med = statistics.median(times)
        self.results["scenarios"].setdefault("warm_restore", {})[name] = {
            "seconds": med, "runs_s": times, "compiles": report["compiles"], "restored": report["restored"],
            "per_file_warm_s": per_file, "speedup_vs": {tool: per_file[tool] / med for tool in TOOLS}}

    def parallel_hits(self, builds):
        jobs = [2, 8] if self.quick else [2, 8, 32]
        out = {}
        for j in jobs:
            times = {tool: [] for tool in TOOLS[1:]}  # hits only: the bare build has none
            for _ in range(2 if self.quick else 3):
                for tool in TOOLS[1:]:
                    times[tool].append(self.timed_build(builds[tool], jobs=j))
            out[f"j{j}"] = {tool: statistics.median(v) for tool, v in times.items()}
        self.results["scenarios"]["parallel_hits"] = out

    # Scenario 6: several sources in one command ------------------------------------------
    def multi_source(self):
        d = self.work / "multi"
        d.mkdir()
        names = [f"m{i}.c" for i in range(10)]
        for i, name in enumerate(names):
            (d / name).write_text(f'#include <stdio.h>\nint m{i}(void) {{ return printf("{i}"); }}\n')
        time.sleep(0.1)
        cmds = {}
        for tool in TOOLS:
            cmd = launcher(tool) + ["gcc", "-O2", "-c", *names]
            self.run(cmd, cwd=d)
            self.run(cmd, cwd=d)
            cmds[tool] = cmd
        self.results["scenarios"]["multi_source"] = self.hyperfine(cmds, 10, "multi", warmup=1, cwd=d)
        # Cold: what batching the misses into one compiler run could gain. zccache compiles each
        # source on its own; one driver for all ten is what the bare command does.
        compile = ["gcc", "-O2", "-c"]
        cold = {"bare, one command": compile + names,
                "bare, a command per source": ["sh", "-c", "; ".join(shlex.join(compile + [n]) for n in names)],
                "zccache, cold": launcher("zccache") + compile + names}
        self.results["scenarios"]["multi_source_cold"] = self.hyperfine_prepared(
            cold, launcher("zccache") + ["clear"], 10, "multi-cold", cwd=d)

    # Scenario 7: a sibling worktree, built after the first ---------------------------------
    def sibling_worktree(self, files):
        source = self.generate_project(files)
        git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
        self.run(git + ["init", "-q"], cwd=source)
        self.run(git + ["add", "."], cwd=source)
        self.run(git + ["commit", "-qm", "bench"], cwd=source)
        sibling = self.work / f"{source.name}-sibling"
        self.run(git + ["worktree", "add", "-q", str(sibling)], cwd=source)
        saved = dict(self.env)
        # Each tool's way of sharing across checkouts: ccache's base_dir, zccache's path remap
        # (sccache 0.4 has none).
        self.env.update({"CCACHE_BASEDIR": str(self.work), "ZCCACHE_PATH_REMAP": "auto"})
        try:
            self.clear_caches()
            # Build directories inside each checkout, so that relative paths match between them.
            first = {tool: self.configure(source, tool, inside=True) for tool in TOOLS}
            second = {tool: self.configure(sibling, tool, inside=True) for tool in TOOLS}
            for tool in TOOLS:
                self.timed_build(first[tool])
            before = self.hits()
            times = {tool: self.timed_build(second[tool]) for tool in TOOLS}
            after = self.hits()
        finally:
            self.env = saved
        self.results["scenarios"]["sibling_worktree"] = {
            "compiles": files, "seconds": times,
            "hits": {t: (after[t] - before[t]) if after[t] is not None and before[t] is not None else None for t in after},
        }

    # Scenario 8: analysis and WebAssembly tools (ccache and sccache do not cache these) -----
    def timed_rounds(self, run_once, rounds):
        """Bare once, zccache cold once (empty cache), then zccache warm: seconds each."""
        def timed(tool):
            start = time.perf_counter()
            run_once(tool)
            return time.perf_counter() - start
        self.run([ZCCACHE, "clear"], check=False)
        out = {"bare_s": timed("bare"), "zccache_cold_s": timed("zccache")}
        hits_before = self.hits()["zccache"]
        out["zccache_warm_runs_s"] = [timed("zccache") for _ in range(rounds)]
        out["zccache_warm_s"] = statistics.median(out["zccache_warm_runs_s"])
        out["zccache_warm_hits"] = self.hits()["zccache"] - hits_before
        return out

    def analysis_and_wasm(self, rounds):
        out = {}
        files = 4 if self.quick else 20
        if has_tool("clang-tidy"):
            d = self.work / "tidy"
            (d / "src").mkdir(parents=True)
            for i in range(files):
                (d / "src" / f"t{i}.cpp").write_text(
                    f"#include <string>\n#include <vector>\nint t{i}(const std::vector<std::string>& v) "
                    f"{{ int n = 0; for (auto s : v) n += s.size(); return n + {i}; }}\n")
            time.sleep(0.1)

            def tidy_all(tool):
                for i in range(files):
                    self.run(launcher(tool) + ["clang-tidy", "--checks=-*,readability-*,performance-*,bugprone-*",
                                               f"src/t{i}.cpp", "--", "-std=c++17"], cwd=d, check=False)
            out["clang_tidy"] = {"runs": files, **self.timed_rounds(tidy_all, rounds)}
        if has_tool("emcc"):
            d = self.work / "wasm"
            d.mkdir()
            names = [f"w{i}" for i in range(files)]
            for i, name in enumerate(names):
                (d / f"{name}.c").write_text(f"#include <stdio.h>\nint {name}(int x) {{ return printf(\"%d\", x + {i}); }}\n")
            (d / "main.c").write_text("".join(f"int {n}(int);\n" for n in names) +
                                      "int main(void) { return " + " + ".join(f"{n}(1)" for n in names) + " > 0 ? 0 : 1; }\n")
            objs = " ".join(f"{n}.o" for n in names + ["main"])
            (d / "Makefile").write_text(f"app.js: {objs}\n\t$(CC) $^ -o $@\n%.o: %.c\n\t$(CC) -O2 -c $< -o $@\n")
            time.sleep(0.1)

            def build(tool):
                self.run(["make", "-B", f"-j{os.cpu_count()}", "CC=" + " ".join(launcher(tool) + ["emcc"])], cwd=d)
            out["emscripten"] = {"compiles": files + 1, "links": 1, **self.timed_rounds(build, rounds)}
        self.results["scenarios"]["analysis_and_wasm"] = out

    # Scenario 9: a cargo workspace (bare, sccache, zccache; ccache does not cache Rust) -----
    def rust_workspace(self, rounds):
        if not has_tool("cargo"):
            return
        d = self.work / "rustws"
        libs = [f"c{i}" for i in range(7)]
        (d / "app" / "src").mkdir(parents=True)
        (d / "Cargo.toml").write_text('[workspace]\nresolver = "2"\nmembers = [' + ", ".join(f'"{m}"' for m in libs + ["app"]) + "]\n")
        for i, name in enumerate(libs):
            (d / name / "src").mkdir(parents=True)
            dep = f'{libs[i - 1]} = {{ path = "../{libs[i - 1]}" }}\n' if i else ""
            (d / name / "Cargo.toml").write_text(f'[package]\nname = "{name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n{dep}')
            prev = f"{libs[i - 1]}::f0(x)" if i else "x"
            body = "".join(f"pub fn f{k}(x: u64) -> u64 {{ let v: Vec<u64> = (0..x).map(|i| i * {k + 1}).collect(); "
                           f"v.iter().sum::<u64>() + {prev if k == 0 else f'f{k - 1}(x)'} }}\n" for k in range(60))
            body += "use std::collections::HashMap;\npub fn table() -> HashMap<String, u64> { (0..10).map(|i| (i.to_string(), f59(i))).collect() }\n"
            (d / name / "src" / "lib.rs").write_text(body)
        (d / "app" / "Cargo.toml").write_text('[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n' +
                                             "".join(f'{n} = {{ path = "../{n}" }}\n' for n in libs))
        (d / "app" / "src" / "main.rs").write_text(f'fn main() {{ println!("{{}}", {libs[-1]}::table().len()); }}\n')
        wrappers = {"bare": None, "sccache": "sccache", "zccache": ZCCACHE}

        def cargo(tool, *args):
            env = dict(self.env, CARGO_INCREMENTAL="0", CARGO_TARGET_DIR=str(self.work / f"rust-target-{tool}"))
            env.pop("RUSTC_WRAPPER", None)
            if wrappers[tool]:
                env["RUSTC_WRAPPER"] = wrappers[tool]
            subprocess.run(["cargo", *args, "--offline", "-q"], cwd=d, env=env, check=True, capture_output=True)

        def timed(tool, command):
            cargo(tool, "clean")
            start = time.perf_counter()
            cargo(tool, command)
            return time.perf_counter() - start

        out = {"crates": len(libs) + 1}
        for command in ("build", "check"):
            self.clear_caches()
            cold = {tool: timed(tool, command) for tool in wrappers}
            before = self.hits()
            warm = {tool: [] for tool in wrappers}
            for _ in range(rounds):
                for tool in wrappers:
                    warm[tool].append(timed(tool, command))
            after = self.hits()
            out[command] = {"cold_s": cold, "warm_median_s": {t: statistics.median(v) for t, v in warm.items()},
                            "warm_runs_s": warm,
                            "warm_hits": {t: (after[t] - before[t]) if after[t] is not None and before[t] is not None else None
                                          for t in ("sccache", "zccache")},
                            "cacheable_crates_per_build": len(libs)}
        self.results["scenarios"]["rust_workspace"] = out

    # Scenario 5 ----------------------------------------------------------------------------
    def daemon_rss_kib(self):
        pid = json.loads(self.run([ZCCACHE, "status", "--json"]).stdout)["pid"]
        for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return None

    def many_entries(self, count):
        """Compiles `count` tiny files through zccache; returns the daemon's RSS afterwards (KiB)."""
        d = self.work / "many"
        d.mkdir()
        for i in range(count):
            (d / f"e{i}.c").write_text(f"int e{i}(void) {{ return {i}; }}\n")
        time.sleep(0.1)
        objs = " ".join(f"e{i}.o" for i in range(count))
        (d / "Makefile").write_text(f"all: {objs}\n%.o: %.c\n\t$(CC) -c $< -o $@\n")
        self.run(["make", f"-j{os.cpu_count() * 2}", f"CC={ZCCACHE} gcc"], cwd=d)
        return self.daemon_rss_kib()

    # Report --------------------------------------------------------------------------------
    def checkpoint(self):
        """Writes what is measured so far, so that a long run that breaks keeps its figures."""
        out_dir = ROOT / "bench" / "results"
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "partial.json").write_text(json.dumps(self.results, indent=2))

    def scenario(self, label, measure):
        """Runs one scenario, prints how long it took and keeps what is measured so far."""
        if self.only and not any(label.startswith(name) for name in self.only):
            return None
        print(f"{label} ...", end=" ", flush=True)
        start = time.perf_counter()
        result = measure()
        seconds = time.perf_counter() - start
        self.results.setdefault("scenario_seconds", {})[label] = round(seconds, 1)
        print(f"{seconds:.0f} s", flush=True)
        self.checkpoint()
        return result

    def run_all(self):
        self.clear_caches()
        self.run([ZCCACHE, "start"])
        memory = {"idle_kib": self.daemon_rss_kib()}
        rounds = 2 if self.quick else 3
        self.scenario("per-hit latency", self.per_hit_latency)
        self.scenario("header scaling", self.header_scaling)
        gen = self.generate_project(16 if self.quick else 500)
        builds = self.scenario("whole builds", lambda: self.whole_build("generated", gen, rounds))
        if builds:  # None when --only left the scenario out
            memory["after_generated_build_kib"] = self.daemon_rss_kib()
            self.scenario("warm restore", lambda: self.warm_restore("generated", builds, rounds))
            self.scenario("parallel hits", lambda: self.parallel_hits(builds))
        self.scenario("several sources in one command", self.multi_source)
        self.scenario("sibling worktree", lambda: self.sibling_worktree(8 if self.quick else 100))
        self.scenario("clang-tidy and emscripten", lambda: self.analysis_and_wasm(rounds))
        self.scenario("cargo workspace", lambda: self.rust_workspace(1 if self.quick else rounds))
        scale = self.scenario("store at scale", lambda: store_scaling.run(self))
        if scale is not None:
            self.results["scenarios"]["store_scaling"] = scale
        if not self.quick:
            gtest = self.scenario("googletest",
                                  lambda: self.whole_build("googletest", pathlib.Path("/usr/src/googletest"), rounds))
            if gtest:
                self.scenario("warm restore of googletest", lambda: self.warm_restore("googletest", gtest, rounds))
            real = self.scenario("realworld projects", lambda: realworld.run(self))
            if real is not None:
                self.results["scenarios"]["realworld"] = real
            self.scenario("zccache's own tree",
                          lambda: self.whole_build("zccache", ROOT, rounds, extra=["-DZCCACHE_BUILD_TESTS=OFF"]))
            rss = self.scenario("daemon memory with 20000 entries", lambda: self.many_entries(20000))
            if rss is not None:
                memory["after_20000_entries_kib"] = rss
        self.results["scenarios"]["daemon_memory"] = memory
        self.run(["sccache", "--stop-server"], check=False)
        self.run([ZCCACHE, "stop"], check=False)

    def write(self):
        out_dir = ROOT / "bench" / "results"
        out_dir.mkdir(parents=True, exist_ok=True)
        stem = datetime.datetime.utcnow().strftime("%Y-%m-%d-%H%M%S") + ("-quick" if self.quick else "") + ("-partial" if self.only else "")
        (out_dir / f"{stem}.json").write_text(json.dumps(self.results, indent=2))
        md = render_markdown(self.results)
        (out_dir / f"{stem}.md").write_text(md)
        render_chart(self.results, out_dir / f"{stem}.png")
        print(md)
        print(f"results: {out_dir / stem}.{{json,md,png}}")


def render_markdown(r):
    s = r["scenarios"]
    lines = [f"# zccache benchmark {r['date']}{' (quick)' if r['quick'] else ''}", ""]
    if "per_hit_latency" in s:
        lines += ["## Per-hit latency (warm cache, client wall time, hyperfine medians)", "",
                  "| TU | /bin/true | bare compile | ccache | sccache | zccache | zccache / true | ccache / zccache | sccache / zccache |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for tu, res in s["per_hit_latency"].items():
            m = {k: v["median_ms"] for k, v in res.items()}
            lines.append(f"| {tu} | {m['/bin/true']:.2f} ms | {m['bare']:.1f} ms | {m['ccache']:.2f} ms | {m['sccache']:.2f} ms | "
                         f"{m['zccache']:.2f} ms ± {res['zccache']['stddev_ms']:.2f} | {m['zccache'] / m['/bin/true']:.2f}× | "
                         f"{m['ccache'] / m['zccache']:.1f}× | {m['sccache'] / m['zccache']:.1f}× |")
    if "header_scaling" in s:
        lines += ["", "## Hit latency against header count (ms, medians)", "", "| headers | ccache | sccache | zccache |", "|---|---|---|---|"]
        for n, res in s["header_scaling"].items():
            lines.append(f"| {n} | {res['ccache']['median_ms']:.2f} | {res['sccache']['median_ms']:.2f} | {res['zccache']['median_ms']:.2f} |")
        counts = list(s["header_scaling"])
        z = s["header_scaling"]
        lines.append(f"\nzccache at {counts[-1]} headers / at {counts[0]}: "
                     f"{z[counts[-1]]['zccache']['median_ms'] / z[counts[0]]['zccache']['median_ms']:.2f}×")
    lines += ["", "## Whole builds (seconds; warm = rebuild after `ninja -t clean`, medians of interleaved rounds)", "",
              "| project | compiles | bare | cold ccache / sccache / zccache (× bare) | warm ccache | warm sccache | warm zccache | zccache faster than bare / ccache / sccache | warm hits ccache, sccache of expected; zccache of expected with ar and ranlib |",
              "|---|---|---|---|---|---|---|---|---|"]
    for name, b in s.get("whole_builds", {}).items():
        w, c = b["warm_median_s"], b["cold_over_bare"]
        sp = b["zccache_speedup_vs"]
        h = b["warm_hits"]
        lines.append(f"| {name} | {b['compiles']} | {w['bare']:.2f} | {c['ccache']:.2f} / {c['sccache']:.2f} / {c['zccache']:.2f} | "
                     f"{w['ccache']:.2f} | {w['sccache']:.2f} | {w['zccache']:.2f} | {sp['bare']:.1f}× / {sp['ccache']:.1f}× / {sp['sccache']:.1f}× | "
                     f"{h['ccache']}, {h['sccache']} of {b['warm_hits_expected']}; {h['zccache']} of {b.get('warm_hits_expected_zccache', b['warm_hits_expected'])} |")
    lines += ["", "## Where a warm build's time goes (seconds, medians; from ninja's log)", "",
              "| project | last compile done: bare / ccache / sccache / zccache | archives and links after it: bare / ccache / sccache / zccache | compile phase, zccache faster than ccache / sccache |",
              "|---|---|---|---|"]
    for name, b in s.get("whole_builds", {}).items():
        d, a, sp = b["warm_compiles_done_median_s"], b["warm_after_compiles_median_s"], b["zccache_compile_phase_speedup_vs"]
        lines.append(f"| {name} | {' / '.join(f'{d[t]:.2f}' for t in TOOLS)} | {' / '.join(f'{a[t]:.2f}' for t in TOOLS)} | "
                     f"{sp['ccache']:.1f}× / {sp['sccache']:.1f}× |")
    lines += ["", "## Parallel warm builds of the generated project (seconds, medians)", "", "| jobs | ccache | sccache | zccache | ccache / zccache |", "|---|---|---|---|---|"]
    for j, t in s.get("parallel_hits", {}).items():
        lines.append(f"| {j} | {t['ccache']:.2f} | {t['sccache']:.2f} | {t['zccache']:.2f} | {t['ccache'] / t['zccache']:.1f}× |")
    if "warm_restore" in s:
        lines += ["", "## `zccache warm --compile-commands` + ninja after `ninja -t clean` (seconds, medians), "
                  "against the per-file warm builds above", "",
                  "| project | compiles restored | bare | ccache | sccache | zccache per file | zccache warm + ninja "
                  "| faster than zccache per file / ccache / sccache |", "|---|---|---|---|---|---|---|---|"]
        for name, w in s["warm_restore"].items():
            p, x = w["per_file_warm_s"], w["speedup_vs"]
            lines.append(f"| {name} | {w['restored']} of {w['compiles']} | {p['bare']:.2f} | {p['ccache']:.2f} | "
                         f"{p['sccache']:.2f} | {p['zccache']:.2f} | {w['seconds']:.2f} | "
                         f"{x['zccache']:.1f}× / {x['ccache']:.1f}× / {x['sccache']:.1f}× |")
    if "multi_source" in s:
        m = {k: v["median_ms"] for k, v in s["multi_source"].items()}
        lines += ["", "## `gcc -O2 -c` of 10 sources in one command, warm (ms, medians)", "",
                  "| bare | ccache | sccache | zccache | ccache / zccache | sccache / zccache |", "|---|---|---|---|---|---|",
                  f"| {m['bare']:.1f} | {m['ccache']:.1f} | {m['sccache']:.1f} | {m['zccache']:.1f} | "
                  f"{m['ccache'] / m['zccache']:.1f}× | {m['sccache'] / m['zccache']:.1f}× |"]
    if "multi_source_cold" in s:
        c = {k: v["median_ms"] for k, v in s["multi_source_cold"].items()}
        lines += ["", "## The same command cold: one compiler run for all sources or one per source (ms, medians)", "",
                  "| bare, one command | bare, a command per source | zccache, cold (a compile per source) |",
                  "|---|---|---|",
                  f"| {c['bare, one command']:.1f} | {c['bare, a command per source']:.1f} | {c['zccache, cold']:.1f} |"]
    if "sibling_worktree" in s:
        w = s["sibling_worktree"]
        t, h = w["seconds"], w["hits"]
        lines += ["", f"## Build of a sibling git worktree after the first ({w['compiles']} files; seconds, hits)", "",
                  "| bare | ccache (CCACHE_BASEDIR) | sccache | zccache (ZCCACHE_PATH_REMAP=auto) |", "|---|---|---|---|",
                  f"| {t['bare']:.2f} | {t['ccache']:.2f} ({h['ccache']} hits) | {t['sccache']:.2f} ({h['sccache']} hits) | "
                  f"{t['zccache']:.2f} ({h['zccache']} hits) |"]
    tools = s.get("analysis_and_wasm", {})
    if tools:
        lines += ["", "## clang-tidy and emscripten (seconds; ccache and sccache do not cache them)", "",
                  "| workload | bare | zccache cold (× bare) | zccache warm | bare / warm | warm hits |", "|---|---|---|---|---|---|"]
        for name, what in (("clang_tidy", "clang-tidy, {runs} files one by one"),
                           ("emscripten", "emcc build, {compiles} compiles + 1 link (make -B)")):
            if name in tools:
                t = tools[name]
                lines.append(f"| {what.format(**t)} | {t['bare_s']:.2f} | {t['zccache_cold_s']:.2f} "
                             f"({t['zccache_cold_s'] / t['bare_s']:.2f}×) | {t['zccache_warm_s']:.2f} | "
                             f"{t['bare_s'] / t['zccache_warm_s']:.0f}× | {t['zccache_warm_hits']} in {len(t['zccache_warm_runs_s'])} runs |")
    rust = s.get("rust_workspace")
    if rust:
        lines += ["", f"## cargo workspace, {rust['crates']} crates, CARGO_INCREMENTAL=0 (seconds after `cargo clean`)", "",
                  "| command | bare | cold sccache / zccache (× bare) | warm sccache | warm zccache | bare / zccache | sccache / zccache | warm hits (sccache, zccache) |",
                  "|---|---|---|---|---|---|---|---|"]
        for command in ("build", "check"):
            r = rust[command]
            c, w, h = r["cold_s"], r["warm_median_s"], r["warm_hits"]
            lines.append(f"| cargo {command} | {w['bare']:.2f} | {c['sccache'] / c['bare']:.2f} / {c['zccache'] / c['bare']:.2f} | "
                         f"{w['sccache']:.2f} | {w['zccache']:.2f} | {w['bare'] / w['zccache']:.1f}× | {w['sccache'] / w['zccache']:.1f}× | "
                         f"{h['sccache']}, {h['zccache']} of {r['cacheable_crates_per_build'] * len(r['warm_runs_s']['zccache'])} |")
    if "realworld" in s:
        lines += realworld.render(s["realworld"])
    if "store_scaling" in s:
        lines += store_scaling.render(s["store_scaling"])
    lines += ["", "## zccache daemon memory (RSS)", ""]
    for k, v in s.get("daemon_memory", {}).items():
        lines.append(f"- {k.replace('_kib', '')}: {v / 1024:.1f} MiB" if v else f"- {k}: n/a")
    return "\n".join(lines) + "\n"


def render_chart(r, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    s = r["scenarios"]
    if not all(name in s for name in ("per_hit_latency", "header_scaling", "whole_builds")):
        return  # a run of some scenarios only (--only) has no chart
    fig, axes = plt.subplots(1, 3, figsize=(16, 5))
    ax = axes[0]
    tus = list(s["per_hit_latency"])
    width = 0.2
    for i, tool in enumerate(["/bin/true", "ccache", "sccache", "zccache"]):
        ax.bar([x + i * width for x in range(len(tus))], [s["per_hit_latency"][t][tool]["median_ms"] for t in tus],
               width, label=tool)
    ax.set_xticks([x + 1.5 * width for x in range(len(tus))], tus)
    ax.set_yscale("log")
    ax.set_ylabel("ms per hit (log)")
    ax.set_title("Per-hit latency")
    ax.legend()
    ax = axes[1]
    ns = [int(n) for n in s["header_scaling"]]
    for tool in ("ccache", "sccache", "zccache"):
        ax.plot(ns, [s["header_scaling"][str(n)][tool]["median_ms"] for n in ns], marker="o", label=tool)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("headers included")
    ax.set_ylabel("ms per hit (log)")
    ax.set_title("Hit latency vs header count")
    ax.legend()
    ax = axes[2]
    builds = s.get("whole_builds", {})
    names = list(builds)
    for i, tool in enumerate(TOOLS):
        ax.bar([x + i * width for x in range(len(names))], [builds[n]["warm_median_s"][tool] for n in names], width, label=tool)
    ax.set_xticks([x + 1.5 * width for x in range(len(names))], names)
    ax.set_yscale("log")
    ax.set_ylabel("warm rebuild, s (log)")
    ax.set_title("Whole builds, warm")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a reduced set, under 5 minutes")
    parser.add_argument("--only", default="", metavar="NAMES",
                        help="comma-separated scenarios to run, by the start of their printed name "
                             "(e.g. 'whole,googletest')")
    args = parser.parse_args()
    bench = Bench(args.quick, args.only.split(","))
    try:
        bench.run_all()
        bench.write()
    finally:
        subprocess.run(["sccache", "--stop-server"], env=bench.env, capture_output=True)
        subprocess.run([ZCCACHE, "stop"], env=bench.env, capture_output=True)
        shutil.rmtree(bench.work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

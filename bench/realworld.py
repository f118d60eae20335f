"""Real projects, built by their own build systems from sources Debian ships: bare, then with
ccache, sccache and zccache, each cold (empty cache) and warm (after the project's own clean).
For zccache every object of both builds is compared with the bare build's, and the warm hit
rate and every uncacheable reason seen are kept. `bench/run.sh --only realworld`."""

import json
import os
import pathlib
import shutil
import subprocess
import time

JOBS = str(os.cpu_count() or 2)


class Project:
    """How to unpack, build, clean and list the objects of one project."""

    name = ""
    build_system = ""
    package = ""  # the Debian package that ships the sources

    def prepare(self, work):
        raise NotImplementedError

    # `tool` names the build: a project that builds out of its tree builds each tool's apart.
    def build(self, tree, tool, launcher, env):
        raise NotImplementedError

    def clean(self, tree, tool, env):
        raise NotImplementedError

    def objects(self, tree, tool):
        return sorted(p for p in tree.rglob("*") if p.suffix in (".o", ".os") and p.is_file())


class UClibc(Project):
    """uClibc-ng: plain Makefiles in Kbuild's manner (`-MT -MD -MP -MF .x.os.dep`), about 800
    compiles for lib/libc.a, with Kbuild's probes of the compiler (`-xc /dev/null`, `-dumpversion`)."""

    name = "uClibc-ng (libc.a)"
    build_system = "plain Makefiles (Kbuild-style)"
    package = "uclibc-source"

    def prepare(self, work):
        tarball = sorted(pathlib.Path("/usr/src").glob("uClibc-ng-*.tar.xz"))[-1]
        subprocess.run(["tar", "xf", str(tarball)], cwd=work, check=True)
        tree = work / tarball.name[: -len(".tar.xz")]
        # Linux's UAPI headers as uClibc wants them: one directory with linux/, asm/, asm-generic/.
        headers = work / "kernel-headers"
        headers.mkdir()
        for name, target in (("linux", "/usr/include/linux"), ("asm-generic", "/usr/include/asm-generic"),
                             ("asm", "/usr/include/x86_64-linux-gnu/asm")):
            os.symlink(target, headers / name)
        subprocess.run(["make", "defconfig"], cwd=tree, check=True, capture_output=True)
        config = (tree / ".config").read_text().splitlines()
        config = [f'KERNEL_HEADERS="{headers}"' if line.startswith("KERNEL_HEADERS=") else line for line in config]
        (tree / ".config").write_text("\n".join(config) + "\n")
        return tree

    def build(self, tree, tool, launcher, env):
        cc = " ".join(launcher + ["gcc"])
        return subprocess.run(["make", f"-j{JOBS}", f"CC={cc}", "lib/libc.a"], cwd=tree, env=env, capture_output=True)

    def clean(self, tree, tool, env):
        subprocess.run(["make", "clean"], cwd=tree, env=env, check=True, capture_output=True)


class GoogleTest(Project):
    """googletest with its own CMake files (Makefile generator), gtest and gmock."""

    name = "googletest"
    build_system = "CMake (Unix Makefiles)"
    package = "googletest"

    def prepare(self, work):
        tree = work / "googletest"
        shutil.copytree("/usr/src/googletest", tree)
        return tree

    def build(self, tree, tool, launcher, env):
        build = tree / f"build-{tool}"
        if not (build / "Makefile").exists():
            build.mkdir(exist_ok=True)
            args = ["cmake", "-G", "Unix Makefiles", "-DCMAKE_BUILD_TYPE=Release", ".."]
            if launcher:
                args += [f"-DCMAKE_CXX_COMPILER_LAUNCHER={';'.join(launcher)}",
                         f"-DCMAKE_C_COMPILER_LAUNCHER={';'.join(launcher)}"]
            subprocess.run(args, cwd=build, env=env, check=True, capture_output=True)
        return subprocess.run(["make", f"-j{JOBS}"], cwd=build, env=env, capture_output=True)

    def clean(self, tree, tool, env):
        subprocess.run(["make", "clean"], cwd=tree / f"build-{tool}", env=env, check=True, capture_output=True)

    def objects(self, tree, tool):
        build = tree / f"build-{tool}"
        return sorted(p for p in build.rglob("*") if p.suffix == ".o" and p.is_file())


PROJECTS = [UClibc(), GoogleTest()]


def timed(project, tree, tool, launcher, env):
    start = time.perf_counter()
    proc = project.build(tree, tool, launcher, env)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{project.name} build failed: {proc.stderr.decode()[-2000:]}")
    return seconds


def contents(project, tree, tool):
    """Objects by their path under the tool's build, to compare with the bare build's."""
    base = tree / f"build-{tool}" if (tree / f"build-{tool}").is_dir() else tree
    return {str(p.relative_to(base)): p.read_bytes() for p in project.objects(tree, tool)}


def zccache_status(bench):
    return json.loads(bench.run([bench.zccache, "status", "--json"]).stdout)


def measure(bench, project):
    """Bare, then each cache cold (from a clean tree) and warm (after the project's clean), all
    in one tree at one path, so that objects embedding their source paths compare."""
    out = {"build_system": project.build_system, "package": project.package, "cold_s": {}, "warm_s": {}, "warm_hits": {}}
    work = bench.work / "realworld" / project.__class__.__name__
    work.mkdir(parents=True)
    tree = project.prepare(work)
    env = bench.env
    bench.clear_caches()
    out["cold_s"]["bare"] = timed(project, tree, "bare", [], env)
    bare = contents(project, tree, "bare")
    out["objects"] = len(bare)
    project.clean(tree, "bare", env)
    out["warm_s"]["bare"] = timed(project, tree, "bare", [], env)
    project.clean(tree, "bare", env)
    for tool in bench.tools[1:]:
        launcher = bench.launcher(tool)
        out["cold_s"][tool] = timed(project, tree, tool, launcher, env)
        if tool == "zccache":
            out["cold_identical"] = contents(project, tree, tool) == bare
            cold_status = zccache_status(bench)
        before = bench.hits()[tool]
        project.clean(tree, tool, env)
        out["warm_s"][tool] = timed(project, tree, tool, launcher, env)
        after = bench.hits()[tool]
        out["warm_hits"][tool] = after - before if after is not None and before is not None else None
        if tool == "zccache":
            warm = contents(project, tree, tool)
            out["warm_identical"] = warm == bare
            out["differing_objects"] = sorted(k for k in bare if warm.get(k) != bare[k])[:20]
            status = zccache_status(bench)
            out["zccache_warm_misses"] = status["misses"] - cold_status["misses"]
            out["uncacheable_reasons"] = {k: v for k, v in status["uncacheable_reasons"].items() if v}
        project.clean(tree, tool, env)
    shutil.rmtree(work, ignore_errors=True)
    return out


def run(bench):
    return {project.name: measure(bench, project) for project in PROJECTS}


def render(results):
    lines = ["", "## Real projects, their own build systems (seconds; warm = after the project's clean)", "",
             "| project | build system | objects | zccache warm hits | objects = bare | cold bare / ccache / sccache / zccache | "
             "warm bare / ccache / sccache / zccache | uncacheable (zccache) |",
             "|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        c, w = r["cold_s"], r["warm_s"]
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(r["uncacheable_reasons"].items())) or "none"
        lines.append(f"| {name} | {r['build_system']} | {r['objects']} | {r['warm_hits']['zccache']} "
                     f"({r['zccache_warm_misses']} misses) | {'yes' if r['cold_identical'] and r['warm_identical'] else 'NO'} | "
                     f"{c['bare']:.1f} / {c['ccache']:.1f} / {c['sccache']:.1f} / {c['zccache']:.1f} | "
                     f"{w['bare']:.1f} / {w['ccache']:.1f} / {w['sccache']:.1f} / {w['zccache']:.1f} | {reasons} |")
    return lines

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
    """How to unpack, configure, build, clean and list the outputs of one project. Every tool
    builds in the same directory (`configure` starts it afresh), so that objects embedding their
    build path (DW_AT_comp_dir) compare with the bare build's."""

    name = ""
    build_system = ""
    package = ""  # the Debian packages that ship the sources
    tools = ("bare", "ccache", "sccache", "zccache")

    def prepare(self, work):
        raise NotImplementedError

    def configure(self, tree, launcher, env):
        """Untimed: what the project runs once before building (configure, cmake, meson setup)."""

    def build(self, tree, launcher, env):
        raise NotImplementedError

    def clean(self, tree, env):
        raise NotImplementedError

    def outputs(self, tree):
        return sorted(p for p in tree.rglob("*") if p.suffix in (".o", ".os") and p.is_file())


def step(argv, **kw):
    """A setup or clean command: its output is kept, and shown when it fails."""
    proc = subprocess.run(argv, capture_output=True, **kw)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))} failed: {(proc.stdout + proc.stderr).decode()[-3000:]}")
    return proc


def fresh_dir(path):
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


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
        step(["make", "defconfig"], cwd=tree)
        config = (tree / ".config").read_text().splitlines()
        config = [f'KERNEL_HEADERS="{headers}"' if line.startswith("KERNEL_HEADERS=") else line for line in config]
        (tree / ".config").write_text("\n".join(config) + "\n")
        return tree

    def build(self, tree, launcher, env):
        cc = " ".join(launcher + ["gcc"])
        return subprocess.run(["make", f"-j{JOBS}", f"CC={cc}", "lib/libc.a"], cwd=tree, env=env, capture_output=True)

    def clean(self, tree, env):
        step(["make", "clean"], cwd=tree, env=env)


class CMakeProject(Project):
    """A project configured by CMake in <tree>/build with the launcher as CMake's compiler launcher."""

    generator = "Unix Makefiles"
    cmake_args = ("-DCMAKE_BUILD_TYPE=Release",)

    def configure(self, tree, launcher, env):
        args = ["cmake", "-G", self.generator, *self.cmake_args, str(self.source_dir(tree))]
        if launcher:
            args += [f"-DCMAKE_CXX_COMPILER_LAUNCHER={';'.join(launcher)}",
                     f"-DCMAKE_C_COMPILER_LAUNCHER={';'.join(launcher)}"]
        step(args, cwd=fresh_dir(tree / "build"), env=env)

    def source_dir(self, tree):
        return tree

    def build(self, tree, launcher, env):
        tool = ["make", f"-j{JOBS}"] if self.generator == "Unix Makefiles" else ["ninja", f"-j{JOBS}"]
        return subprocess.run(tool, cwd=tree / "build", env=env, capture_output=True)

    def clean(self, tree, env):
        tool = ["make", "clean"] if self.generator == "Unix Makefiles" else ["ninja", "-t", "clean"]
        step(tool, cwd=tree / "build", env=env)

    def outputs(self, tree):
        return sorted(p for p in (tree / "build").rglob("*.o") if p.is_file())


class GoogleTest(CMakeProject):
    """googletest with its own CMake files (Makefile generator), gtest and gmock."""

    name = "googletest"
    build_system = "CMake (Unix Makefiles)"
    package = "googletest"

    def prepare(self, work):
        tree = work / "googletest"
        shutil.copytree("/usr/src/googletest", tree)
        return tree


class Juce(CMakeProject):
    """A console program on JUCE's modules (juce_core, juce_dsp's templates, juce_audio_basics...)
    through JUCE's own CMake API (juce_add_console_app, juceaide): few, very large C++ compiles."""

    name = "JUCE 7 modules"
    build_system = "CMake (Ninja), JUCE's CMake API"
    package = "juce-modules-source"
    generator = "Ninja"

    def prepare(self, work):
        tree = work / "juce-app"
        tree.mkdir()
        (tree / "CMakeLists.txt").write_text("""cmake_minimum_required(VERSION 3.22)
project(juce_bench VERSION 1.0 LANGUAGES C CXX)
find_package(JUCE CONFIG REQUIRED)
juce_add_console_app(JuceBench PRODUCT_NAME "JuceBench")
target_sources(JuceBench PRIVATE main.cpp)
juce_generate_juce_header(JuceBench)
target_compile_definitions(JuceBench PRIVATE JUCE_WEB_BROWSER=0 JUCE_USE_CURL=0)
target_link_libraries(JuceBench PRIVATE juce::juce_core juce::juce_events juce::juce_data_structures
    juce::juce_cryptography juce::juce_osc juce::juce_dsp juce::juce_audio_basics
    juce::juce_recommended_config_flags juce::juce_recommended_warning_flags FLAC vorbisenc vorbisfile vorbis ogg)
""")
        (tree / "main.cpp").write_text("""#include <JuceHeader.h>
#include <iostream>
int main() {
    juce::dsp::Matrix<float> m(2, 2);
    std::cout << juce::SHA256(juce::String("zccache").toUTF8()).toHexString() << " " << m.getNumRows() << std::endl;
    return 0;
}
""")
        return tree


class Binutils(Project):
    """GNU binutils 2.40: autoconf's configure, automake's `-MT -MD -MP -MF .deps/*.Tpo` and
    libtool's `--mode=compile` for libiberty, bfd and opcodes, built out of tree."""

    name = "binutils 2.40 (libiberty, bfd, opcodes)"
    build_system = "autotools + libtool"
    package = "binutils-source"
    targets = ("all-libiberty", "all-bfd", "all-opcodes")
    configured = ("maybe-configure-libiberty", "maybe-configure-intl", "maybe-configure-zlib",
                  "maybe-configure-libsframe", "maybe-configure-bfd", "maybe-configure-opcodes")

    def prepare(self, work):
        tarball = sorted(pathlib.Path("/usr/src/binutils").glob("binutils-*.tar.xz"))[-1]
        subprocess.run(["tar", "xf", str(tarball)], cwd=work, check=True)
        return work / tarball.name[: -len(".tar.xz")]

    def configure(self, tree, launcher, env):
        build = fresh_dir(tree / "build")
        cc, cxx = " ".join(launcher + ["gcc"]), " ".join(launcher + ["g++"])
        step(["../configure", "--disable-gdb", "--disable-gdbserver", "--disable-sim", "--disable-gprofng",
                        "--disable-werror", "--disable-nls", f"CC={cc}", f"CXX={cxx}"],
                       cwd=build, env=env)
        # The subdirectories' own configure scripts, which `make all-bfd` would otherwise run.
        step(["make", *self.configured], cwd=build, env=env)

    def build(self, tree, launcher, env):
        return subprocess.run(["make", f"-j{JOBS}", *self.targets], cwd=tree / "build", env=env, capture_output=True)

    def clean(self, tree, env):
        step(["make", *(t.replace("all-", "clean-") for t in self.targets)], cwd=tree / "build", env=env)

    def outputs(self, tree):
        return sorted(p for p in (tree / "build").rglob("*.o") if p.is_file() and "conftest" not in p.name)


class XorgServer(Project):
    """The X.Org server 21.1 (Xvfb and everything it links), with its Meson build and ninja."""

    name = "xorg-server 21.1 (Xvfb)"
    build_system = "Meson + ninja"
    package = "xorg-server-source"
    options = ("-Dxorg=false", "-Dxephyr=false", "-Dxnest=false", "-Dxvfb=true", "-Dglamor=false", "-Ddri1=false",
               "-Ddri2=false", "-Ddri3=false", "-Dglx=false", "-Dudev=false", "-Dudev_kms=false",
               "-Dsystemd_logind=false", "-Dhal=false", "-Dsecure-rpc=false", "-Dxselinux=false",
               "-Dlibunwind=false", "-Ddocs=false", "-Ddevel-docs=false", "-Dsha1=libnettle")

    def prepare(self, work):
        subprocess.run(["tar", "xf", "/usr/src/xorg-server.tar.xz"], cwd=work, check=True)
        return work / "xorg-server"

    def configure(self, tree, launcher, env):
        shutil.rmtree(tree / "build", ignore_errors=True)
        env = dict(env, CC=" ".join(launcher + ["gcc"]), CXX=" ".join(launcher + ["g++"]))
        step(["meson", "setup", "build", *self.options], cwd=tree, env=env)

    def build(self, tree, launcher, env):
        return subprocess.run(["ninja", f"-j{JOBS}"], cwd=tree / "build", env=env, capture_output=True)

    def clean(self, tree, env):
        step(["ninja", "-t", "clean"], cwd=tree / "build", env=env)

    def outputs(self, tree):
        return sorted(p for p in (tree / "build").rglob("*.o") if p.is_file() and "meson-private" not in p.parts)


class RustVendored(Project):
    """A cargo workspace (a library and a program) on serde, serde_derive, serde_json, regex and
    anyhow, taken from Debian's librust-*-dev crates as a vendored directory source."""

    name = "cargo workspace on vendored crates"
    build_system = "cargo (directory source)"
    package = "librust-serde-json-dev librust-serde-derive-dev librust-regex-dev librust-anyhow-dev"
    tools = ("bare", "sccache", "zccache")  # ccache does not cache Rust

    def prepare(self, work):
        tree = work / "rust-vendored"
        for d in (".cargo", "textstats/src", "wordcount/src"):
            (tree / d).mkdir(parents=True)
        files = {
            ".cargo/config.toml": '[source.crates-io]\nreplace-with = "debian"\n\n'
                                  '[source.debian]\ndirectory = "/usr/share/cargo/registry"\n',
            "Cargo.toml": '[workspace]\nmembers = ["textstats", "wordcount"]\nresolver = "2"\n',
            "textstats/Cargo.toml": '[package]\nname = "textstats"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n'
                                    'serde = { version = "1", features = ["derive"] }\nserde_json = "1"\nregex = "1"\nanyhow = "1"\n',
            "textstats/src/lib.rs": "use serde::Serialize;\n#[derive(Serialize)]\npub struct Stats { pub words: usize, pub numbers: usize }\n"
                                    "pub fn stats(text: &str) -> anyhow::Result<String> {\n"
                                    '    let word = regex::Regex::new(r"[A-Za-z]+")?;\n    let number = regex::Regex::new(r"[0-9]+")?;\n'
                                    "    Ok(serde_json::to_string(&Stats { words: word.find_iter(text).count(), "
                                    "numbers: number.find_iter(text).count() })?)\n}\n",
            "wordcount/Cargo.toml": '[package]\nname = "wordcount"\nversion = "0.1.0"\nedition = "2021"\n\n'
                                    '[dependencies]\ntextstats = { path = "../textstats" }\n',
            "wordcount/src/main.rs": 'fn main() { println!("{}", textstats::stats("zccache 2 caches 3 builds").unwrap()); }\n',
        }
        for name, text in files.items():
            (tree / name).write_text(text)
        return tree

    def cargo_env(self, tree, launcher, env):
        env = dict(env, CARGO_INCREMENTAL="0", CARGO_TARGET_DIR=str(tree / "target"))
        env.pop("RUSTC_WRAPPER", None)
        if launcher:
            env["RUSTC_WRAPPER"] = launcher[0]
        return env

    def build(self, tree, launcher, env):
        return subprocess.run(["cargo", "build", "--release", "--offline", "-q"], cwd=tree,
                              env=self.cargo_env(tree, launcher, env), capture_output=True)

    def clean(self, tree, env):
        step(["cargo", "clean", "--offline", "-q"], cwd=tree, env=self.cargo_env(tree, [], env))

    def outputs(self, tree):
        deps = tree / "target" / "release" / "deps"
        if not deps.is_dir():
            return []
        return sorted(p for p in deps.iterdir() if p.suffix in (".rlib", ".rmeta", ".so") or p.name.startswith("wordcount-"))


PROJECTS = [UClibc(), GoogleTest(), Binutils(), XorgServer(), Juce(), RustVendored()]


def timed(project, tree, launcher, env):
    start = time.perf_counter()
    proc = project.build(tree, launcher, env)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{project.name} build failed: {(proc.stdout + proc.stderr).decode()[-3000:]}")
    return seconds


def contents(project, tree, leave_out=()):
    """Outputs by their path under the tree, to compare with the bare build's."""
    return {str(p.relative_to(tree)): p.read_bytes() for p in project.outputs(tree) if str(p.relative_to(tree)) not in leave_out}


def zccache_status(bench):
    return json.loads(bench.run([bench.zccache, "status", "--json"]).stdout)


def reasons_between(before, after):
    return {k: v - before["uncacheable_reasons"].get(k, 0) for k, v in after["uncacheable_reasons"].items()
            if v - before["uncacheable_reasons"].get(k, 0)}


def selected():
    """ZCCACHE_BENCH_PROJECTS=binutils,xorg picks projects by their class name (for working on one)."""
    wanted = [w.strip().lower() for w in os.environ.get("ZCCACHE_BENCH_PROJECTS", "").split(",") if w.strip()]
    return [p for p in PROJECTS if not wanted or any(w in p.__class__.__name__.lower() for w in wanted)]


def measure(bench, project):
    """Bare, then each cache cold (from a fresh configure and an empty cache) and warm (after the
    project's clean), all in one tree at one path, so that objects embedding paths compare."""
    out = {"build_system": project.build_system, "package": project.package, "tools": list(project.tools),
           "cold_s": {}, "warm_s": {}, "warm_hits": {}}
    work = bench.work / "realworld" / project.__class__.__name__
    work.mkdir(parents=True)
    tree = project.prepare(work)
    env = bench.env
    bench.clear_caches()
    project.configure(tree, [], env)
    out["cold_s"]["bare"] = timed(project, tree, [], env)
    bare = contents(project, tree)
    out["objects"] = len(bare)
    project.clean(tree, env)
    out["warm_s"]["bare"] = timed(project, tree, [], env)
    # What two bare builds do not agree on (__DATE__ and __TIME__ in JUCE) no cache can match.
    again = contents(project, tree)
    out["not_reproducible"] = sorted(k for k in bare if again.get(k) != bare[k])
    for name in out["not_reproducible"]:
        del bare[name]
    project.clean(tree, env)
    for tool in project.tools[1:]:
        launcher = bench.launcher(tool)
        if tool == "zccache":
            before_configure = zccache_status(bench)
        project.configure(tree, launcher, env)
        if tool == "zccache":
            before_build = zccache_status(bench)
            # Configure-time probes (link tests, -E checks, driver queries) are not the build's compiles.
            out["configure_uncacheable"] = reasons_between(before_configure, before_build)
        out["cold_s"][tool] = timed(project, tree, launcher, env)
        if tool == "zccache":
            out["cold_identical"] = contents(project, tree, out["not_reproducible"]) == bare
            cold_status = zccache_status(bench)
        before = bench.hits()[tool]
        project.clean(tree, env)
        out["warm_s"][tool] = timed(project, tree, launcher, env)
        after = bench.hits()[tool]
        out["warm_hits"][tool] = after - before if after is not None and before is not None else None
        if tool == "zccache":
            warm = contents(project, tree, out["not_reproducible"])
            out["warm_identical"] = warm == bare
            out["differing_outputs"] = sorted(k for k in set(bare) | set(warm) if warm.get(k) != bare.get(k))[:20]
            status = zccache_status(bench)
            out["zccache_warm_misses"] = status["misses"] - cold_status["misses"]
            out["uncacheable_reasons"] = reasons_between(before_build, status)
        project.clean(tree, env)  # an in-tree build (uClibc, cargo) starts the next tool from nothing
    shutil.rmtree(work, ignore_errors=True)
    return out


def run(bench):
    """Each project's figures are kept as soon as it is measured, so that a later one that breaks loses only its own."""
    results = bench.results["scenarios"].setdefault("realworld", {})
    for project in selected():
        results[project.name] = measure(bench, project)
        bench.checkpoint()
    return results


def render(results):
    lines = ["", "## Real projects, their own build systems (seconds; warm = after the project's clean)", "",
             "| project | build system | objects | zccache warm hits | outputs = bare | cold bare / ccache / sccache / zccache | "
             "warm bare / ccache / sccache / zccache | uncacheable in the build (zccache) | configure probes not cached |",
             "|---|---|---|---|---|---|---|---|---|"]

    def times(seconds):
        return " / ".join(f"{seconds[t]:.1f}" if t in seconds else "n/a" for t in ("bare", "ccache", "sccache", "zccache"))

    def reasons(counts):
        return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"

    for name, r in results.items():
        same = "yes" if r["cold_identical"] and r["warm_identical"] else "NO"
        if r.get("not_reproducible"):
            same += f" ({len(r['not_reproducible'])} differ between two bare builds)"
        lines.append(f"| {name} | {r['build_system']} | {r['objects']} | {r['warm_hits']['zccache']} "
                     f"({r['zccache_warm_misses']} misses) | {same} | "
                     f"{times(r['cold_s'])} | {times(r['warm_s'])} | {reasons(r['uncacheable_reasons'])} | "
                     f"{reasons(r.get('configure_uncacheable', {}))} |")
    return lines

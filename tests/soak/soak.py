#!/usr/bin/env python3
"""Differential soak test: a generated C/C++ project is edited at random between rebuilds, and
after every rebuild through zccache each object, dep file, diagnostic and exit code is compared
with a bare compile of the same state.

Edits: change a header, touch one without change, rename one (and its includes), delete one,
shadow one from an earlier -I directory, change a -D macro, switch compiler, retarget the
include directory's symlink to a changed copy (`ln -sfn`), rename the directory behind it and
put a changed copy in its place, edit a header in place through a hard link made elsewhere,
create (or remove) a header beside the header that includes it ("sub/wrap.h" includes
"common.h", found through a later -I), change an -isystem header (some files use -MMD), create or
remove a header that a __has_include probes, change a file the assembler reads (.incbin: never
stored, always compared), as root mount a tmpfs with a shadowing header over the first -I
directory (or unmount it), and edit a header while a build runs (that build is not
compared; the next one, with nothing changed, must equal bare: nothing half-seen may have been
stored).

    python3 tests/soak/soak.py [--rounds N] [--files N] [--headers N] [--seed S] [--jobs J]

Prints the figures and exits 1 on any mismatch. The test suite runs a short version
(tests/blackbox/test_soak.py); the defaults are the long run."""

import argparse
import concurrent.futures
import json
import os
import pathlib
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
SETTLE = 0.05  # inputs written within a kernel tick of a compile are not stored: let them age
EDIT_KINDS = ("change", "touch", "rename", "delete", "shadow", "macro", "compiler", "retarget", "replace_tree",
              "hard_link", "beside_includer", "system_header", "probe", "blob")


def edit_kinds():
    """Every edit kind this run can make: mounting needs root."""
    return EDIT_KINDS + (("mount",) if os.geteuid() == 0 else ())


class Project:
    def __init__(self, work, files, headers, rng):
        self.work = work
        self.rng = rng
        self.src = work / "src"
        self.inc_a = work / "inc_a"  # searched first: a header here shadows inc_b's
        self.inc_b = work / "inc_b"  # a symlink to inc_b.v<N>
        self.inc_c = work / "inc_c"  # searched last: common.h, which inc_b/sub/wrap.h includes
        self.elsewhere = work / "elsewhere"  # no compile looks here: other names of headers
        self.out = work / "out"
        self.sysinc = work / "sysinc"  # -isystem: with -MMD its headers are not in the dep file
        self.version = 0
        self.pending_edits = []
        self.mounted = False
        for d in (self.src, self.inc_a, work / "inc_b.v0" / "sub", self.inc_c, self.elsewhere, self.out, self.sysinc):
            d.mkdir(parents=True)
        (self.sysinc / "sysh.h").write_text("#pragma once\nstatic inline int sys_v(void) { return 3; }\n")
        (work / "blob.bin").write_text("blob 0\n")
        os.symlink("inc_b.v0", self.inc_b)
        (self.inc_c / "common.h").write_text("#pragma once\nstatic inline int common_v(void) { return 5; }\n")
        (self.inc_b / "sub" / "wrap.h").write_text('#pragma once\n#include "common.h"\n'
                                                  "static inline int wrap_v(void) { return common_v(); }\n")
        self.headers = [f"h{i}.h" for i in range(headers)]
        for i, h in enumerate(self.headers):
            (self.inc_b / h).write_text(f"#pragma once\nstatic inline int {h[:-2]}_v(void) {{ return {i}; }}\n")
        self.sources = []
        self.mmd_sources = set()
        for i in range(files):
            ext = ".cpp" if i % 3 == 0 else ".c"
            name = f"f{i}{ext}"
            used = rng.sample(self.headers, k=min(4, len(self.headers)))
            body = "".join(f'#include "{h}"\n' for h in used)
            extra = ""
            if i % 4 == 1:
                body += '#include "sub/wrap.h"\n'
                extra += " + wrap_v()"
            if i % 5 == 2:  # compiled with -MMD
                self.mmd_sources.add(name)
                body += "#include <sysh.h>\n"
                extra += " + sys_v()"
            if i % 6 == 3:
                body += '#if __has_include("opt.h")\n#include "opt.h"\n#endif\n#ifndef OPT_V\n#define OPT_V 0\n#endif\n'
                extra += " + OPT_V"
            body += f"int f{i}(void) {{\n    int unused_{i} = LEVEL;\n    return LEVEL"
            body += "".join(f" + {h[:-2]}_v()" for h in used) + extra + ";\n}\n"
            (self.src / name).write_text(body)
            self.sources.append(name)
        # The assembler reads blob.bin: never stored, always compared.
        (self.src / "fasm.c").write_text('asm(".section .rodata\\n.incbin \\"blob.bin\\"\\n.text");\n'
                                         "int fasm(void) { return LEVEL; }\n")
        self.sources.append("fasm.c")
        self.level = 1
        self.compilers = {"c": "gcc", "cpp": "g++"}

    def command(self, source):
        kind = "cpp" if source.endswith(".cpp") else "c"
        obj = self.out / (source + ".o")
        deps = "-MMD" if source in self.mmd_sources else "-MD"
        return [self.compilers[kind], "-Wall", f"-DLEVEL={self.level}", "-I", "inc_a", "-I", "inc_b", "-I", "inc_c",
                "-isystem", "sysinc", deps, "-MF", str(obj) + ".d", "-c", f"src/{source}", "-o", str(obj)]

    # Edits ------------------------------------------------------------------------------------
    def header_users(self, header):
        return [s for s in self.sources if f'"{header}"' in (self.src / s).read_text()]

    def changed(self, path):
        """Appends to a header, so that the objects that use it change."""
        with open(path, "a") as f:
            f.write(f"/* edit {self.rng.random()} */\nstatic inline int extra_{self.rng.randrange(10**9)}(void) {{ return 1; }}\n")

    def edit(self):
        # Every kind once per cycle, in a random order: a short run covers them all.
        if not self.pending_edits:
            self.pending_edits = list(edit_kinds())
            self.rng.shuffle(self.pending_edits)
        kind = self.pending_edits.pop()
        live = [h for h in self.headers if (self.inc_b / h).exists()]
        h = self.rng.choice(live) if live else None
        if kind == "change" and h:
            self.changed(self.inc_b / h)
        elif kind == "retarget" and h:
            self.version += 1
            new = f"inc_b.v{self.version}"
            shutil.copytree(self.inc_b.resolve(), self.work / new, symlinks=True)
            self.changed(self.work / new / h)
            os.symlink(new, self.work / "inc_b.next")
            os.replace(self.work / "inc_b.next", self.inc_b)
        elif kind == "replace_tree" and h:
            real = self.inc_b.resolve()
            old = real.with_name(real.name + f".old{self.rng.randrange(10**6)}")
            real.rename(old)
            shutil.copytree(old, real, symlinks=True)
            self.changed(real / h)
        elif kind == "hard_link" and h:
            alias = self.elsewhere / f"{self.rng.randrange(10**6)}_{h}"
            os.link(self.inc_b / h, alias)
            self.changed(alias)  # in place: the header's inode, through the other name
        elif kind == "system_header":
            self.changed(self.sysinc / "sysh.h")
        elif kind == "probe":
            probed = self.inc_a / "opt.h"
            if probed.exists():
                probed.unlink()
            else:
                probed.write_text(f"#define OPT_V {self.rng.randrange(1, 100)}\n")
        elif kind == "blob":
            (self.work / "blob.bin").write_text(f"blob {self.rng.random()}\n")
        elif kind == "mount":
            self.toggle_mount()
        elif kind == "beside_includer":
            beside = self.inc_b / "sub" / "common.h"
            if beside.exists():
                beside.unlink()
            else:
                beside.write_text("#pragma once\nstatic inline int common_v(void) { return 77; }\n")
        elif kind == "touch" and h:
            os.utime(self.inc_b / h)
        elif kind == "rename" and h:
            new = f"r{self.rng.randrange(10**6)}_{h}"
            (self.inc_b / h).rename(self.inc_b / new)
            for s in self.header_users(h):
                (self.src / s).write_text((self.src / s).read_text().replace(f'"{h}"', f'"{new}"'))
            self.headers[self.headers.index(h)] = new
        elif kind == "delete" and h:
            (self.inc_b / h).unlink()  # its users fail, bare and cached alike
        elif kind == "shadow" and h:
            (self.inc_a / h).write_text(f"#pragma once\nstatic inline int {h[:-2]}_v(void) {{ return 1000; }}\n")
        elif kind == "macro":
            self.level += 1
        elif kind == "compiler":
            self.compilers = ({"c": "clang", "cpp": "clang++"} if self.compilers["c"] == "gcc"
                              else {"c": "gcc", "cpp": "g++"})
        return kind

    def toggle_mount(self):
        """A tmpfs over inc_a holding a header that shadows one of inc_b's; next time, unmounted."""
        if self.mounted:
            self.unmount()
            return
        subprocess.run(["mount", "-t", "tmpfs", "zccache-soak", str(self.inc_a)], check=True)
        self.mounted = True
        h = self.rng.choice(self.headers)
        (self.inc_a / h).write_text(f"#pragma once\nstatic inline int {h[:-2]}_v(void) {{ return 2000; }}\n")

    def unmount(self):
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.inc_a)], check=True)
            self.mounted = False

    def edit_later(self, delay):
        """Changes a header `delay` seconds from now, from another thread."""
        def change():
            time.sleep(delay)
            live = [h for h in self.headers if (self.inc_b / h).exists()]
            if live:
                path = self.inc_b / self.rng.choice(live)
                path.write_text(path.read_text() + "/* changed during the build */\n")
        thread = threading.Thread(target=change)
        thread.start()
        return thread


def compile_one(project, source, zccache, env):
    argv = project.command(source)
    obj = pathlib.Path(argv[-1])
    for p in (obj, pathlib.Path(str(obj) + ".d")):
        p.unlink(missing_ok=True)
    proc = subprocess.run(([zccache] if zccache else []) + argv, cwd=project.work, env=env, capture_output=True)
    outputs = {}
    for p in (obj, pathlib.Path(str(obj) + ".d")):
        outputs[p.name] = p.read_bytes() if p.exists() else None
    return proc.returncode, proc.stdout, proc.stderr, outputs


def build(project, zccache, env, jobs):
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        futures = {s: pool.submit(compile_one, project, s, zccache, env) for s in project.sources}
        return {s: f.result() for s, f in futures.items()}


def soak(rounds, files, headers, seed, jobs, zccache, log=print):
    rng = random.Random(seed)
    work = pathlib.Path(tempfile.mkdtemp(prefix="zccache-soak-"))
    env = dict(os.environ, LANG="C", ZCCACHE_CACHE_DIR=str(work / "cache"))
    figures = {"seed": seed, "rounds": rounds, "files": files, "headers": headers, "rebuilds": 0,
               "objects_compared": 0, "mismatches": 0, "edits": {}, "hits": 0, "misses": 0}
    project = None
    try:
        project = Project(work / "proj", files, headers, rng)
        time.sleep(SETTLE)
        for rnd in range(rounds):
            if rnd > 0 and rnd % 4 == 0:
                # A header changes while the cached build runs; that build is not compared.
                thread = project.edit_later(0.05)
                build(project, zccache, env, jobs)
                thread.join()
                figures["edits"]["during_build"] = figures["edits"].get("during_build", 0) + 1
            elif rnd > 0:
                kind = project.edit()
                figures["edits"][kind] = figures["edits"].get(kind, 0) + 1
            time.sleep(SETTLE)
            bare = build(project, None, env, jobs)
            for attempt in range(2):  # a miss, then (nothing changed) a hit
                cached = build(project, zccache, env, jobs)
                figures["rebuilds"] += 1
                for source in project.sources:
                    figures["objects_compared"] += 1
                    if cached[source] != bare[source]:
                        figures["mismatches"] += 1
                        log(f"MISMATCH round {rnd} attempt {attempt} {source}: "
                            f"rc {cached[source][0]} vs {bare[source][0]}\n{cached[source][2][:500]!r}\n{bare[source][2][:500]!r}")
        status = json.loads(subprocess.run([zccache, "status", "--json"], env=env, capture_output=True).stdout)
        figures["hits"], figures["misses"] = status["hits"], status["misses"]
    finally:
        if project:
            project.unmount()
        subprocess.run([zccache, "stop"], env=env, capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--headers", type=int, default=50)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--zccache", default=str(pathlib.Path(os.environ.get("ZCCACHE_BIN_DIR", ROOT / "build" / "src")) / "zccache"))
    args = parser.parse_args()
    figures = soak(args.rounds, args.files, args.headers, args.seed, args.jobs, args.zccache)
    print(json.dumps(figures, indent=2))
    return 1 if figures["mismatches"] else 0


if __name__ == "__main__":
    sys.exit(main())

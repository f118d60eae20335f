"""The layering of src/, read from the includes: each folder may include only the folders
docs/ARCHITECTURE.md draws an arrow to. A wrong include (the daemon reaching into the client, the
client pulling in the compiler model) fails here, not in review."""

import pathlib
import re

SRC = pathlib.Path(__file__).resolve().parents[2] / "src"

# folder -> the folders it may include (besides itself). Keep in step with ARCHITECTURE.md.
ALLOWED = {
    "common": set(),
    "reasons": set(),
    "protocol": {"common"},
    "ipc": {"common"},
    "compiler": {"common", "reasons"},
    "analysis": {"common", "reasons", "compiler"},
    "rust": {"common", "reasons", "compiler"},
    "meta": {"common"},
    "store": {"common"},
    "cache": {"common", "reasons", "compiler"},
    "client": {"common", "ipc", "protocol"},
    "cli": {"common", "reasons", "ipc", "protocol", "compiler", "cache", "store"},
    "daemon": {"common", "reasons", "ipc", "protocol", "compiler", "analysis", "rust", "meta", "store", "cache"},
    "recorder": set(),
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/([^"]+)"', re.M)


def includes():
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in (".h", ".cpp", ".c"):
            continue
        folder = path.relative_to(SRC).parts[0]
        for match in INCLUDE.finditer(path.read_text()):
            yield path.relative_to(SRC), folder, match.group(1), match.group(2)


def test_every_folder_is_in_the_table():
    folders = {p.name for p in SRC.iterdir() if p.is_dir()}
    assert folders == set(ALLOWED), "add the folder to ALLOWED and to ARCHITECTURE.md"


def test_no_include_crosses_a_layer():
    wrong = [f"{path}: {target}/{header}" for path, folder, target, header in includes()
             if target != folder and target not in ALLOWED[folder]]
    assert not wrong, "includes against the layering:\n" + "\n".join(wrong)


def test_every_included_header_exists():
    missing = [f"{path}: {target}/{header}" for path, _, target, header in includes()
               if not (SRC / target / header).exists()]
    assert not missing, "\n".join(missing)


def test_the_allowed_arrows_have_no_cycle():
    seen, done = set(), set()

    def visit(folder, trail):
        assert folder not in seen - done, "cycle: " + " -> ".join(trail + [folder])
        if folder in done:
            return
        seen.add(folder)
        for target in ALLOWED[folder]:
            visit(target, trail + [folder])
        done.add(folder)

    for folder in ALLOWED:
        visit(folder, [])


def test_only_the_pipeline_reaches_the_tool_plans():
    # The server, scheduling and the shared hit path know no tool: a new tool is a plan in
    # daemon/tools/ and a line in its table, never an edit to the core.
    tools = SRC / "daemon" / "tools"
    wrong = [f"{path}: {target}/{header}" for path, folder, target, header in includes()
             if target == "daemon" and header.startswith("tools/") and not (SRC / path).is_relative_to(tools)
             and path.name not in ("pipeline.h", "pipeline.cpp")]
    assert not wrong, "only daemon/pipeline.* may include daemon/tools/:\n" + "\n".join(wrong)

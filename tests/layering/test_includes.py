"""The layering of src/, read from the includes: each folder may include only the folders
docs/ARCHITECTURE.md draws an arrow to. A wrong include (the daemon reaching into the client, the
client pulling in the compiler model) fails here, not in review."""

import pathlib
import re

SRC = pathlib.Path(__file__).resolve().parents[2] / "src"

# folder -> the folders it may include (besides itself). ARCHITECTURE.md prints the same list (checked below).
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
    "cli": {"common", "reasons", "ipc", "protocol", "compiler", "cache", "analysis", "store"},
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


def cmake_targets():
    """src/CMakeLists.txt's targets: name -> (folder of its sources, the src/ targets it links)."""
    text = (SRC / "CMakeLists.txt").read_text()
    folders = {}
    for match in re.finditer(r"add_(?:library|executable)\((\S+)\s+(?:STATIC\s+|SHARED\s+)?([^)]*)\)", text):
        sources = match.group(2).split()
        folders[match.group(1)] = sources[0].split("/")[0]
    links = {name: set() for name in folders}
    for match in re.finditer(r"target_link_libraries\((\S+)\s+(?:PUBLIC|PRIVATE)\s+([^)]*)\)", text):
        links[match.group(1)] |= {dep for dep in match.group(2).split() if dep in folders}
    return folders, links


def test_link_dependencies_match_the_includes():
    # A target links exactly the layers its folder may include: an include of a folder it does
    # not link (found only through another target) or a link against a layer it must not use
    # fails here.
    folders, links = cmake_targets()
    included = {}
    for _, folder, target, _ in includes():
        if target != folder:
            included.setdefault(folder, set()).add(target)

    def reachable(name, seen):
        for dep in links[name] - seen:
            seen.add(dep)
            reachable(dep, seen)
        return seen

    wrong = []
    for name, folder in folders.items():
        linked = {folders[dep] for dep in links[name]} - {folder}
        for layer in sorted(linked - ALLOWED[folder]):
            wrong.append(f"{name} ({folder}/) links {layer}/, which {folder}/ may not include")
        reached = {folders[dep] for dep in reachable(name, set())}
        for layer in sorted(included.get(folder, set()) - reached):
            wrong.append(f"{name} ({folder}/) includes {layer}/ without linking it")
    assert not wrong, "\n".join(wrong)


def architecture_arrows():
    """The arrow list in ARCHITECTURE.md's Layers section: `a, b -> c, d` lines in its second block."""
    text = (SRC.parent / "docs" / "ARCHITECTURE.md").read_text()
    layers = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    block = layers.split("```")[3]  # the band picture is the first block, the list the second
    arrows = {}
    for line in block.strip().splitlines():
        sources, targets = line.split("->")
        wanted = set() if "(nothing)" in targets else {t.strip() for t in targets.split(",")}
        for source in sources.split(","):
            arrows[source.strip()] = wanted
    return arrows


def test_the_documented_arrows_are_the_checked_ones():
    assert architecture_arrows() == ALLOWED


def test_no_allowed_arrow_points_up_or_sideways_in_the_bands():
    # the bands of the picture in ARCHITECTURE.md, top to bottom
    bands = [{"client", "cli", "daemon"}, {"cache", "analysis", "rust"},
             {"compiler", "meta", "store", "ipc", "protocol"}, {"reasons", "common", "recorder"}]
    band_of = {folder: i for i, band in enumerate(bands) for folder in band}
    assert set(band_of) == set(ALLOWED)
    wrong = [f"{a} -> {b}" for a, targets in ALLOWED.items() for b in targets if band_of[b] <= band_of[a]]
    assert not wrong, wrong

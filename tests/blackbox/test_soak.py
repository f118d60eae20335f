"""The differential soak test (tests/soak/soak.py), short: random edits between rebuilds, every
cached result compared with a bare compile."""

import pathlib
import sys

from conftest import ZCCACHE

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "soak"))
import soak  # noqa: E402


def test_short_soak_has_no_mismatch():
    # 21 rounds: 15 edits between rebuilds (every kind once) and 5 during one.
    figures = soak.soak(rounds=21, files=24, headers=12, seed=20261126, jobs=8, zccache=ZCCACHE)
    print(figures)
    assert figures["objects_compared"] == 21 * 2 * 25  # 24 files and the one the assembler reads into
    assert set(figures["edits"]) == set(soak.edit_kinds()) | {"during_build"}, figures["edits"]
    assert figures["mismatches"] == 0, figures
    assert figures["hits"] > 0

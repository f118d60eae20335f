"""The mechanism that makes a hit cost the same with 30 headers or 5000 — the metadata cache
trusting what its watches vouch for — guarded by the daemon's own counters (`status --json`,
`hot_path`): a warm hit stats and hashes nothing; a rewritten header is the only one read."""

from conftest import SETTLE_SECONDS, cached_equals_bare

import time

BLOB_SETTLES_SECONDS = 0.2  # the blob guard's racy window (100 ms), and margin


def hot_path(zc):
    return zc.status()["hot_path"]


def delta(before, after):
    return {k: after[k] - before[k] for k in after}


def headers(zc, dirs, per_dir):
    includes, flags = [], []
    for d in range(dirs):
        flags.append(f"-Iinc{d}")
        for i in range(per_dir):
            zc.write(f"inc{d}/h{d}_{i}.h", f"int h{d}_{i};\n", settle=False)
            includes.append(f'#include "h{d}_{i}.h"')
    zc.write("a.c", "\n".join(includes) + "\nint main(void) { return 0; }\n")
    return ["gcc", *flags, "-c", "a.c", "-o", "a.o"]


def test_a_warm_hit_with_30_unchanged_headers_stats_and_hashes_nothing(zc):
    argv = headers(zc, dirs=3, per_dir=10)
    zc.compile(argv, ["a.o"], via_cache=True)  # the miss
    time.sleep(BLOB_SETTLES_SECONDS)  # a blob younger than its ctime tick is read again at each hit
    assert cached_equals_bare(zc, argv, ["a.o"], "first hit")
    before = hot_path(zc)
    assert cached_equals_bare(zc, argv, ["a.o"], "warm hit")
    d = delta(before, hot_path(zc))
    assert d["compile_requests"] == 1 and d["watcher_drains"] == 1, d
    assert d["files_hashed"] == 0 and d["bytes_hashed"] == 0, d
    assert d["file_stats"] <= 3, d  # at most one per directory; in fact none
    # Every stat and read of the daemon's disk, the validator's and the blob guard's too: the
    # object's blob is looked at (before and after delivery), nothing else, and nothing is read.
    assert d["disk_stats"] <= 3 and d["disk_reads"] == 0 and d["disk_bytes_read"] == 0, d
    # The compiler's files and PATH entries are looked up (how many depends on the machine's PATH);
    # the headers not even that: their directories' watches prove the entry's group unchanged.
    assert d["file_lookups"] >= 1 and d["file_lookups_from_memory"] == d["file_lookups"], d


def test_a_hit_after_rewriting_one_of_5000_headers_hashes_exactly_that_one(zc):
    argv = headers(zc, dirs=5, per_dir=1000)
    zc.compile(argv, ["a.o"], via_cache=True)
    time.sleep(BLOB_SETTLES_SECONDS)
    assert cached_equals_bare(zc, argv, ["a.o"], "first hit")
    # The same bytes, written anew: an event, a new mtime, the same content.
    rewritten = zc.work / "inc3" / "h3_500.h"
    rewritten.write_text(rewritten.read_text())
    time.sleep(SETTLE_SECONDS)
    before = hot_path(zc)
    assert cached_equals_bare(zc, argv, ["a.o"], "hit after the rewrite")
    d = delta(before, hot_path(zc))
    assert d["files_hashed"] == 1 and d["bytes_hashed"] == len(rewritten.read_bytes()), d
    assert d["disk_reads"] == 1 and d["disk_bytes_read"] == d["bytes_hashed"], d
    assert d["file_lookups"] < 100, d  # the entry's check reads only the names that changed

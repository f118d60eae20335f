#!/usr/bin/env bash
# Benchmarks zccache against the bare compiler, ccache and sccache in one run.
# Usage: bench/run.sh [--quick] [--only NAMES]    (results in bench/results/<date>.{json,md,png})
set -euo pipefail
cd "$(dirname "$0")/.."
# The test suite runs this as a smoke check on binaries it has just built.
[ "${ZCCACHE_SKIP_BUILD:-0}" = 1 ] || bash scripts/build.sh >/dev/null
# Its peers (ccache, sccache, hyperfine, matplotlib), the tools of its scenarios and the real
# projects' sources, which a --quick run (the test suite's smoke check) leaves out.
deps=bench
for arg in "$@"; do [ "$arg" = --quick ] && deps=test; done
bash scripts/install-deps.sh "$deps"
exec /usr/bin/python3 bench/bench.py "$@"

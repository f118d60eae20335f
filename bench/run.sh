#!/usr/bin/env bash
# Benchmarks zccache against the bare compiler, ccache and sccache in one run.
# Usage: bench/run.sh [--quick] [--only NAMES]    (results in bench/results/<date>.{json,md,png})
set -euo pipefail
cd "$(dirname "$0")/.."
# The test suite runs this as a smoke check on binaries it has just built.
[ "${ZCCACHE_SKIP_BUILD:-0}" = 1 ] || bash scripts/build.sh >/dev/null
# Its peers (ccache, sccache, hyperfine, matplotlib) and the tools of its scenarios.
bash scripts/install-deps.sh test
exec /usr/bin/python3 bench/bench.py "$@"

#!/usr/bin/env bash
# Benchmarks zccache against the bare compiler, ccache and sccache in one run.
# Usage: bench/run.sh [--quick] [--only NAMES]    (results in bench/results/<date>.{json,md,png})
set -euo pipefail
cd "$(dirname "$0")/.."
# The test suite runs this as a smoke check on binaries it has just built.
[ "${ZCCACHE_SKIP_BUILD:-0}" = 1 ] || bash scripts/build.sh >/dev/null
missing=()
for p in ccache sccache hyperfine python3-matplotlib; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
exec /usr/bin/python3 bench/bench.py "$@"

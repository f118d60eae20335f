#!/usr/bin/env bash
# The whole test suite: unit tests (GoogleTest), black-box suites against real compilers, the
# benchmark smoke run, and a short run of every fuzz target (ASan + UBSan).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
(cd build && ctest --output-on-failure -j2 "$@")
bash tests/fuzz/run.sh "${ZCCACHE_FUZZ_SECONDS:-10}"

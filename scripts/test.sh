#!/usr/bin/env bash
# The whole test suite: unit tests (GoogleTest), black-box suites against real compilers, the
# benchmark smoke run, a short run of every fuzz target, then the black-box suite again against
# an ASan + UBSan build and the concurrency suites against a TSan build (no report allowed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
(cd build && ctest --output-on-failure -j2 "$@")
bash tests/fuzz/run.sh "${ZCCACHE_FUZZ_SECONDS:-10}"
bash tests/sanitize/run.sh
bash tests/sanitize/run.sh --thread

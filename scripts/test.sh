#!/usr/bin/env bash
# The whole test suite: unit tests (GoogleTest) and black-box suites against real compilers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
cd build
ctest --output-on-failure -j2 "$@"

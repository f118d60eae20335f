#!/usr/bin/env bash
# Builds every target with clang under sanitizers, at -O1 (as the sanitizers advise; it also
# gives the fuzz targets ~3x the executions of -O0) with line tables for the reports, as a unity
# build: the template-heavy headers are compiled once per batch of files, not once per file.
#   scripts/sanitized-build.sh address   build-asan/: ASan + UBSan, unit tests, libFuzzer targets
#   scripts/sanitized-build.sh thread    build-tsan/: TSan, client, daemon and CLI
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
    address) dir=build-asan; options=(-DZCCACHE_SANITIZE=address,undefined -DZCCACHE_FUZZ=ON) ;;
    thread) dir=build-tsan; options=(-DZCCACHE_SANITIZE=thread -DZCCACHE_BUILD_TESTS=OFF) ;;
    *) echo "usage: $0 address|thread" >&2; exit 2 ;;
esac
bash scripts/install-deps.sh test
CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" -DCMAKE_UNITY_BUILD=ON "${options[@]}" >/dev/null
cmake --build "$dir" >/dev/null

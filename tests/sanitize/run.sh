#!/usr/bin/env bash
# The black-box suite against an ASan + UBSan build of client, daemon and CLI (build-asan/),
# with every sanitizer report written to a log directory that must stay empty.
# Usage: tests/sanitize/run.sh [pytest args...]     (the build takes ~12 min on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/install-deps.sh
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZCCACHE_SANITIZE=address,undefined >/dev/null
cmake --build build-asan
logs=$(mktemp -d)
export ASAN_OPTIONS="log_path=$logs/asan"
export UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1"
build-asan/tests/zccache_unit_tests
ZCCACHE_BIN_DIR="$PWD/build-asan/src" /usr/bin/python3 -m pytest -q tests/blackbox "$@"
if compgen -G "$logs/*" >/dev/null; then
    echo "sanitizer reports:"; cat "$logs"/*
    exit 1
fi
echo "no sanitizer reports"

#!/usr/bin/env bash
# The black-box suite against sanitized builds of client, daemon and CLI, with every sanitizer
# report written to a log directory that must stay empty.
#   tests/sanitize/run.sh [pytest args...]           ASan + UBSan (build-asan/), the whole suite
#   tests/sanitize/run.sh --thread [pytest args...]  TSan (build-tsan/), the concurrency tests
# Each build takes ~12 min on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/install-deps.sh
logs=$(mktemp -d)
if [ "${1:-}" = "--thread" ]; then
    shift
    build=build-tsan
    cmake -S . -B $build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZCCACHE_SANITIZE=thread >/dev/null
    export TSAN_OPTIONS="log_path=$logs/tsan:halt_on_error=0"
    # Many clients against one daemon: its threads, single flight, the watcher, eviction.
    suites=(tests/blackbox/test_load.py tests/blackbox/test_parallel_make.py tests/blackbox/test_multi_source.py
            tests/blackbox/test_daemon_lifecycle.py tests/blackbox/test_size_limit.py)
else
    build=build-asan
    cmake -S . -B $build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZCCACHE_SANITIZE=address,undefined >/dev/null
    export ASAN_OPTIONS="log_path=$logs/asan"
    export UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1"
    suites=(tests/blackbox)
fi
cmake --build $build
$build/tests/zccache_unit_tests
ZCCACHE_BIN_DIR="$PWD/$build/src" /usr/bin/python3 -m pytest -q "${suites[@]}" "$@"
if compgen -G "$logs/*" >/dev/null; then
    echo "sanitizer reports:"; cat "$logs"/*
    exit 1
fi
echo "no sanitizer reports"

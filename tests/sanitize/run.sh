#!/usr/bin/env bash
# The black-box suite against sanitized builds of client, daemon and CLI, with every sanitizer
# report written to a log directory that must stay empty (scripts/test.sh runs both).
#   tests/sanitize/run.sh [pytest args...]           ASan + UBSan (build-asan/): unit tests, whole suite
#   tests/sanitize/run.sh --thread [pytest args...]  TSan (build-tsan/): the concurrency tests
# Each build takes ~2 min on 2 cores; the suites run as 4 pytest workers, a file per worker,
# since most of a test's time is spent waiting for compilers and daemons.
set -euo pipefail
cd "$(dirname "$0")/../.."
logs=$(mktemp -d)
if [ "${1:-}" = "--thread" ]; then
    shift
    build=build-tsan
    bash scripts/sanitized-build.sh thread
    export TSAN_OPTIONS="log_path=$logs/tsan:halt_on_error=0"
    # Many clients against one daemon: its threads, single flight, the watcher, eviction.
    suites=(tests/blackbox/test_load.py tests/blackbox/test_parallel_make.py tests/blackbox/test_multi_source.py
            tests/blackbox/test_daemon_lifecycle.py tests/blackbox/test_size_limit.py)
else
    build=build-asan
    bash scripts/sanitized-build.sh address
    export ASAN_OPTIONS="log_path=$logs/asan"
    export UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1"
    $build/tests/zccache_unit_tests --gtest_brief=1
    suites=(tests/blackbox)
fi
ZCCACHE_BIN_DIR="$PWD/$build/src" /usr/bin/python3 -m pytest -q -p no:cacheprovider -n 4 --dist loadfile \
    "${suites[@]}" "$@"
if compgen -G "$logs/*" >/dev/null; then
    echo "sanitizer reports:"; cat "$logs"/*
    exit 1
fi
echo "$build: no sanitizer reports"

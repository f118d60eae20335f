#!/usr/bin/env bash
# Builds the libFuzzer targets (in the ASan + UBSan build) and runs each for SECONDS (default 10)
# from its seed corpus. Exits non-zero, with the crashing input kept, if any target fails.
# Usage: tests/fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-10}"
build=build-asan  # the fuzz targets are part of the ASan + UBSan build
bash scripts/sanitized-build.sh address
targets=(frame arguments response_file depfile)
status=0
for t in "${targets[@]}"; do
    work=$(mktemp -d)
    cp -r "tests/fuzz/corpus/$t/." "$work/"
    if "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -print_final_stats=1 \
            -artifact_prefix="$build/crash-$t-" "$work" >"$build/fuzz_$t.log" 2>&1; then
        runs=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$build/fuzz_$t.log" | grep -o '[0-9]*$')
        echo "fuzz_$t: ${runs:-?} executions in ${seconds}s, no crash"
    else
        echo "fuzz_$t: FAILED (see $build/fuzz_$t.log and $build/crash-$t-*)"
        tail -30 "$build/fuzz_$t.log"
        status=1
    fi
    rm -rf "$work"
done
exit $status

#!/usr/bin/env bash
# The whole test suite: unit tests (GoogleTest), black-box suites against real compilers, the
# benchmark smoke run, the demo on a fresh minimal Debian 12 tree, a short run of every fuzz
# target, then the black-box suite again against an ASan + UBSan build and the concurrency
# suites against a TSan build (no report allowed), and clang-tidy over src/ (no finding allowed).
# Under CI=true no test may skip for want of a tool.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh test
ZCCACHE_WERROR=ON bash scripts/build.sh

# The two sanitized builds, then clang-tidy (scripts/tidy.sh), run one after the other in the
# background at the lowest priority, taking only the CPU the suites leave idle while they wait
# for compilers and daemons. Their own process group, so that a failing run stops them too.
builds=$(mktemp -d)
setsid bash -c 'for kind in address thread tidy; do
    status=0
    if [ $kind = tidy ]; then
        nice -n 19 bash scripts/tidy.sh >"$0/$kind.log" 2>&1 || status=$?
    else
        nice -n 19 bash scripts/sanitized-build.sh $kind >"$0/$kind.log" 2>&1 || status=$?
    fi
    echo $status >"$0/$kind.rc"
done' "$builds" &
background=$!
trap 'kill -- -$background 2>/dev/null || true' EXIT
# Waits for one of those jobs; a failed one fails the run with its log.
built() {
    while [ ! -f "$builds/$1.rc" ]; do sleep 2; done
    [ "$(cat "$builds/$1.rc")" = 0 ] || { echo "background job ($1) failed:"; cat "$builds/$1.log"; exit 1; }
}

(cd build && ctest --output-on-failure -j2 "$@")
built address
bash tests/fuzz/run.sh "${ZCCACHE_FUZZ_SECONDS:-10}"
bash tests/sanitize/run.sh
built thread
bash tests/sanitize/run.sh --thread
built tidy
cat "$builds/tidy.log"

#!/usr/bin/env bash
# The main job: a sample C++ project of 20 files built through zccache with CMake + Ninja,
# its compiles and its link cached, cold (empty cache), cleaned, then warm, and the cache's statistics.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
root=$PWD
demo=$root/build/demo
rm -rf "$demo"
python3 scripts/make_sample_project.py "$demo/project" 20
export ZCCACHE_CACHE_DIR=$demo/cache  # a private cache, so the cold build really is cold
zccache=$root/build/src/zccache
"$zccache" stop >/dev/null 2>&1 || true

configure() {
    cmake -S "$demo/project" -B "$demo/out" -G Ninja -DCMAKE_BUILD_TYPE=Release \
          -DCMAKE_CXX_COMPILER=g++ -DCMAKE_CXX_COMPILER_LAUNCHER="$zccache" \
          -DCMAKE_CXX_LINKER_LAUNCHER="$zccache" >/dev/null
}
# The cache's counters, as "hits misses", read from `zccache status --json`.
counters() {
    "$zccache" status --json | python3 -c 'import json, sys; s = json.load(sys.stdin); print(s["hits"], s["misses"])'
}
# Builds once and prints the wall time (nanoseconds by date, arithmetic by bash) and what the
# cache did during this build.
timed_build() {
    local label=$1 start end ms before after
    read -r -a before <<<"$(counters)"
    start=$(date +%s%N)
    cmake --build "$demo/out" >/dev/null
    end=$(date +%s%N)
    read -r -a after <<<"$(counters)"
    ms=$(((end - start) / 1000000))
    printf '%-4s build: %d.%03d s  (%d hits, %d misses)\n' "$label" $((ms / 1000)) $((ms % 1000)) \
        $((after[0] - before[0])) $((after[1] - before[1]))
}

configure
timed_build cold
cmake --build "$demo/out" --target clean >/dev/null
timed_build warm
"$demo/out/sample_app" >/dev/null && echo "sample_app runs"
echo
"$zccache" status
"$zccache" stop >/dev/null

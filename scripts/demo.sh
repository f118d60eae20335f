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
timed_build() {
    local label=$1 start end
    start=$(date +%s.%N)
    cmake --build "$demo/out" >/dev/null
    end=$(date +%s.%N)
    printf '%-6s build: %6.2f s\n' "$label" "$(echo "$end - $start" | bc)"
}

configure
timed_build cold
cmake --build "$demo/out" --target clean >/dev/null
timed_build warm
"$demo/out/sample_app" >/dev/null && echo "sample_app runs"
echo
"$zccache" status
"$zccache" stop >/dev/null

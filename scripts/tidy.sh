#!/usr/bin/env bash
# clang-tidy with the checked-in .clang-tidy over every source in src/ (any finding fails).
# Needs only a configured (not built) tree: build-tidy/ is configured without the unity build,
# so that each file is checked as it is written.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-tidy -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=OFF -DZCCACHE_BUILD_TESTS=OFF >/dev/null
mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.c')
run-clang-tidy-14 -p build-tidy -j "$(nproc)" -quiet "${files[@]/#/$PWD/}" >build-tidy/tidy.log 2>&1 || {
    sed 's/\x1b\[[0-9;]*m//g' build-tidy/tidy.log | grep -E '(warning|error): ' | sort -u
    echo "clang-tidy: findings above (build-tidy/tidy.log has the whole run)"
    exit 1
}
echo "clang-tidy: ${#files[@]} files, no findings"

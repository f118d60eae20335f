#!/usr/bin/env bash
# Every C and C++ file is as .clang-format lays it out: `clang-format -i` on the named files
# fixes what this reports.
set -euo pipefail
cd "$(dirname "$0")/../.."
mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.h' 'src/*.c' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 'bench/*.h')
[ ${#files[@]} -gt 0 ] || { echo "no sources found (not a git checkout?)"; exit 1; }
clang-format --dry-run --Werror "${files[@]}"
echo "clang-format: ${#files[@]} files as .clang-format lays them out"

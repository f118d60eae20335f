#!/usr/bin/env bash
# Installs the Debian packages and builds zccache into build/ (Release, as a unity build: the
# template-heavy headers are compiled once per batch of files, which halves the build time).
# ZCCACHE_WERROR=ON (the test suite sets it) makes every warning an error.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh build
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=ON "-DZCCACHE_WERROR=${ZCCACHE_WERROR:-OFF}" >/dev/null
cmake --build build

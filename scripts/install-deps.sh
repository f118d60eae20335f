#!/usr/bin/env bash
# Installs the Debian packages zccache builds and tests with. Idempotent and quiet when all is there.
set -euo pipefail
packages=(
    build-essential cmake ninja-build clang
    libxxhash-dev liblmdb-dev libmsgpack-cxx-dev nlohmann-json3-dev libcli11-dev
    libspdlog-dev libfmt-dev libtomlplusplus-dev libgtest-dev libgmock-dev libbenchmark-dev
    python3 python3-pytest python3-pytest-xdist python3-jsonschema make jq
    clang-tidy iwyu emscripten nodejs
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "zccache: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

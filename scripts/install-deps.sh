#!/usr/bin/env bash
# Installs the Debian packages zccache needs, for one purpose. Idempotent and quiet when all is there.
#   scripts/install-deps.sh build   building zccache and running the demo (scripts/demo.sh)
#   scripts/install-deps.sh test    the whole test suite (scripts/test.sh): build, every tool a test
#                                   drives, the benchmark's peers and the small real-project sources,
#                                   and the fresh-root check
#   scripts/install-deps.sh bench   the full benchmark (bench/run.sh): the test set and the larger
#                                   real projects' sources with what they build against
# Every command a script or test calls must come from a package listed here (or from Debian's
# essential set): tests/fresh_root/run.sh proves it on a minimal Debian 12 tree.
set -euo pipefail
build=(
    build-essential cmake ninja-build pkg-config python3
    libxxhash-dev liblmdb-dev libmsgpack-cxx-dev nlohmann-json3-dev libcli11-dev
    libspdlog-dev libfmt-dev libtomlplusplus-dev libgtest-dev
)
test=(
    "${build[@]}"
    python3-pytest python3-pytest-xdist python3-jsonschema make git clang-format
    clang llvm lld libclang-rt-14-dev clang-tidy iwyu emscripten nodejs
    cargo rustc rust-clippy rustfmt
    ccache sccache hyperfine python3-matplotlib
    debootstrap
    googletest uclibc-source binutils-source meson
)
bench=(
    "${test[@]}"
    juce-modules-source
    xorg-server-source x11proto-dev xtrans-dev libpixman-1-dev libxkbfile-dev libxfont-dev libxau-dev
    libxdmcp-dev nettle-dev libxcvt-dev
    librust-serde-json-dev librust-serde-derive-dev librust-regex-dev librust-anyhow-dev
)
case "${1:-}" in
    build) packages=("${build[@]}") ;;
    test) packages=("${test[@]}") ;;
    bench) packages=("${bench[@]}") ;;
    *) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac
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

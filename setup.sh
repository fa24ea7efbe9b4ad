#!/usr/bin/env bash
# Installs the build dependencies from Debian's packages and builds ppl into build/.
# Run as root on a fresh Debian machine (or through sudo).
set -euo pipefail
cd "$(dirname "$0")"

packages=(
  g++ cmake make
  antlr4 libantlr4-runtime-dev
  libeigen3-dev libcli11-dev nlohmann-json3-dev doctest-dev
  libboost-math-dev librandom123-dev libfmt-dev libnetcdf-dev libjs-vega
  clang libclang-rt-14-dev
  openmpi-bin libopenmpi-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${missing[@]}"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"

# `ppl` on the PATH: a link to the build.
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO ln -sf "$PWD/build/ppl" /usr/local/bin/ppl || echo "note: could not link /usr/local/bin/ppl; run build/ppl"

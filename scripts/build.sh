#!/bin/sh
# Installs the dependencies (Debian packages), configures, and builds the `berth` binary into
# build/ (only berth: the tests are built by scripts/test.sh). ccache is used when present.
# `build.sh --all` builds every target (berth and the test binaries) in one ninja run, which is
# what scripts/test.sh does: one run keeps both cores busy where two would leave one idle while
# the last of berth's sources compiles and berth links.
set -eu
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
if [ "${1:-}" = --all ]; then
  cmake --build build -j"$(nproc)"
else
  cmake --build build -j"$(nproc)" --target berth
fi

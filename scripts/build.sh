#!/bin/sh
# Installs the dependencies (Debian packages), configures, and builds the `berth` binary into
# build/ (only berth: the tests are built by scripts/test.sh). ccache is used when present.
set -eu
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target berth

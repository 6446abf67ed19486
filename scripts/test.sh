#!/bin/sh
# Installs, builds and runs every test: GoogleTest units per phase, the golden tests and the
# end-to-end runs of the berth binary. This is what .ci/run calls.
set -eu
cd "$(dirname "$0")/.."
./scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 600

#!/bin/sh
# Installs, builds everything (berth and the test binaries) and runs every test: GoogleTest
# units per phase, the golden tests, the closure test and the end-to-end runs of the berth
# binary. This is what .ci/run calls. Tests whose tool is missing (moto_server, cfn-lint) or
# whose engine cannot start (dockerd in a chroot) skip and say why in the output.
set -eu
cd "$(dirname "$0")/.."
./scripts/build.sh
cmake --build build -j"$(nproc)"
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 600

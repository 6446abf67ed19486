#!/bin/sh
# Installs every build and test dependency of berth from Debian 12 packages, on a minbase
# system too (docs/ci.md says how that is proven). Idempotent: packages already present are
# skipped, so a second run is fast. `setup.sh --list` prints the list and installs nothing (the
# closure test, tests/closure/, compares it with what the build links and the tests run).
#
# One package per line, so that adding one merges cleanly. Not in Debian 12, so not here:
# moto (`pip install 'moto[server]'`) and cfn-lint; the tests that need them skip and say so.
set -eu

packages=$(sed -e 's/#.*//' -e '/^ *$/d' <<'EOF'
# toolchain
cmake
g++
ninja-build
pkg-config
# libraries berth links
libantlr4-runtime-dev
uuid-dev            # the ANTLR4 runtime's CMake package links -luuid
nlohmann-json3-dev
libfmt-dev
libgit2-dev
libcpp-httplib-dev
libssl-dev
libpugixml-dev      # XML replies of the awsQuery/ec2 protocols (aws-api backend)
libgtest-dev
libsqlite3-dev      # the control plane's store (berth serve)
libtcmalloc-minimal4  # berth's allocator (CMakeLists.txt says why)
# the parser generator (runs on Java)
antlr4
# what the tests run
git
ca-certificates
python3
awscli              # validates every emitted request against the AWS models
python3-botocore    # SigV4 and the API models for the python checks (awscli 2 bundles its own)
docker.io           # the docker backend's tests start a private dockerd
busybox-static      # the local image the docker tests and examples/local_docker run
EOF
)

if [ "${1:-}" = "--list" ]; then
  echo "$packages"
  exit 0
fi

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing:$missing"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
else
  echo "setup: all dependencies present"
fi

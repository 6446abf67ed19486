#!/bin/sh
# Installs every build and test dependency of berth from Debian packages.
# Idempotent: packages already present are skipped, so a second run is fast.
set -eu

packages="libantlr4-runtime-dev antlr4 nlohmann-json3-dev libfmt-dev libgit2-dev \
libcpp-httplib-dev libssl-dev libgtest-dev cmake ninja-build g++ pkg-config git \
docker.io busybox-static libsqlite3-dev"

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
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
else
  echo "setup: all dependencies present"
fi

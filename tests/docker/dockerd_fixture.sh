#!/bin/sh
# The docker tests' private Docker engine: `start ENVFILE` installs docker.io and busybox-static
# if they are missing, starts a dockerd of its own (its own socket, data and exec roots, no
# bridge, no iptables: host networking only), builds the local images berth-busybox:1 and :2 with
# scripts/local-images.sh, and writes DOCKER_HOST=... to ENVFILE. When dockerd
# truly cannot start, it writes SKIP=<why> instead, so the tests skip saying why.
# `stop ENVFILE` stops that dockerd and removes everything it made. ctest runs start and stop
# as a FIXTURES_SETUP / FIXTURES_CLEANUP pair: one engine for every docker test of a run.
set -u

command=${1:?usage: dockerd_fixture.sh start|stop ENVFILE}
envfile=${2:?usage: dockerd_fixture.sh start|stop ENVFILE}

log() { echo "dockerd_fixture: $*" >&2; }

install_missing() {
  missing=""
  command -v dockerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1 ||
    missing="$missing docker.io"
  [ -x /bin/busybox ] || missing="$missing busybox-static"
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP=needs$missing installed, and installing them takes root" >"$envfile"
    return 1
  fi
  log "installing:$missing"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing \
    >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing \
        >/dev/null 2>&1; } || {
    echo "SKIP=apt-get could not install$missing" >"$envfile"
    return 1
  }
}

# The images the docker tests and examples/local_docker run: the script users run too.
build_images() {
  "$(dirname "$0")/../../scripts/local-images.sh"
}

start() {
  rm -f "$envfile"
  install_missing || exit 0
  dir=$(mktemp -d /tmp/berth-dockerd.XXXXXX)
  export DOCKER_HOST="unix://$dir/docker.sock"
  extra=""
  dockerd --help 2>&1 | grep -q -- --ip6tables && extra="--ip6tables=false"
  # setsid: the daemon outlives this script (ctest waits for the script, not for dockerd).
  setsid dockerd --host "$DOCKER_HOST" --data-root "$dir/data" --exec-root "$dir/exec" \
    --pidfile "$dir/docker.pid" --bridge=none --iptables=false $extra \
    >"$dir/dockerd.log" 2>&1 </dev/null &
  echo "$!" >"$dir/dockerd.started"
  echo "BERTH_DOCKER_DIR=$dir" >"$envfile.dir"
  tries=0
  until docker version >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ $tries -gt 150 ] || ! kill -0 "$(cat "$dir/dockerd.started")" 2>/dev/null; then
      why=$(grep -i 'level=fatal\|level=error' "$dir/dockerd.log" | tail -1 | tr -d '"')
      log "dockerd did not start; its log ends with:"
      tail -5 "$dir/dockerd.log" >&2
      stop
      echo "SKIP=dockerd could not start: ${why:-no answer on $DOCKER_HOST within 30s}" >"$envfile"
      exit 0
    fi
    sleep 0.2
  done
  if ! build_images; then
    log "could not build the busybox image"
    stop
    exit 1
  fi
  printf 'DOCKER_HOST=%s\nBERTH_DOCKER_DIR=%s\n' "$DOCKER_HOST" "$dir" >"$envfile"
  log "dockerd up on $DOCKER_HOST"
}

stop() {
  [ -f "$envfile.dir" ] || { rm -f "$envfile"; return 0; }
  dir=$(sed -n 's/^BERTH_DOCKER_DIR=//p' "$envfile.dir")
  case "$dir" in /tmp/berth-dockerd.*) ;; *) log "refusing to clean up '$dir'"; return 1 ;; esac
  pid=$(cat "$dir/docker.pid" 2>/dev/null || cat "$dir/dockerd.started" 2>/dev/null || true)
  if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
    # dockerd stops its containers and its containerd on SIGTERM; give it time to.
    tries=0
    while kill -0 "$pid" 2>/dev/null && [ $tries -lt 150 ]; do
      tries=$((tries + 1))
      sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  # Overlay and shm mounts the daemon left under its roots would keep rm from finishing.
  grep " $dir/" /proc/mounts | awk '{print $2}' | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
  rm -rf "$dir"
  rm -f "$envfile" "$envfile.dir"
  log "dockerd stopped, $dir removed"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: dockerd_fixture.sh start|stop ENVFILE" >&2; exit 2 ;;
esac

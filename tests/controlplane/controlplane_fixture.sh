#!/bin/sh
# The control plane tests' world: two private Docker engines (tests/docker/dockerd_fixture.sh,
# twice) and `berth serve` on a free 127.0.0.1 port using both. `start ENVFILE BERTH` writes
# ENVFILE with what the tests need (endpoint, credentials, the engines' DOCKER_HOSTs, the data
# dir, how to restart the server), or SKIP=<why> when dockerd cannot run here.
# `stop ENVFILE` stops the server and both engines. ctest runs them as a fixture pair.
set -u

command=${1:?usage: controlplane_fixture.sh start ENVFILE BERTH | stop ENVFILE}
envfile=${2:?usage: controlplane_fixture.sh start ENVFILE BERTH | stop ENVFILE}
here=$(cd "$(dirname "$0")" && pwd)
dockerd_fixture="$here/../docker/dockerd_fixture.sh"

log() { echo "controlplane_fixture: $*" >&2; }

# Reads KEY from an env file.
value() { sed -n "s/^$2=//p" "$1" | head -1; }

start_server() {
  # setsid: the server outlives this script; its pid goes where tests that restart it update it.
  setsid "$berth" serve --listen 127.0.0.1:0 --lb-ports auto --data "$data" --engine "$engine1" \
    --engine "$engine2" >>"$data/serve.log" 2>&1 </dev/null &
  echo "$!" >"$data/serve.pid"
  tries=0
  until [ -s "$data/endpoint" ] && grep -q listening "$data/serve.log"; do
    tries=$((tries + 1))
    if [ $tries -gt 100 ] || ! kill -0 "$(cat "$data/serve.pid")" 2>/dev/null; then
      log "berth serve did not start:"; tail -5 "$data/serve.log" >&2
      return 1
    fi
    sleep 0.1
  done
}

start() {
  berth=${3:?usage: controlplane_fixture.sh start ENVFILE BERTH}
  rm -f "$envfile"
  "$dockerd_fixture" start "$envfile.engine1"
  "$dockerd_fixture" start "$envfile.engine2"
  for e in "$envfile.engine1" "$envfile.engine2"; do
    skip=$(value "$e" SKIP)
    if [ -n "$skip" ]; then
      echo "SKIP=$skip" >"$envfile"
      exit 0
    fi
  done
  engine1=$(value "$envfile.engine1" DOCKER_HOST)
  engine2=$(value "$envfile.engine2" DOCKER_HOST)
  data=$(mktemp -d /tmp/berth-serve.XXXXXX)
  echo "BERTH_CP_DATA=$data" >"$envfile.dir"
  start_server || { stop; exit 1; }
  "$berth" serve --data "$data" --print-credentials >"$data/credentials.env"
  {
    echo "BERTH_CP_ENDPOINT=$(cat "$data/endpoint")"
    cat "$data/credentials.env"
    echo "AWS_DEFAULT_REGION=us-east-1"
    echo "BERTH_CP_DATA=$data"
    echo "BERTH_CP_ENGINE1=$engine1"
    echo "BERTH_CP_ENGINE2=$engine2"
    echo "BERTH_BINARY=$berth"
    echo "BERTH_CP_ENGINE2_DIR=$(value "$envfile.engine2" BERTH_DOCKER_DIR)"
  } >"$envfile"
  log "berth serve up at $(cat "$data/endpoint")"
}

stop() {
  if [ -f "$envfile.dir" ]; then
    data=$(value "$envfile.dir" BERTH_CP_DATA)
    case "$data" in
      /tmp/berth-serve.*)
        pid=$(cat "$data/serve.pid" 2>/dev/null || true)
        if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
          tries=0
          while kill -0 "$pid" 2>/dev/null && [ $tries -lt 50 ]; do
            tries=$((tries + 1)); sleep 0.1
          done
          kill -9 "$pid" 2>/dev/null || true
        fi
        rm -rf "$data" ;;
      *) log "refusing to clean up '$data'" ;;
    esac
    rm -f "$envfile.dir"
  fi
  "$dockerd_fixture" stop "$envfile.engine1"
  "$dockerd_fixture" stop "$envfile.engine2"
  rm -f "$envfile"
}

case "$command" in
  start) start "$@" ;;
  stop) stop ;;
  *) echo "usage: controlplane_fixture.sh start ENVFILE BERTH | stop ENVFILE" >&2; exit 2 ;;
esac

#!/bin/sh
# Docker backend benchmark: the same 20-service stack (bench/docker_bench/) brought up by
# `berth apply --backend docker` and by Debian's docker-compose from an equivalent compose file,
# side by side on the same private dockerd (tests/docker/dockerd_fixture.sh): time to
# all-healthy from nothing, time of a no-op `berth plan` / `docker-compose up -d`, and time to
# roll one service to a new image tag until it is healthy again. Prints a Markdown table of the
# medians of RUNS runs (default 3) for docs/performance.md. berth's up is timed twice: with
# apply's default --parallelism (10: the services start in two waves) and with 20.
#   bench/docker_bench.sh [path/to/berth]
set -eu
berth=$(realpath "${1:-$(dirname "$0")/../build/berth}")
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
command -v docker-compose >/dev/null 2>&1 ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose \
    >/dev/null

work=$(mktemp -d)
envfile="$work/engine.env"
cleanup() {
  docker-compose -p dockerbench -f "$work/compose.yml" down -t 1 >/dev/null 2>&1 || true
  tests/docker/dockerd_fixture.sh stop "$envfile"
  rm -rf "$work"
}
trap cleanup EXIT
tests/docker/dockerd_fixture.sh start "$envfile"
if grep -q '^SKIP=' "$envfile"; then
  sed -n 's/^SKIP=/docker_bench: cannot run: /p' "$envfile" >&2
  exit 1
fi
DOCKER_HOST=$(sed -n 's/^DOCKER_HOST=//p' "$envfile")
export DOCKER_HOST
cp bench/docker_bench/main.berth bench/docker_bench/compose.yml "$work/"
mkdir -p "$work/stack"
mv "$work/main.berth" "$work/stack/"

ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
seconds() { awk -v ms="$1" 'BEGIN {printf "%.2f", ms / 1000}'; }

# Containers of compose project `dockerbench` that are healthy, optionally of one service/image.
compose_healthy() {
  docker ps --filter label=com.docker.compose.project=dockerbench --filter health=healthy \
    --format '{{.Label "com.docker.compose.service"}} {{.Image}}' | grep -c "${1:-}" || true
}

wait_until() {  # wait_until COUNT COMMAND...: polls every 50ms until COMMAND prints COUNT
  want=$1
  shift
  until [ "$("$@")" -ge "$want" ]; do sleep 0.05; done
}

berth_run() {
  "$berth" "$@" "$work/stack" --state "$work/state.json" >"$work/berth.out" 2>&1 || {
    cat "$work/berth.out" >&2
    exit 1
  }
}

: >"$work/berth_up" >"$work/berth_up20" >"$work/berth_noop" >"$work/berth_roll"
: >"$work/compose_up" >"$work/compose_noop" >"$work/compose_roll"
for run in $(seq "$runs"); do
  # berth: apply returns once every service has its healthy count.
  t=$(ms); berth_run apply --auto-approve; echo $(($(ms) - t)) >>"$work/berth_up"
  healthy=$(docker ps --filter label=io.berth.stack=docker_bench --filter health=healthy -q | wc -l)
  [ "$healthy" -eq 20 ] || { echo "berth: $healthy of 20 healthy after apply" >&2; exit 1; }
  t=$(ms); berth_run plan; echo $(($(ms) - t)) >>"$work/berth_noop"
  grep -q "No changes" "$work/berth.out" || { cat "$work/berth.out" >&2; exit 1; }
  t=$(ms); berth_run apply --auto-approve --var s00_tag=2; echo $(($(ms) - t)) >>"$work/berth_roll"
  berth_run destroy --auto-approve
  # The same with as many actions at once as there are services (compose's limit is 64).
  t=$(ms); berth_run apply --auto-approve --parallelism 20; echo $(($(ms) - t)) >>"$work/berth_up20"
  berth_run destroy --auto-approve

  # docker-compose: `up -d` returns once the containers started; healthy is polled for.
  cd "$work"
  t=$(ms)
  docker-compose -p dockerbench -f compose.yml up -d >/dev/null 2>&1
  wait_until 20 compose_healthy
  echo $(($(ms) - t)) >>"$work/compose_up"
  t=$(ms); docker-compose -p dockerbench -f compose.yml up -d >/dev/null 2>&1
  echo $(($(ms) - t)) >>"$work/compose_noop"
  t=$(ms)
  S00_TAG=2 docker-compose -p dockerbench -f compose.yml up -d >/dev/null 2>&1
  wait_until 1 compose_healthy "^s00 berth-busybox:2"
  echo $(($(ms) - t)) >>"$work/compose_roll"
  docker-compose -p dockerbench -f compose.yml down -t 1 >/dev/null 2>&1
  cd - >/dev/null
  echo "docker_bench: run $run of $runs done" >&2
done

row() {  # row LABEL BERTH_FILE COMPOSE_FILE
  b=$(median <"$work/$2")
  c=$(median <"$work/$3")
  echo "| $1 | $(seconds "$b") | $(seconds "$c") |"
}
echo "| 20 services, median of $runs runs | berth (s) | docker-compose (s) |"
echo "|---|---:|---:|"
row "up from nothing to all healthy" berth_up compose_up
row "up from nothing to all healthy, berth \`--parallelism 20\`" berth_up20 compose_up
row "no-op: \`berth plan\` / \`docker-compose up -d\`" berth_noop compose_noop
row "roll one service to a new image, healthy" berth_roll compose_roll

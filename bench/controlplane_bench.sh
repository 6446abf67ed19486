#!/bin/sh
# berth serve benchmark (docs/performance.md "Control plane"): two private Docker engines and
# berth serve (tests/controlplane/controlplane_fixture.sh), then
#   - create-service of 50 busybox tasks until 50 are RUNNING and HEALTHY, beside the docker
#     backend's apply of the same 50 replicas and `docker-compose up --scale app=50` on one
#     engine, in the same run;
#   - describe-services throughput and latency over 100 services (botocore clients);
#   - the server's CPU while 100 one-task services are steady.
#   bench/controlplane_bench.sh [path/to/berth]
set -eu
berth=$(realpath "${1:-$(dirname "$0")/../build/berth}")
cd "$(dirname "$0")/.."
command -v docker-compose >/dev/null 2>&1 ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose \
    >/dev/null
work=$(mktemp -d)
envfile="$work/cp.env"
cleanup() {
  tests/controlplane/controlplane_fixture.sh stop "$envfile"
  rm -rf "$work"
}
trap cleanup EXIT
tests/controlplane/controlplane_fixture.sh start "$envfile" "$berth"
if grep -q '^SKIP=' "$envfile"; then
  sed -n 's/^SKIP=/controlplane_bench: cannot run: /p' "$envfile" >&2
  exit 1
fi
ms() { date +%s%3N; }
seconds() { awk -v ms="$1" 'BEGIN {printf "%.1f", ms / 1000}'; }

echo "| measure | result |"
echo "|---|---|"
python3 bench/controlplane/bench.py "$envfile" scale

# The same 50 replicas through the docker backend, on engine 1 (apply returns once healthy).
engine=$(sed -n 's/^BERTH_CP_ENGINE1=//p' "$envfile")
mkdir -p "$work/stack"
cp bench/controlplane/main.berth "$work/stack/"
t=$(ms)
DOCKER_HOST=$engine "$berth" apply --auto-approve "$work/stack" --state "$work/state.json" \
  --parallelism 50 >"$work/apply.out" 2>&1 || { cat "$work/apply.out" >&2; exit 1; }
echo "| berth apply --backend docker, 50 replicas healthy | $(seconds $(($(ms) - t))) s |"
DOCKER_HOST=$engine "$berth" destroy --auto-approve "$work/stack" --state "$work/state.json" \
  >/dev/null 2>&1

# docker-compose: up returns once started; healthy is polled for.
t=$(ms)
DOCKER_HOST=$engine docker-compose -p cpbench -f bench/controlplane/compose.yml up -d \
  --scale app=50 >/dev/null 2>&1
until [ "$(DOCKER_HOST=$engine docker ps -q --filter label=com.docker.compose.project=cpbench \
  --filter health=healthy | wc -l)" -ge 50 ]; do sleep 0.05; done
echo "| docker-compose up --scale app=50, healthy | $(seconds $(($(ms) - t))) s |"
DOCKER_HOST=$engine docker-compose -p cpbench -f bench/controlplane/compose.yml down -t 1 \
  >/dev/null 2>&1

python3 bench/controlplane/bench.py "$envfile" api
python3 bench/controlplane/bench.py "$envfile" idle

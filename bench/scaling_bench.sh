#!/bin/sh
# Time from a service's CPU going above its target tracking target to the scale-out's new task
# RUNNING, with berth serve's --metrics-interval at 5 s (the tests') and, with `--ecs`, also at
# ECS's 60 s. Each run is tests/controlplane/timed.py's scale-out-and-in scenario (its own
# dockerd and server, a busybox task burning a CPU against a 50 % target of its 16 units); the
# figures are the lines it prints. Usage: bench/scaling_bench.sh [BERTH] [RUNS] [--ecs]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
berth=${1:-$here/../build/berth}
runs=${2:-3}
ecs=${3:-}
test=Scaling.test_cpu_above_target_scales_out_then_back_in

run() {
  interval=$1
  i=1
  while [ "$i" -le "$runs" ]; do
    BERTH_METRICS_INTERVAL=$interval python3 "$here/../tests/controlplane/timed.py" "$berth" \
      "$test" 2>&1 | grep -o 'CPU above target.*' || { echo "run $i failed" >&2; exit 1; }
    i=$((i + 1))
  done
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run 5
if [ "$ecs" = "--ecs" ]; then
  runs=1
  run 60
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

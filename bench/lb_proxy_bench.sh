#!/bin/sh
# The load balancer proxy of berth serve (docs/performance.md "Load balancer proxy"): `ab`
# (apache2-utils) straight to a target and through a listener forwarding to it, in the same run,
# keep-alive on both sides, bounded request counts on 127.0.0.1. Throughput (requests/s) and
# p50/p99 latency at concurrency 1 (what the proxy adds to one request) and 16 (throughput).
#
# Two targets, each a 100-byte answer over HTTP/1.1 keep-alive:
# - the fixed-response listener of a second berth serve: the cheapest server there is (one
#   read and one write a request, the same code as the proxy), so the proxy's own cost shows
#   whole: the worst case for the ratio;
# - a Node.js `http` server (Debian's nodejs, installed when missing): what a typical ECS task
#   runs.
# Python's http.server (~1,000 requests/s here) would hide the proxy entirely.
#   bench/lb_proxy_bench.sh [path/to/berth] [requests]
set -eu
berth=$(realpath "${1:-$(dirname "$0")/../build/berth}")
requests=${2:-20000}
cd "$(dirname "$0")/.."
command -v ab >/dev/null 2>&1 ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends apache2-utils \
    >/dev/null
# The typical task's server (Debian's nodejs); the bench runs without it when it cannot install.
command -v node >/dev/null 2>&1 ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs \
    >/dev/null 2>&1 || echo "lb_proxy_bench: nodejs not installed: the Node.js target is left out" >&2
work=$(mktemp -d)
pids=""
cleanup() {
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  for pid in $pids; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# serve NAME: a berth serve of its own (listeners on free ports); its endpoint in $work/NAME.
serve() {
  "$berth" serve --listen 127.0.0.1:0 --lb-ports auto --data "$work/$1" \
    >"$work/$1.log" 2>&1 </dev/null &
  pids="$pids $!"
  tries=0
  until [ -s "$work/$1/endpoint" ]; do
    tries=$((tries + 1))
    [ $tries -lt 300 ] || { cat "$work/$1.log" >&2; exit 1; }
    sleep 0.1
  done
}

# aws_on NAME ARGS: the AWS CLI against server NAME.
aws_on() {
  name=$1
  shift
  env -u AWS_SESSION_TOKEN -u AWS_PROFILE $("$berth" serve --data "$work/$name" \
    --print-credentials) AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null \
    AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    aws "$@" --endpoint-url "$(cat "$work/$name/endpoint")" --output text
}

# address NAME LISTENER_ARN: 127.0.0.1:PORT of the listener (DATA/listeners.json).
address() {
  tries=0
  until python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]]["Address"])' \
    "$work/$1/listeners.json" "$2" 2>/dev/null; do
    tries=$((tries + 1))
    [ $tries -lt 100 ] || { echo "listener $2 not served" >&2; exit 1; }
    sleep 0.1
  done
}

serve target
target_pid=$!
serve proxy
proxy_pid=$!
body=$(printf '%0100d' 0)
lb=$(aws_on target elbv2 create-load-balancer --name target --subnets s-a s-b \
  --query 'LoadBalancers[0].LoadBalancerArn')
listener=$(aws_on target elbv2 create-listener --load-balancer-arn "$lb" --protocol HTTP \
  --port 80 --default-actions "Type=fixed-response,FixedResponseConfig={StatusCode=200,\
ContentType=text/plain,MessageBody=$body}" \
  --query 'Listeners[0].ListenerArn')
direct=$(address target "$listener")

lb=$(aws_on proxy elbv2 create-load-balancer --name proxy --subnets s-a s-b \
  --query 'LoadBalancers[0].LoadBalancerArn')
tg=$(aws_on proxy elbv2 create-target-group --name app --protocol HTTP --port 80 --vpc-id vpc-1 \
  --query 'TargetGroups[0].TargetGroupArn')
listener=$(aws_on proxy elbv2 create-listener --load-balancer-arn "$lb" --protocol HTTP --port 80 \
  --default-actions "Type=forward,TargetGroupArn=$tg" --query 'Listeners[0].ListenerArn')
through=$(address proxy "$listener")
port=${direct#127.0.0.1:}
# Registered and health-checked (the group's default check: GET /); a target not yet checked
# is routed to as ALB fails open.
aws_on proxy elbv2 register-targets --target-group-arn "$tg" --targets "Id=127.0.0.1,Port=$port" \
  >/dev/null
# A Node.js task: its port in $work/node.port.
node_direct=""
node_through=""
if command -v node >/dev/null 2>&1; then
  node -e '
    const http = require("http"), body = "0".repeat(100);
    const server = http.createServer((request, response) => {
      response.writeHead(200, {"Content-Type": "text/plain", "Content-Length": body.length});
      response.end(body);
    });
    server.keepAliveTimeout = 60000;
    server.listen(0, "127.0.0.1", () =>
      require("fs").writeFileSync(process.argv[1], String(server.address().port)));
  ' "$work/node.port" </dev/null >"$work/node.log" 2>&1 &
  pids="$pids $!"
  node_pid=$!
  tries=0
  until [ -s "$work/node.port" ]; do
    tries=$((tries + 1))
    [ $tries -lt 100 ] || { cat "$work/node.log" >&2; exit 1; }
    sleep 0.1
  done
  node_direct=127.0.0.1:$(cat "$work/node.port")
  tg_node=$(aws_on proxy elbv2 create-target-group --name node --protocol HTTP --port 80 \
    --vpc-id vpc-1 --query 'TargetGroups[0].TargetGroupArn')
  node_listener=$(aws_on proxy elbv2 create-listener --load-balancer-arn "$lb" --protocol HTTP \
    --port 81 --default-actions "Type=forward,TargetGroupArn=$tg_node" \
    --query 'Listeners[0].ListenerArn')
  node_through=$(address proxy "$node_listener")
  aws_on proxy elbv2 register-targets --target-group-arn "$tg_node" \
    --targets "Id=127.0.0.1,Port=${node_direct#127.0.0.1:}" >/dev/null
fi
tries=0
until [ "$(curl -s "http://$through/")" = "$body" ] &&
  { [ -z "$node_through" ] || [ "$(curl -s "http://$node_through/")" = "$body" ]; }; do
  tries=$((tries + 1))
  [ $tries -lt 100 ] || { echo "the proxy never reached the target" >&2; exit 1; }
  sleep 0.1
done

# run LABEL CONCURRENCY URL: one ab run as a table row.
run() {
  ab -q -k -n "$requests" -c "$2" -e "$work/ab.csv" "http://$3/" >"$work/ab.out" 2>&1 ||
    { cat "$work/ab.out" >&2; exit 1; }
  failed=$(sed -n 's/^Failed requests: *//p' "$work/ab.out")
  non2xx=$(sed -n 's/^Non-2xx responses: *//p' "$work/ab.out")
  rps=$(sed -n 's/^Requests per second: *\([0-9.]*\).*/\1/p' "$work/ab.out")
  p50=$(sed -n 's/^50,//p' "$work/ab.csv")
  p99=$(sed -n 's/^99,//p' "$work/ab.csv")
  echo "| $1 | $2 | $rps | $p50 | $p99 | ${failed:-0} | ${non2xx:-0} |"
}

# cpu PID: user + system CPU time of the process, in clock ticks.
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks=$(getconf CLK_TCK)

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $requests requests a run, keep-alive"

# measure LABEL TARGET_PID DIRECT THROUGH: the rows of one target, then the CPU a request costs
# the proxy and the target (which the machine's load changes less than the rates).
measure() {
  echo
  echo "$1:"
  echo
  echo "| path | concurrency | requests/s | p50 ms | p99 ms | failed | non-2xx |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  proxy_cpu=0
  target_cpu=0
  for c in 1 16; do
    run direct "$c" "$3"
    p=$(cpu $proxy_pid)
    t=$(cpu "$2")
    run "through the listener" "$c" "$4"
    proxy_cpu=$((proxy_cpu + $(cpu $proxy_pid) - p))
    target_cpu=$((target_cpu + $(cpu "$2") - t))
  done
  echo
  awk -v p="$proxy_cpu" -v t="$target_cpu" -v hz="$ticks" -v n="$((2 * requests))" 'BEGIN {
    printf "CPU per request through the listener: proxy %.1f us, target %.1f us\n",
      p / hz / n * 1e6, t / hz / n * 1e6 }'
}

measure "berth's fixed-response listener as the target" "$target_pid" "$direct" "$through"
[ -z "$node_through" ] || measure "a Node.js http server as the target" "$node_pid" \
  "$node_direct" "$node_through"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

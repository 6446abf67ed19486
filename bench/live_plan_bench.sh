#!/bin/sh
# Live-plan benchmark of the aws-api backend (docs/performance.md, "Plan against live AWS"): for
# N = 100 and 1,000 load-balanced web services (bench/gen_stack.sh), starts a local endpoint of
# its own on a free 127.0.0.1 port, gives the stack its subnets and two security groups, applies
# it (timed once), then times `berth plan` reading everything live side by side with the same
# plan from the state file (`--refresh=false`), three runs each. Prints a Markdown table of the
# medians: wall and CPU seconds of berth, CPU seconds of the endpoint's server (from
# /proc/PID/stat, to show which side is the bound), and the AWS calls the live read made
# (berth's BERTH_STATS line).
#   bench/live_plan_bench.sh [path/to/berth]
# ENDPOINT chooses the endpoint:
#   moto (the default): a moto_server (tests/moto/moto_fixture.sh) with `--backend aws-api`; the
#     stack gets moto's default subnets and two new security groups. Needs moto_server
#     (pip install 'moto[server]') and the AWS CLI, as the moto tests do.
#   controlplane: berth's own control plane, `berth serve --data DIR` with no Docker engine (the
#     services' tasks stay unplaced; the plan reads what the server stores), with
#     `--backend controlplane` (BERTH_CONTROLPLANE_DATA=DIR); the stack gets two security groups
#     made on the server (it checks those; subnets are not modelled). Needs the AWS CLI.
# SIZES="100 1000" (the default) chooses the service counts; RUNS=3 the runs per median;
# APPLY_TIMEOUT=SECONDS (default 1800) gives up on an apply. A fresh server for every size.
# With KEEP=DIR, the per-run outputs (plans, stats lines) are left in DIR.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
berth=$(realpath "${1:-build/berth}")
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
endpoint=${ENDPOINT:-moto}
case $endpoint in
  moto) backend=aws-api server=moto ;;
  controlplane) backend=controlplane server="berth serve" ;;
  *) echo "ENDPOINT must be moto or controlplane, not $endpoint" >&2; exit 2 ;;
esac
envfile="$work/moto.env"
serve_pid=
# Stops the server of the last size, whichever it is.
stop_server() {
  tests/moto/moto_fixture.sh stop "$envfile" 2>/dev/null || true
  if [ -n "$serve_pid" ]; then
    kill "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
    serve_pid=
  fi
}
cleanup() {
  stop_server
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
runs=${RUNS:-3}

# The median of the numbers on stdin, one a line.
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
# CPU seconds (user + system) process PID used so far.
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f\n", ($14 + $15) / hz}' "/proc/$1/stat"; }

# time_plan NAME DIR ARGS...: runs `berth plan DIR ARGS` $runs times; prints
# "WALL CPU SERVER_CPU" (medians) and leaves the last run's outputs in $work/NAME.{out,err}.
time_plan() {
  name=$1 dir=$2
  shift 2
  : >"$work/$name.times"
  i=0
  while [ $i -lt "$runs" ]; do
    before=$(cpu_of "$server_pid")
    BERTH_STATS=1 /usr/bin/time -f "%e %U %S" -o "$work/one" \
      "$berth" plan "$dir" --backend "$backend" "$@" >"$work/$name.out" 2>"$work/$name.err"
    after=$(cpu_of "$server_pid")
    read -r wall user sys <"$work/one"
    awk -v w="$wall" -v u="$user" -v s="$sys" -v a="$after" -v b="$before" \
      'BEGIN {printf "%.2f %.2f %.2f\n", w, u + s, a - b}' >>"$work/$name.times"
    i=$((i + 1))
  done
  echo "$(cut -d' ' -f1 "$work/$name.times" | median)" \
    "$(cut -d' ' -f2 "$work/$name.times" | median)" \
    "$(cut -d' ' -f3 "$work/$name.times" | median)"
}

# start_moto: a moto_server of its own; sets server_pid, the aws function and the stack's
# subnet_a, subnet_b, sg_alb and sg_app.
start_moto() {
  tests/moto/moto_fixture.sh start "$envfile" 2>"$work/moto-start.log"
  if grep -q '^SKIP=' "$envfile"; then
    sed -n 's/^SKIP=//p' "$envfile" >&2
    exit 1
  fi
  set -a
  . "$envfile"
  set +a
  export AWS_DEFAULT_REGION=ap-northeast-1 AWS_CONFIG_FILE=/nonexistent \
    AWS_SHARED_CREDENTIALS_FILE=/nonexistent
  server_pid=$(cat "$BERTH_MOTO_DIR/moto.pid")
  aws() { "$AWS_CLI" --endpoint-url "$AWS_ENDPOINT_URL" --output text "$@"; }

  # What the stack names but does not create: two subnets and two security groups.
  vpc=$(aws ec2 describe-vpcs --filters Name=isDefault,Values=true --query 'Vpcs[0].VpcId')
  subnets=$(aws ec2 describe-subnets --filters "Name=vpc-id,Values=$vpc" \
    --query 'Subnets[0:2].SubnetId')
  subnet_a=$(echo "$subnets" | awk '{print $1}')
  subnet_b=$(echo "$subnets" | awk '{print $2}')
  sg_alb=$(aws ec2 create-security-group --group-name bench-alb --description alb \
    --vpc-id "$vpc" --query GroupId)
  sg_app=$(aws ec2 create-security-group --group-name bench-app --description app \
    --vpc-id "$vpc" --query GroupId)
}

# start_controlplane N: `berth serve` with no engine on a free port (it writes the address it
# listens on to DATA/endpoint), its data in $work/cp-N; the same outputs as start_moto.
start_controlplane() {
  data="$work/cp-$1"
  rm -rf "$data"
  "$berth" serve --listen 127.0.0.1:0 --lb-ports auto --data "$data" --region ap-northeast-1 \
    --account 123456789012 >"$work/serve-$1.log" 2>&1 &
  serve_pid=$!
  server_pid=$serve_pid
  tries=0
  until [ -s "$data/endpoint" ]; do
    tries=$((tries + 1))
    if [ $tries -gt 300 ] || ! kill -0 "$serve_pid" 2>/dev/null; then
      echo "berth serve did not start:" >&2
      cat "$work/serve-$1.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  export BERTH_CONTROLPLANE_DATA="$data"
  # The AWS CLI signs with the server's key pair; berth's controlplane backend reads it itself.
  cli_env() {
    env -u AWS_SESSION_TOKEN -u AWS_PROFILE $("$berth" serve --data "$data" --print-credentials) AWS_DEFAULT_REGION=ap-northeast-1 \
      AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent "$@"
  }
  aws() { cli_env aws --endpoint-url "$(cat "$data/endpoint")" --output text "$@"; }
  # The server checks the security groups a load balancer or service names, not subnets (VPCs
  # and subnets are not modelled): the stack's subnet names stay.
  subnet_a=subnet-a subnet_b=subnet-b
  sg_alb=$(aws ec2 create-security-group --group-name bench-alb --description alb \
    --vpc-id vpc-bench --query GroupId)
  sg_app=$(aws ec2 create-security-group --group-name bench-app --description app \
    --vpc-id vpc-bench --query GroupId)
}

echo "| services | resources | apply once (s) | live plan wall (s) | berth CPU (s) \
| $server CPU (s) | AWS calls | plan from state wall (s) | berth CPU (s) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in ${SIZES:-100 1000}; do
  # A fresh server for every size: nothing of the other size's stack is there.
  stop_server
  case $endpoint in
    moto) start_moto ;;
    controlplane) start_controlplane "$n" ;;
  esac

  stack="$work/stack$n"
  bench/gen_stack.sh "$n" "$stack"
  sed -i "s/\"subnet-a\"/\"$subnet_a\"/g; s/\"subnet-b\"/\"$subnet_b\"/g; \
s/\"sg-alb\"/\"$sg_alb\"/g; s/\"sg-app\"/\"$sg_app\"/g" "$stack/main.berth"

  if ! /usr/bin/time -f "%e" -o "$work/apply.time" timeout "${APPLY_TIMEOUT:-1800}" \
    "$berth" apply "$stack" --backend "$backend" --auto-approve >"$work/apply$n.out" 2>&1; then
    echo "apply of $n services failed or timed out:" >&2
    tail -5 "$work/apply$n.out" >&2
    exit 1
  fi
  objects=$(grep -c ': created after' "$work/apply$n.out" || true)

  live=$(time_plan "live$n" "$stack")
  calls=$(sed -n 's/^berth plan: stats: live read: \([0-9]*\) AWS calls.*/\1/p' \
    "$work/live$n.err")
  [ -n "$calls" ] || { echo "no stats line from the live plan:" >&2; cat "$work/live$n.err" >&2; exit 1; }
  state=$(time_plan "state$n" "$stack" --refresh=false)
  grep -q "No changes" "$work/state$n.out" ||
    { echo "plan of $n from the state after apply has changes" >&2; exit 1; }

  set -- $live
  echo "| $n | $objects | $(cat "$work/apply.time") | $1 | $2 | $3 | $calls \
| $(echo "$state" | cut -d' ' -f1) | $(echo "$state" | cut -d' ' -f2) |"
  sed -n 's/^berth plan: stats: live read: //p' "$work/live$n.err" >"$work/stats$n.txt"
done
echo
for n in ${SIZES:-100 1000}; do
  echo "$n services, last live run: $(cat "$work/stats$n.txt")"
done
cd "$root"

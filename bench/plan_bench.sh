#!/bin/sh
# Plan-time benchmark: for N = 1,000 and 10,000 load-balanced web services (bench/gen_stack.sh),
# times `berth plan` against an empty state and against a state where everything matches (made
# once by `berth apply --auto-approve`; the timed plan must then print "No changes"), three runs
# each (wall seconds and peak resident memory, GNU time's own accounting), and prints a Markdown
# table of the medians for docs/performance.md. The one apply per size is timed once.
#   bench/plan_bench.sh [path/to/berth]
# APPLY_TIMEOUT=SECONDS (default 180; 0 waits forever) gives up on an apply that takes longer:
# apply saves the whole state after every action, so making the 10,000-service state this way
# takes hours (docs/performance.md); that row then shows "-" for the no-op plan.
# SIZES="1000 10000" (the default) chooses the service counts.
set -eu
cd "$(dirname "$0")/.."
berth=${1:-build/berth}
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | sed -n 2p; }

# time_plan STACK STATE: prints "WALL MIB", the medians of three `berth plan` runs.
time_plan() {
  : >"$work/times"
  for run in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$work/one" "$berth" plan "$1" --state "$2" >"$work/plan.out"
    cat "$work/one" >>"$work/times"
  done
  wall=$(cut -d' ' -f1 "$work/times" | median)
  kib=$(cut -d' ' -f2 "$work/times" | median)
  echo "$wall $((kib / 1024))"
}

echo "| services | resources | plan, empty state (s) | peak (MiB) | apply once (s) \
| no-op plan (s) | peak (MiB) |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in ${SIZES:-1000 10000}; do
  stack="$work/stack$n"
  bench/gen_stack.sh "$n" "$stack"
  resources=$("$berth" compile "$stack" --emit ir | grep -c '"address":')
  empty=$(time_plan "$stack" "$work/missing.json")
  state="$stack/.berth/state.json"
  if /usr/bin/time -f "%e" -o "$work/apply" timeout "${APPLY_TIMEOUT:-180}" \
      "$berth" apply "$stack" --auto-approve >/dev/null; then
    applied=$(cat "$work/apply")
    noop=$(time_plan "$stack" "$state")
    grep -q "No changes" "$work/plan.out" || { echo "plan of $n after apply has changes" >&2; exit 1; }
  else
    applied="> ${APPLY_TIMEOUT:-180} (gave up)"
    noop="- -"
  fi
  echo "| $n | $resources | ${empty% *} | ${empty#* } | $applied | ${noop% *} | ${noop#* } |"
done

#!/bin/sh
# Emission and planning at scale (issue 15): for N = 1,000 and 10,000 load-balanced web services
# (bench/gen_stack.sh), measures in one run, three times each (CPU seconds = user + system, and
# peak resident memory, GNU time's own accounting; medians):
#   compile    `berth compile --emit ir --out FILE` (the reference)
#   aws        `berth emit aws -o DIR` into a directory that does not exist yet
#   cfn        `berth emit cloudformation -o DIR`, likewise
#   noop-plan  `berth plan` against the state of the applied stack (must print "No changes"; the
#              state is made once by `berth apply --auto-approve`, not timed)
# and prints a Markdown table: each command's CPU and peak, its CPU as a multiple of the
# compile's at the same size, and the growth of its CPU from the first size to the last.
# CPU, not wall: the machine is shared, and wall time says more about the others than berth.
# Outputs go to a fresh directory on a tmpfs (OUT_BASE, default /dev/shm when it exists), removed
# between runs outside the timing: on this machine's ext4, creating the 11,000 request files of
# 1,000 services cost anywhere from 0.5 to 3.5 s of system time for the same binary, depending
# on what had been deleted just before: the file system's state, not berth's work.
#   bench/scale_bench.sh [path/to/berth]
# SIZES="1000 10000" (the default) chooses the service counts; RUNS=3 the runs per figure.
set -eu
cd "$(dirname "$0")/.."
berth=$(realpath "${1:-build/berth}")
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
work=$(mktemp -d)
out_base=${OUT_BASE:-$( [ -d /dev/shm ] && echo /dev/shm || echo "$work")}
out_dir=$(mktemp -d "$out_base/berth-scale.XXXXXX")
trap 'rm -rf "$work" "$out_dir"' EXIT
runs=${RUNS:-3}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# measure CMD...: runs CMD $runs times (removing $out_dir/out before each) and prints
# "CPU_SECONDS PEAK_MIB" (medians).
measure() {
  : >"$work/times"
  for run in $(seq "$runs"); do
    rm -rf "$out_dir/out" "$out_dir/out.tmp" "$out_dir/out.old"
    /usr/bin/time -f "%U %S %M" -o "$work/one" "$@" >"$work/stdout" 2>"$work/stderr" || {
      echo "failed: $*" >&2
      cat "$work/stderr" >&2
      exit 1
    }
    awk '{ printf "%.2f %d\n", $1 + $2, $3 / 1024 }' "$work/one" >>"$work/times"
  done
  cpu=$(cut -d' ' -f1 "$work/times" | median)
  mib=$(cut -d' ' -f2 "$work/times" | median)
  echo "$cpu $mib"
}

echo "| services | command | CPU s | peak MiB | CPU / compile | CPU growth |"
echo "|---:|---|---:|---:|---:|---:|"
first=""
for n in ${SIZES:-1000 10000}; do
  stack="$work/stack$n"
  bench/gen_stack.sh "$n" "$stack"
  compile=$(measure "$berth" compile "$stack" --emit ir --out "$out_dir/out")
  aws=$(measure "$berth" emit aws "$stack" -o "$out_dir/out")
  cfn=$(measure "$berth" emit cloudformation "$stack" -o "$out_dir/out")
  "$berth" apply "$stack" --auto-approve >/dev/null
  noop=$(measure "$berth" plan "$stack" --state "$stack/.berth/state.json")
  grep -q "No changes" "$work/stdout" || { echo "plan of $n after apply has changes" >&2; exit 1; }
  for row in "compile:$compile" "emit aws:$aws" "emit cloudformation:$cfn" "no-op plan:$noop"; do
    name=${row%%:*}
    figures=${row#*:}
    cpu=${figures% *}
    ratio=$(awk -v a="$cpu" -v b="${compile% *}" 'BEGIN { printf "%.2f", a / b }')
    growth="-"
    if [ -n "$first" ]; then
      base=$(grep "^$name:" "$work/first" | cut -d: -f2)
      growth=$(awk -v a="$cpu" -v b="$base" 'BEGIN { printf "%.1f", a / b }')
    fi
    [ -n "$first" ] || echo "$name:$cpu" >>"$work/first"
    echo "| $n | \`$name\` | $cpu | ${figures#* } | $ratio | $growth |"
  done
  first=${first:-$n}
  rm -rf "$stack"
done

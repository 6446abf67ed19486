#!/bin/sh
# Emission and planning at scale (issue 15): for N = 1,000 and 10,000 load-balanced web services
# (bench/gen_stack.sh), measures in one run, RUNS rounds each (CPU seconds = user + system, and
# peak resident memory, GNU time's own accounting):
#   compile    `berth compile --emit ir --out FILE` (the reference)
#   aws        `berth emit aws -o DIR` into a directory that does not exist yet
#   cfn        `berth emit cloudformation -o DIR`, likewise
#   noop-plan  `berth plan` against the state of the applied stack (must print "No changes"; the
#              state is made once by `berth apply --auto-approve`, not timed)
#   files      bench/file_floor.c: only the creation of emit aws's files (same names, same sizes,
#              the same system calls), no berth: the kernel's floor for that output layout
# and prints a Markdown table: each command's least and median CPU and median peak, its least
# CPU as a multiple of the compile's least at the same size, and the growth of its least CPU from
# the first size to the last.
# CPU, not wall: the machine is shared, and wall time says more about the others than berth.
# The least of the runs, not the median, is the figure the ratios use: on this virtual machine
# the time the host takes the CPU away counts as the guest's CPU time (no steal accounting), so
# noise only ever adds, and the same binary's compile ranged from 1.16 to 2.2 CPU s within
# minutes on an idle guest. The commands run in rounds (compile, aws, cfn, plan, again), so each
# ratio compares runs of the same minutes.
# Outputs go to a fresh directory on a tmpfs (OUT_BASE, default /dev/shm when it exists), removed
# between runs outside the timing: on this machine's ext4, creating the 11,000 request files of
# 1,000 services cost anywhere from 0.5 to 3.5 s of system time for the same binary, depending
# on what had been deleted just before: the file system's state, not berth's work.
#   bench/scale_bench.sh [path/to/berth]
# SIZES="1000 10000" (the default) chooses the service counts; RUNS=5 the rounds.
set -eu
cd "$(dirname "$0")/.."
berth=$(realpath "${1:-build/berth}")
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
work=$(mktemp -d)
out_base=${OUT_BASE:-$( [ -d /dev/shm ] && echo /dev/shm || echo "$work")}
out_dir=$(mktemp -d "$out_base/berth-scale.XXXXXX")
trap 'rm -rf "$work" "$out_dir"' EXIT
runs=${RUNS:-5}
cc -O2 -o "$work/file_floor" bench/file_floor.c

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# run NAME CMD...: runs CMD once (removing $out_dir/out before) and appends "CPU_SECONDS PEAK_MIB"
# to $work/NAME.
run() {
  name=$1
  shift
  rm -rf "$out_dir/out" "$out_dir/out.tmp" "$out_dir/out.old"
  /usr/bin/time -f "%U %S %M" -o "$work/one" "$@" >"$work/stdout" 2>"$work/stderr" || {
    echo "failed: $*" >&2
    cat "$work/stderr" >&2
    exit 1
  }
  awk '{ printf "%.2f %d\n", $1 + $2, $3 / 1024 }' "$work/one" >>"$work/$name"
}

# figures NAME: "LEAST_CPU MEDIAN_CPU MEDIAN_PEAK_MIB" of NAME's runs.
figures() {
  least=$(cut -d' ' -f1 "$work/$1" | sort -n | head -1)
  cpu=$(cut -d' ' -f1 "$work/$1" | median)
  mib=$(cut -d' ' -f2 "$work/$1" | median)
  echo "$least $cpu $mib"
}

echo "| services | command | CPU s, least | CPU s, median | peak MiB | CPU / compile | CPU growth |"
echo "|---:|---|---:|---:|---:|---:|---:|"
first=""
for n in ${SIZES:-1000 10000}; do
  stack="$work/stack$n"
  bench/gen_stack.sh "$n" "$stack"
  "$berth" apply "$stack" --auto-approve >/dev/null
  rm -f "$work/compile" "$work/aws" "$work/cfn" "$work/plan" "$work/files"
  "$berth" emit aws "$stack" -o "$out_dir/out" >/dev/null 2>&1
  (cd "$out_dir/out" && find . -type f -printf '%s %P\n') >"$work/file_list"
  # Rounds of all five, so that each command's runs and the compile's share the same minutes.
  for round in $(seq "$runs"); do
    run compile "$berth" compile "$stack" --emit ir --out "$out_dir/out"
    run aws "$berth" emit aws "$stack" -o "$out_dir/out"
    run files "$work/file_floor" "$work/file_list" "$out_dir/out"
    run cfn "$berth" emit cloudformation "$stack" -o "$out_dir/out"
    run plan "$berth" plan "$stack" --state "$stack/.berth/state.json"
    grep -q "No changes" "$work/stdout" || { echo "plan of $n after apply has changes" >&2; exit 1; }
  done
  compile_least=$(figures compile | cut -d' ' -f1)
  for row in "compile:compile" "emit aws:aws" "emit aws's files alone (no berth):files" \
    "emit cloudformation:cfn" "no-op plan:plan"; do
    name=${row%%:*}
    set -- $(figures "${row#*:}")
    ratio=$(awk -v a="$1" -v b="$compile_least" 'BEGIN { printf "%.2f", a / b }')
    growth="-"
    if [ -n "$first" ]; then
      base=$(grep "^$name:" "$work/first" | cut -d: -f2)
      growth=$(awk -v a="$1" -v b="$base" 'BEGIN { printf "%.1f", a / b }')
    fi
    [ -n "$first" ] || echo "$name:$1" >>"$work/first"
    echo "| $n | \`$name\` | $1 | $2 | $3 | $ratio | $growth |"
  done
  first=${first:-$n}
  rm -rf "$stack"
done

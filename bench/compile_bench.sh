#!/bin/sh
# Compile-time benchmark: for N = 100, 1,000 and 10,000 load-balanced web services, times
# `berth compile --emit ir` (wall seconds and peak resident memory, GNU time's own accounting),
# three runs each, and prints a Markdown table of the medians for docs/performance.md.
#   bench/compile_bench.sh [path/to/berth]
set -eu
cd "$(dirname "$0")/.."
berth=${1:-build/berth}
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | sed -n 2p; }

echo "| services | resources | lines of source | compile wall (s) | peak memory (MiB) |"
echo "|---:|---:|---:|---:|---:|"
for n in 100 1000 10000; do
  bench/gen_stack.sh "$n" "$work/stack$n"
  lines=$(wc -l <"$work/stack$n/main.berth")
  resources=$("$berth" compile "$work/stack$n" --emit ir | grep -c '"address":')
  : >"$work/times"
  for run in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$work/one" "$berth" compile "$work/stack$n" --emit ir \
      --out "$work/ir.json"
    cat "$work/one" >>"$work/times"
  done
  wall=$(cut -d' ' -f1 "$work/times" | median)
  kib=$(cut -d' ' -f2 "$work/times" | median)
  echo "| $n | $resources | $lines | $wall | $((kib / 1024)) |"
done

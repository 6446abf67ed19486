#!/usr/bin/env bash
# Byte-identity at scale (issue 15): generates the benchmark stack of 1,000 load-balanced web
# services (bench/gen_stack.sh) and compares a sha256 digest of each output berth writes for it
# with the digest recorded in tests/scale/emit_digest_1000.txt, taken before the emitters and the
# compiler were optimised. A digest covers every file of the tree in sorted order: its mode, its
# name, its contents' sha256; plus what the command printed. The outputs: `berth compile --emit
# ir`, `berth emit aws`, `berth emit cloudformation`, `berth plan --format json` against an empty
# state.
#   tests/scale/emit_digest.sh path/to/berth
# BERTH_REFRESH_DIGEST=1 rewrites the recorded digests instead of comparing (only for a change of
# output that was meant, and reviewed in the goldens).
set -euo pipefail
berth=$(realpath "${1:?usage: emit_digest.sh path/to/berth}")
cd "$(dirname "$0")/../.."
root=$(pwd)
recorded=tests/scale/emit_digest_1000.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C NO_COLOR=1

bench/gen_stack.sh 1000 "$work/stack"
# Paths show in what berth prints: run from the work directory so every path is relative.
cd "$work"

tree_digest() {  # DIR: mode, name and content hash of every file, sorted by name
  (cd "$1" && find . -type f -printf '%m %p\n' | sort -k2 &&
    find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}
# The stdlib's sources show with the checkout's absolute path (ir.json's `source`): written as
# ROOT/, so the digest does not depend on where the repository is.
unrooted() { sed "s|$root/|ROOT/|g" "$@"; }
printed_digest() { cat stdout stderr | unrooted | sha256sum | cut -d' ' -f1; }

{
  "$berth" compile stack --emit ir --out ir.json >stdout 2>stderr
  echo "compile-ir $(unrooted ir.json | sha256sum | cut -d' ' -f1) $(printed_digest)"
  "$berth" emit aws stack -o aws >stdout 2>stderr
  echo "emit-aws $(tree_digest aws) $(printed_digest)"
  "$berth" emit cloudformation stack -o cfn >stdout 2>stderr
  echo "emit-cloudformation $(tree_digest cfn) $(printed_digest)"
  "$berth" plan stack --state none.json --format json >stdout 2>stderr
  echo "plan-json-empty-state $(printed_digest)"
} >"$work/actual"
cd "$OLDPWD"

if [ "${BERTH_REFRESH_DIGEST:-}" = 1 ]; then
  cp "$work/actual" "$recorded"
  echo "rewrote $recorded"
  exit 0
fi
if diff -u "$recorded" "$work/actual"; then
  echo "1 passed, 0 failed"
else
  echo "the outputs of the 1,000-service stack changed (above: recorded, then actual)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

#!/usr/bin/env bash
# Golden tests: runs the berth binary on every case and compares stdout, stderr and the exit code
# with the recorded .golden file.
#   tests/golden/diagnostics/NAME.berth  ->  `berth validate NAME.berth` (or the command on a
#       first line `# golden: ARGS`, where {file} stands for the case's path); a NAME starting with
#       `error.` must exit 1, any other must exit 0.
#   tests/golden/ir/NAME.golden          ->  `berth compile examples/NAME --emit ir`
#   tests/golden/aws/NAME.golden         ->  `berth emit aws examples/NAME -o OUT`, then
#       OUT/manifest.json and every request body of OUT, concatenated
#   tests/golden/cloudformation/NAME.golden -> `berth emit cloudformation examples/NAME -o OUT`,
#       then OUT/order.json and every template of OUT
#   tests/golden/plan/NAME.FORMAT.golden -> `berth plan examples/NAME --format FORMAT` (no state)
# BERTH_REFRESH_GOLDEN=1 rewrites the .golden files instead of comparing (review the diff!).
set -u
berth=${1:?usage: run.sh path/to/berth}
cd "$(dirname "$0")/../.."
passed=0
failed=0

# Files a case wrote, appended to what it printed: `emit_dir` names their directory.
emit_dir=""
written_files() {
  [ -n "$emit_dir" ] && [ -d "$emit_dir" ] || return 0
  local file
  for file in "$emit_dir/manifest.json" "$emit_dir/order.json" "$emit_dir"/[0-9]*.json \
    $(ls "$emit_dir"/[a-z]*.json 2>/dev/null | grep -v -e /manifest.json -e /order.json); do
    [ -e "$file" ] || continue
    printf -- '--- %s\n%s\n' "$(basename "$file")" "$(cat "$file")"
  done
}

run_case() {  # name golden_file expect_failure args...
  local name=$1 golden=$2 expect_failure=$3
  shift 3
  local out err code
  out=$(mktemp) err=$(mktemp)
  NO_COLOR=1 "$berth" "$@" >"$out" 2>"$err"
  code=$?
  local actual
  actual=$(printf '$ berth %s\n--- exit: %s\n--- stdout\n%s\n--- stderr\n%s\n%s' "$*" "$code" "$(cat "$out")" "$(cat "$err")" "$(written_files)")
  if [ -n "$emit_dir" ]; then actual=${actual//$emit_dir/OUT}; fi
  rm -f "$out" "$err"
  if [ "${BERTH_REFRESH_GOLDEN:-}" = 1 ]; then
    printf '%s\n' "$actual" >"$golden"
  fi
  local problem=""
  if [ "$code" -ge 128 ]; then problem="killed by a signal (exit $code)"; fi
  if [ -z "$problem" ] && [ "$expect_failure" = yes ] && [ "$code" -ne 1 ]; then problem="expected exit 1, got $code"; fi
  if [ -z "$problem" ] && [ "$expect_failure" = no ] && [ "$code" -ne 0 ]; then problem="expected exit 0, got $code"; fi
  if [ -z "$problem" ] && [ ! -f "$golden" ]; then problem="no golden file $golden (run with BERTH_REFRESH_GOLDEN=1)"; fi
  if [ -z "$problem" ] && ! diff -u "$golden" <(printf '%s\n' "$actual") >/tmp/golden-diff.$$; then
    problem="output differs from $golden:"$'\n'"$(head -60 /tmp/golden-diff.$$)"
  fi
  rm -f /tmp/golden-diff.$$
  if [ -n "$problem" ]; then
    echo "FAIL $name: $problem"
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
}

for file in tests/golden/diagnostics/*.berth; do
  [ -e "$file" ] || continue
  name=$(basename "$file" .berth)
  args="validate {file}"
  first=$(head -n 1 "$file")
  case "$first" in "# golden: "*) args=${first#\# golden: } ;; esac
  args=${args//\{file\}/$file}
  expect=no
  case "$name" in error.*) expect=yes ;; esac
  # shellcheck disable=SC2086
  run_case "diagnostics/$name" "tests/golden/diagnostics/$name.golden" "$expect" $args
done

for dir in examples/*/; do
  name=$(basename "$dir")
  run_case "ir/$name" "tests/golden/ir/$name.golden" no compile "examples/$name" --emit ir
done

for dir in examples/*/; do
  name=$(basename "$dir")
  emit_dir=$(mktemp -d)/out
  run_case "aws/$name" "tests/golden/aws/$name.golden" no emit aws "examples/$name" -o "$emit_dir"
  rm -rf "$(dirname "$emit_dir")"
  emit_dir=""
done

for dir in examples/*/; do
  name=$(basename "$dir")
  emit_dir=$(mktemp -d)/out
  run_case "cloudformation/$name" "tests/golden/cloudformation/$name.golden" no emit cloudformation "examples/$name" -o "$emit_dir"
  rm -rf "$(dirname "$emit_dir")"
  emit_dir=""
done

# The plan of an example against an empty state, in every format: values known after apply,
# templates among them (`"${log_group.api.arn}:*"`), as each renderer shows them.
for name in fargate_web_api; do
  for format in text json markdown; do
    run_case "plan/$name.$format" "tests/golden/plan/$name.$format.golden" no plan "examples/$name" --format "$format"
  done
done

echo "golden: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/bin/sh
# Where ctest's CPU goes: runs ctest in a built tree with every test in a cgroup of its own
# (cgroup v1 cpuacct or cgroup v2, as root), so a test's figure counts everything it started,
# daemons it setsid'ed included (dockerd, moto_server, berth serve, forked CLI calls), and prints
# the tests by CPU seconds (user+sys), most first, with the total and the run's wall time.
#   bench/ctest_cpu.sh [BUILD_DIR] [ctest arguments...]   (default: build, -j8)
# The tree's test files are edited for the run (add_test wrapped) and restored after it.
# Caveats: a daemon shared by several tests is charged to the fixture test that started it
# (moto_server_start: the shared moto_server, the AWS CLI zygote the moto tests fork and the moto
# zygote their own servers are forked from); containers are counted apart (below).
set -eu
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- -j8
if [ -d /sys/fs/cgroup/cpuacct ]; then
  root=/sys/fs/cgroup/cpuacct/berth-ctest-cpu.$$
elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  root=/sys/fs/cgroup/berth-ctest-cpu.$$
else
  echo "ctest_cpu: no cgroup hierarchy with CPU accounting here" >&2
  exit 1
fi
mkdir "$root"
work=$(mktemp -d)
wrap=$work/wrap.sh
cat >"$wrap" <<EOF
#!/bin/sh
# wrap.sh NAME COMMAND...: COMMAND in the cgroup of test NAME.
dir=$root/\$(printf %s "\$1" | tr -c 'A-Za-z0-9._-' _)
shift
mkdir -p "\$dir" && echo \$\$ >"\$dir/cgroup.procs"
exec "\$@"
EOF
chmod +x "$wrap"
# Every add_test of the tree (CTestTestfile.cmake and the gtest include files it reads) goes
# through the wrapper: a function of that name defined first replaces the command, whose
# original CMake keeps as _add_test.
testfile=$build/CTestTestfile.cmake
cp "$testfile" "$work/CTestTestfile.cmake.orig"
restore() {
  cp "$work/CTestTestfile.cmake.orig" "$testfile"
  for d in "$root"/*/; do
    [ -d "$d" ] || continue
    # Whatever a test left behind (it should be nothing) goes back to the root cgroup.
    while read -r pid; do echo "$pid" >"$(dirname "$root")/cgroup.procs" 2>/dev/null || :; done \
      <"$d/cgroup.procs"
    rmdir "$d" 2>/dev/null || :
  done
  rmdir "$root" 2>/dev/null || :
  rm -rf "$work"
}
trap restore EXIT
{
  # PARSE_ARGV keeps an argument's own semicolons (escaped), which ${ARGN} would split at.
  printf 'function(add_test name)\n  cmake_parse_arguments(PARSE_ARGV 1 T "" "" "")\n'
  printf '  _add_test("${name}" "%s" "${name}" ${T_UNPARSED_ARGUMENTS})\nendfunction()\n' "$wrap"
  cat "$work/CTestTestfile.cmake.orig"
} >"$testfile"
# Containers are not in their test's cgroup: Docker puts each in one of its own under `docker`
# (cgroup v1), so their CPU (health checks run there, and the timed tests' CPU burners) is given
# as one line, all engines' (other users' too, if any run).
containers() {
  cat "$(dirname "$root")/docker/cpuacct.usage" 2>/dev/null || echo 0
}
containers_before=$(containers)
start=$(date +%s)
status=0
(cd "$build" && ctest "$@" >"$work/ctest.log" 2>&1) || status=$?
wall=$(($(date +%s) - start))
tail -3 "$work/ctest.log"
echo "containers (the docker cgroup): $((($(containers) - containers_before) / 1000000000)) CPU s"
# CPU seconds: cpuacct.usage (ns) on v1, cpu.stat's usage_usec on v2.
for d in "$root"/*/; do
  name=$(basename "$d")
  if [ -f "$d/cpuacct.usage" ]; then
    ns=$(cat "$d/cpuacct.usage")
  else
    ns=$(($(sed -n 's/^usage_usec //p' "$d/cpu.stat") * 1000))
  fi
  echo "$ns $name"
done | sort -rn | awk -v wall="$wall" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '
  { cpu = $1 / 1e9; total += cpu; n++; line[n] = sprintf("%8.1f  %s", cpu, $2) }
  END {
    printf "%d tests, %.0f CPU s in all, ctest wall %d s (load average at the end %s)\n",
           n, total, wall, load
    for (i = 1; i <= n; i++) print line[i]
  }'
exit $status

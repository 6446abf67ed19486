#!/bin/sh
# An independent AWS implementation for the tests: moto's server mode on 127.0.0.1, a free port.
# `start ENVFILE` starts a moto_server of its own and writes, once it answers,
#   AWS_ENDPOINT_URL=http://127.0.0.1:PORT   (what the AWS CLI and berth read)
#   AWS_CLI=PATH                              (the AWS CLI to run; apply.sh reads it too)
#   AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=...   (moto accepts any; these are fake)
#   BERTH_MOTO_DIR=DIR                        (its log and pid)
#   BERTH_MOTO_PROGRAM=PATH                   (the moto_server run; tests' own servers reuse it)
#   BERTH_MOTO_ZYGOTE=SOCKET                  (with BERTH_MOTO_ZYGOTE=1: see moto_zygote below)
# to ENVFILE. moto is not a Debian package (it comes with pip: `pip install 'moto[server]'`);
# when moto_server is missing or does not start, ENVFILE gets SKIP=<why> instead, so the tests
# skip saying why. `stop ENVFILE` stops it and removes DIR. ctest runs start and stop as a
# FIXTURES_SETUP / FIXTURES_CLEANUP pair; a test that needs a moto of its own (nothing shared
# with other tests) runs `start`/`stop` itself with its own ENVFILE.
# The AWS CLI written as AWS_CLI: with BERTH_CLI_ZYGOTE=1 (ctest's moto_server fixture), the CLI
# loaded once and forked per call (tests/aws_cli/cli_zygote.py: the same CLI code, a tenth of
# the start-up CPU); with BERTH_SHARED_AWS_CLI_ENV=FILE, the one that file's AWS_CLI names (a
# test's own server borrows the fixture's); else the CLI itself.
# Network: moto binds 127.0.0.1 only and is never told about any other address.
set -u

command=${1:?usage: moto_fixture.sh start|stop ENVFILE}
envfile=${2:?usage: moto_fixture.sh start|stop ENVFILE}

here=$(cd "$(dirname "$0")" && pwd)

log() { echo "moto_fixture: $*" >&2; }

# $py: the Python these helpers run (set in start: moto's own, not a pyenv shim's 0.3 CPU s a call).
free_port() {
  "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits (one process, polling every 0.2 s) until the server at $1 answers, process $2 has gone,
# or 30 s have passed; exit 0 only when it answers.
wait_answers() {
  "$py" -c '
import os, sys, time, urllib.request
url, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    try:
        urllib.request.urlopen(url + "/moto-api/", timeout=2)
        sys.exit(0)
    except Exception:
        pass
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit(1)
    time.sleep(0.2)
sys.exit(1)' "$1" "$2" >/dev/null 2>&1
}

# The AWS CLI the tests run (apply.sh and capture.sh read AWS_CLI): the `aws` on PATH, or,
# when that is a pyenv shim, the program the shim would run. The shim is a shell script that
# starts pyenv before the CLI, 1 to 1.5 s a call; the tests make hundreds of calls.
aws_cli() {
  cli=$(command -v aws || echo aws)
  case "$cli" in
    */shims/aws) real=$(pyenv which aws 2>/dev/null) && [ -x "$real" ] && cli=$real ;;
  esac
  echo "$cli"
}

# The moto_server to start: the one on PATH, or, when that is a pyenv shim, the program the shim
# would run (the shim's own start costs 2.5 of the 2.9 CPU s of a moto start and stop, measured
# in a cgroup; the tests start ~45 servers).
# A test's own server takes the fixture's (BERTH_SHARED_AWS_CLI_ENV's BERTH_MOTO_PROGRAM): `pyenv
# which` alone costs 0.3 CPU s.
moto_program() {
  if [ -n "${BERTH_SHARED_AWS_CLI_ENV:-}" ]; then
    shared=$(sed -n 's/^BERTH_MOTO_PROGRAM=//p' "$BERTH_SHARED_AWS_CLI_ENV" 2>/dev/null)
    [ -n "$shared" ] && [ -x "$shared" ] && { echo "$shared"; return; }
  fi
  moto=$(command -v moto_server)
  case "$moto" in
    */shims/moto_server) real=$(pyenv which moto_server 2>/dev/null) && [ -x "$real" ] && moto=$real ;;
  esac
  echo "$moto"
}

# Prints the socket of the moto zygote the servers are forked from (tests/moto/moto_zygote.py:
# moto loaded and its backends filled once, 4 to 5 CPU s a server saved), or nothing: with
# BERTH_MOTO_ZYGOTE=1 (ctest's moto_server fixture) one of $dir's own; with
# BERTH_SHARED_AWS_CLI_ENV=FILE, the one that file's BERTH_MOTO_ZYGOTE names. Needs $dir, $py.
moto_zygote() {
  if [ -n "${BERTH_SHARED_AWS_CLI_ENV:-}" ]; then
    shared=$(sed -n 's/^BERTH_MOTO_ZYGOTE=//p' "$BERTH_SHARED_AWS_CLI_ENV" 2>/dev/null)
    [ -n "$shared" ] && [ -S "$shared" ] && { echo "$shared"; return; }
  fi
  [ "${BERTH_MOTO_ZYGOTE:-}" = 1 ] || return 0
  MOTO_IAM_LOAD_MANAGED_POLICIES=true \
    setsid "$py" "$here/moto_zygote.py" serve "$dir/moto-zygote.sock" >"$dir/zygote.log" 2>&1 \
    </dev/null &
  echo "$!" >"$dir/zygote.pid"
  waited=0
  until grep -q '^ready' "$dir/zygote.log" 2>/dev/null; do
    waited=$((waited + 1))
    if [ $waited -gt 300 ] || ! kill -0 "$(cat "$dir/zygote.pid")" 2>/dev/null; then
      log "the moto zygote did not start (its log: $(tail -1 "$dir/zygote.log")): moto_server"
      return 0
    fi
    sleep 0.1
  done
  echo "$dir/moto-zygote.sock"
}

# Prints the AWS_CLI for the tests (see the top). Needs $dir.
cli_for_tests() {
  if [ -n "${BERTH_SHARED_AWS_CLI_ENV:-}" ]; then
    shared=$(sed -n 's/^AWS_CLI=//p' "$BERTH_SHARED_AWS_CLI_ENV" 2>/dev/null)
    [ -n "$shared" ] && [ -x "$shared" ] && { echo "$shared"; return; }
  fi
  real=$(aws_cli)
  [ "${BERTH_CLI_ZYGOTE:-}" = 1 ] || { echo "$real"; return; }
  "$py" "$(dirname "$0")/../aws_cli/cli_zygote.py" start "$dir" "$real" || echo "$real"
}

start() {
  rm -f "$envfile" "$envfile.dir"
  if ! command -v moto_server >/dev/null 2>&1; then
    echo "SKIP=moto_server is not installed (not a Debian package: pip install 'moto[server]')" \
      >"$envfile"
    log "moto_server not found: the tests that need it will skip"
    exit 0
  fi
  moto=$(moto_program)
  py=$(sed -n '1s/^#! *\([^ ]*\).*/\1/p' "$moto" 2>/dev/null)
  [ -n "$py" ] && [ -x "$py" ] || py=python3
  dir=$(mktemp -d /tmp/berth-moto.XXXXXX)
  echo "BERTH_MOTO_DIR=$dir" >"$envfile.dir"
  zygote=$(moto_zygote)
  tries=0
  while :; do
    port=$(free_port)
    # setsid: the server outlives this script (ctest waits for the script, not for moto).
    # MOTO_IAM_LOAD_MANAGED_POLICIES: AWS's managed policies exist, as in every account
    # (std/web_service attaches AmazonECSTaskExecutionRolePolicy).
    # A server forked by the zygote when there is one (see moto_zygote), else moto_server.
    if [ -z "$zygote" ] || ! MOTO_IAM_LOAD_MANAGED_POLICIES=true \
      "$py" "$here/moto_zygote.py" spawn "$zygote" "$port" "$dir/moto.log" \
      >"$dir/moto.pid" 2>>"$dir/moto.log"; then
      MOTO_IAM_LOAD_MANAGED_POLICIES=true \
        setsid "$moto" -H 127.0.0.1 -p "$port" >"$dir/moto.log" 2>&1 </dev/null &
      echo "$!" >"$dir/moto.pid"
    fi
    url="http://127.0.0.1:$port"
    wait_answers "$url" "$(cat "$dir/moto.pid")" && break
    kill "$(cat "$dir/moto.pid")" 2>/dev/null
    tries=$((tries + 1))
    # Another process may have taken the port between the probe and the bind: try another.
    if [ $tries -ge 3 ]; then
      log "moto_server did not start; its log ends with:"
      tail -5 "$dir/moto.log" >&2
      why=$(tail -1 "$dir/moto.log" | tr -d '"')
      stop
      echo "SKIP=moto_server could not start: ${why:-no answer within 30s}" >"$envfile"
      exit 0
    fi
  done
  {
    echo "AWS_ENDPOINT_URL=$url"
    echo "AWS_CLI=$(cli_for_tests)"
    echo "AWS_ACCESS_KEY_ID=AKIAMOTOTESTKEY00000"
    echo "AWS_SECRET_ACCESS_KEY=moto-test-secret-not-a-real-key"
    echo "BERTH_MOTO_DIR=$dir"
    echo "BERTH_MOTO_PROGRAM=$moto"
    [ -n "$zygote" ] && echo "BERTH_MOTO_ZYGOTE=$zygote"
  } >"$envfile"
  log "moto_server up on $url"
}

stop() {
  [ -f "$envfile.dir" ] || { rm -f "$envfile"; return 0; }
  dir=$(sed -n 's/^BERTH_MOTO_DIR=//p' "$envfile.dir")
  case "$dir" in /tmp/berth-moto.*) ;; *) log "refusing to clean up '$dir'"; return 1 ;; esac
  cli=$(cat "$dir/cli.pid" 2>/dev/null || true)
  [ -n "$cli" ] && kill "$cli" 2>/dev/null
  zygote=$(cat "$dir/zygote.pid" 2>/dev/null || true)
  [ -n "$zygote" ] && kill "$zygote" 2>/dev/null
  pid=$(cat "$dir/moto.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
    tries=0
    while kill -0 "$pid" 2>/dev/null && [ $tries -lt 50 ]; do
      tries=$((tries + 1))
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
  rm -f "$envfile" "$envfile.dir"
  log "moto_server stopped, $dir removed"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: moto_fixture.sh start|stop ENVFILE" >&2; exit 2 ;;
esac

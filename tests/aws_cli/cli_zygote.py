#!/usr/bin/env python3
"""The AWS CLI, loaded once, forked per call: the tests run hundreds of `aws` commands (apply.sh,
capture.sh, checks), and each start of the CLI spends half a second of CPU importing botocore
and parsing the same JSON models before it does anything.

    cli_zygote.py start DIR REAL_CLI      start a server in DIR, detached, and print the `aws` to
                                          run (DIR/aws, or REAL_CLI when no server could start)
    cli_zygote.py serve SOCKET REAL_CLI   listen on SOCKET (run with the CLI's own Python)

Each call is the real CLI's own `awscli.clidriver.main()` in a process forked from the loaded
one, with the caller's arguments, environment, working directory, stdin, stdout and stderr (the
file descriptors themselves, passed over the socket), and its exit code returned. Only the
parsed data files are shared (one botocore loader, filled before the first fork; each call
still makes its own driver, session and client from its own environment). A call whose caller
goes away is killed. A client that cannot reach the server runs REAL_CLI itself."""

import json
import os
import signal
import socket
import sys
import threading
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from detached_server import start_detached  # noqa: E402

CLIENT = """#!{python} -S
# berth tests: the AWS CLI through tests/aws_cli/cli_zygote.py (see there); falls back to
# running the CLI itself.
import json, os, socket, sys
try:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect({socket_path!r})
    request = {{"argv": ["aws"] + sys.argv[1:], "env": dict(os.environ), "cwd": os.getcwd()}}
    socket.send_fds(s, [json.dumps(request).encode()], [0, 1, 2])
except OSError:
    os.execv({real!r}, [{real!r}] + sys.argv[1:])
code = s.recv(16)
sys.exit(int(code) if code else 255)
"""


def load():
    """Imports the CLI and fills one botocore loader with the data every call reads."""
    before = dict(os.environ)
    import awscli.clidriver
    import botocore.session
    # What importing the CLI put into the environment (AWS_DATA_PATH, its data directory):
    # every call's environment gets it too, as a fresh CLI process would.
    added = {k: v for k, v in os.environ.items() if before.get(k) != v}
    loader = botocore.session.create_loader(os.environ.get("AWS_DATA_PATH"))
    botocore.session.create_loader = lambda search_path_string=None: loader
    try:
        warm = awscli.clidriver.create_clidriver()
        warm._get_command_table()
        for name in ("ecs", "ec2", "elbv2", "iam", "logs", "sts", "events", "acm", "cloudwatch",
                     "application-autoscaling", "servicediscovery"):
            warm.session.get_service_model(name)
    except Exception:  # an older or newer CLI: calls still work, only less is shared
        traceback.print_exc()
    return awscli.clidriver, added


def call(connection, clidriver, added):
    data, fds, _, _ = socket.recv_fds(connection, 1 << 22, 3)
    request = json.loads(data)
    for number, fd in enumerate(fds):
        os.dup2(fd, number)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(added)
    os.environ.update(request["env"])
    sys.argv = request["argv"]

    def watch():  # the caller went away (killed): so does its call
        if connection.recv(1) == b"":
            os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()
    try:
        code = clidriver.main()
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    sys.stdout.flush()
    sys.stderr.flush()
    connection.sendall(str(code or 0).encode())
    return code or 0


def serve(socket_path):
    clidriver, added = load()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # calls are reaped by the kernel
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(socket_path)
    server.listen(128)
    print("ready", flush=True)
    while True:
        connection, _ = server.accept()
        if os.fork() == 0:
            code = 255
            try:
                server.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                code = call(connection, clidriver, added)
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        connection.close()


def start(directory, real):
    """Writes DIRECTORY/aws and starts the server for it with REAL's own Python, in a session of
    its own (it outlives this process; its pid is in DIRECTORY/cli.pid for whoever stops it, its
    output in cli.log), then waits until it is ready: the program to run as `aws`, or REAL when
    the server cannot start (said on stderr). One start for the moto fixture and cp_cli.py."""
    try:
        with open(real, "rb") as script:
            first = script.readline().decode(errors="replace")
    except OSError:
        return real
    words = first[2:].split() if first.startswith("#!") else []
    python = words[0] if words else ""
    if not python or not os.access(python, os.X_OK):
        return real
    socket_path = os.path.join(directory, "cli.sock")
    program = os.path.join(directory, "aws")
    with open(program, "w") as out:
        out.write(CLIENT.format(python=python, socket_path=socket_path, real=real))
    os.chmod(program, 0o755)
    server, log = start_detached([python, os.path.abspath(__file__), "serve", socket_path, real],
                                 directory, "cli", 30)
    if server is not None:
        return program
    ends = (log.splitlines() or [""])[-1]
    print(f"cli_zygote: the AWS CLI zygote did not start (its log: {ends}): using {real}",
          file=sys.stderr)
    return real


if __name__ == "__main__":
    mode, where, real = sys.argv[1:4]
    if mode == "start":
        print(start(where, real))
    else:
        serve(where)

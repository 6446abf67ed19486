#!/usr/bin/env python3
"""validate_requests.py loaded once and forked per call: the unit tests that validate request
bodies with the AWS CLI (tests/unit/aws_services, tests/unit/aws_ecs: about 30 tests, each a
process of its own under ctest) each spent 1.5 to 2 CPU s starting Python, importing the CLI and
making its driver before the first body. A ctest fixture starts this server once for the run.

    validator_zygote.py start DIR   start a server on DIR/validator.sock, detached (its pid in
                                    DIR/validator.pid, its output in DIR/validator.log), and
                                    wait until it is ready; exit 0 even when it could not start
                                    (the tests then run validate_requests.py themselves)
    validator_zygote.py stop DIR    stop it
    validator_zygote.py serve SOCKET

A call: the client connects, sends the arguments of validate_requests.py as a JSON list and
shuts down its side; a process forked from the loaded one runs validate_requests.main() with
them (the same Cli class, the same checks, the same printed lines) and sends back what it
printed, then a last line "exit CODE". A CLI that starts a thread when loaded (Debian 12's, with
python3-awscrt) cannot be forked safely: then the server runs each call itself, one at a time. Run the server with the Python the tests would run
validate_requests.py with (`python3` on PATH), so the same AWS CLI validates."""

import contextlib
import gc
import io
import json
import os
import signal
import socket
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_requests  # noqa: E402
from detached_server import start_detached  # noqa: E402

# Services the emitters call: each is validated once before the first fork.
SERVICES = ("ecs", "ec2", "elbv2", "iam", "logs", "application-autoscaling", "servicediscovery",
            "events", "acm", "cloudwatch", "route53", "secretsmanager", "ssm", "sts", "scheduler",
            "ecr", "kms", "s3", "sns", "sqs", "wafv2", "efs", "lambda")


def load(directory):
    """The Cli, warmed: one real validation per service (its model, command table, client, the
    endpoint data and OpenSSL's first context are read once here, not once per forked call)."""
    cli = validate_requests.Cli()
    if cli.driver is None or cli.session is None:
        return cli
    body = os.path.join(directory, "warm.json")
    with open(body, "w") as out:
        out.write("{}")
    for service in SERVICES:
        try:
            model = cli.session.get_service_model(service)
        except Exception:  # not in this CLI's models
            continue
        # An operation that needs no member, so the call gets as far as connecting.
        for name in model.operation_names:
            shape = model.operation_model(name).input_shape
            if shape is None or not shape.required_members:
                break
        operation = cli.xform_name(name, "-")
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                cli.problems(service, operation, body)
            except Exception:  # another CLI version: calls still work, less is shared
                traceback.print_exc()
    os.unlink(body)
    return cli


def call(connection, cli):
    data = b""
    while True:
        chunk = connection.recv(1 << 16)
        if not chunk:
            break
        data += chunk
    args = json.loads(data)
    out = io.StringIO()
    code = 1
    with contextlib.redirect_stdout(out):
        try:
            code = validate_requests.main(args, cli)
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
        except BaseException:
            traceback.print_exc(file=out)
    connection.sendall((out.getvalue() + "\nexit %d\n" % code).encode())
    connection.close()


def serve(socket_path):
    cli = load(os.path.dirname(socket_path))
    # The loaded objects out of the collector's reach: a collection in a forked call would
    # otherwise touch (and so copy) every page of the server's heap.
    gc.collect()
    gc.freeze()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # calls are reaped by the kernel
    # Only a process of one thread may fork: a child gets the forking thread alone, and a lock
    # that another thread held stays locked in it for good. Debian 12's awscli loads
    # python3-awscrt, whose first use (the warm-up in load) starts a native thread, "AwsLogger":
    # every forked call hung on its lock. With such a CLI, each call is served in this process,
    # one at a time (validate_requests.main is made to be called again with one Cli).
    threads = len(os.listdir("/proc/self/task"))
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(socket_path)
    server.listen(128)
    if threads == 1:
        print("ready", flush=True)
    else:
        print(f"ready: {threads} threads after loading the CLI, so calls are served in this "
              "process, one at a time, not forked", flush=True)
    while True:
        connection, _ = server.accept()
        if threads > 1:
            try:
                call(connection, cli)
            except Exception:
                traceback.print_exc()
                connection.close()
            continue
        if os.fork() == 0:
            try:
                server.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                call(connection, cli)
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(0)
        connection.close()


def start(directory):
    os.makedirs(directory, exist_ok=True)
    socket_path = os.path.join(directory, "validator.sock")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(socket_path)
    server, log = start_detached([sys.executable, os.path.abspath(__file__), "serve", socket_path],
                                 directory, "validator", 60)
    if server is not None:
        print(f"validator_zygote: ready on {socket_path} (pid {server.pid})")
        return 0
    print(f"validator_zygote: did not start (its log: {log[-800:]}); the tests "
          "run validate_requests.py themselves")
    stop(directory)
    return 0


def stop(directory):
    with contextlib.suppress(FileNotFoundError, ValueError, ProcessLookupError):
        with open(os.path.join(directory, "validator.pid")) as pid:
            os.killpg(int(pid.read()), signal.SIGKILL)
    for name in ("validator.sock", "validator.pid"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(directory, name))
    return 0


if __name__ == "__main__":
    mode, where = sys.argv[1:3]
    if mode == "start":
        sys.exit(start(where))
    if mode == "stop":
        sys.exit(stop(where))
    serve(where)

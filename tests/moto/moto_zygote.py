#!/usr/bin/env python3
"""moto_server, loaded once, forked per server: the moto tests start ~45 servers of their own
(a fresh account each), and each start spent its CPU importing moto and filling the same
backends (the IAM managed policies, EC2's default VPC and images, ECS) before it answered the
test's first call: 4 to 5 CPU s a server, measured on the process.

    moto_zygote.py serve SOCKET            load moto, then fork a server per request on SOCKET
    moto_zygote.py spawn SOCKET PORT LOG   ask for a server on 127.0.0.1:PORT, its output to
                                           LOG; prints its pid (exit 1: no zygote answered)

A forked server is moto's own `moto.server.main` in a process of its own session (the fixture
stops it by pid, as a server it started itself), with the environment of the process that asked
for it, as a moto_server started there would have: moto reads settings from the environment
while it answers (a test sets MOTO_ECS_SERVICE_RUNNING before it starts its server; a server
that kept the zygote's environment reported no running task, and `berth apply --wait` never
returned: why the first version of this file was reverted). What it inherits is what a fresh moto_server
builds at its first calls, before anything is created: the backends of the default account in
us-east-1 and the global ones (run with MOTO_IAM_LOAD_MANAGED_POLICIES=true, as the fixture runs moto_server). Its
random generator is seeded anew, so servers do not share resource ids."""

import json
import os
import random
import signal
import socket
import sys
import traceback

# What the tests' stacks and checks call (std/web_service and the examples).
WARM = ("iam", "ec2", "ecs", "elbv2", "logs", "sts", "acm", "events", "cloudwatch",
        "applicationautoscaling", "servicediscovery", "route53", "ssm", "secretsmanager")

GLOBAL = ("iam", "route53", "sts")  # one backend a partition ("aws"), not a region


def load():
    import moto.server  # noqa: F401  (what moto_server imports)
    from moto.backends import get_backend
    from moto.core import DEFAULT_ACCOUNT_ID
    for name in WARM:
        try:
            backends = get_backend(name)[DEFAULT_ACCOUNT_ID]
            backends["aws" if name in GLOBAL else "us-east-1"]
        except Exception:  # another moto version: that server fills it at its first call
            print(f"moto_zygote: {name} not loaded:", file=sys.stderr)
            traceback.print_exc()
    warm_dispatcher(moto.server)
    return moto.server


# One read a service, which changes nothing: the first request of a server otherwise spends
# 1.4 CPU s (routing tables, response templates, botocore models) before it answers.
READS = (
    ("iam", {}, "Action=ListRoles&Version=2010-05-08"),
    ("sts", {}, "Action=GetCallerIdentity&Version=2011-06-15"),
    ("ec2", {}, "Action=DescribeVpcs&Version=2016-11-15"),
    ("elasticloadbalancing", {}, "Action=DescribeLoadBalancers&Version=2015-12-01"),
    ("ecs", {"X-Amz-Target": "AmazonEC2ContainerServiceV20141113.ListClusters"}, "{}"),
    ("logs", {"X-Amz-Target": "Logs_20140328.DescribeLogGroups"}, "{}"),
    ("events", {"X-Amz-Target": "AWSEvents.ListRules"}, "{}"),
    ("application-autoscaling",
     {"X-Amz-Target": "AnyScaleFrontendService.DescribeScalableTargets"}, '{"ServiceNamespace": "ecs"}'),
)


def warm_dispatcher(server_module):
    """moto_server's application, made and warmed here; each server's main() gets this one."""
    try:
        from werkzeug.test import Client
        app = server_module.DomainDispatcherApplication(server_module.create_backend_app)
        client = Client(app)
        for service, headers, body in READS:
            json_body = body.startswith("{")
            headers = dict(headers, **{
                "Authorization": "AWS4-HMAC-SHA256 Credential=AKIAMOTOTESTKEY00000/20260101/"
                                 f"us-east-1/{service}/aws4_request, SignedHeaders=host, "
                                 "Signature=0",
                "Content-Type": "application/x-amz-json-1.1" if json_body
                                else "application/x-www-form-urlencoded"})
            response = client.post("/", headers=headers, data=body)
            if response.status_code != 200:
                print(f"moto_zygote: warming {service}: HTTP {response.status_code}",
                      file=sys.stderr)
        server_module.DomainDispatcherApplication = lambda create_app: app
    except Exception:  # another moto version: each server makes its own
        traceback.print_exc()


def receive_all(connection):
    """The request: everything the client sends before it shuts its side down."""
    chunks = []
    while True:
        chunk = connection.recv(1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def serve(path):
    server_module = load()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the servers are reaped as they exit
    if os.path.exists(path):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)
    print("ready", flush=True)
    while True:
        connection, _ = listener.accept()
        with connection:
            try:
                request = json.loads(receive_all(connection))
                pid = os.fork()
            except Exception:
                traceback.print_exc()
                continue
            if pid == 0:
                listener.close()
                connection.close()
                run(server_module, request)
            connection.sendall(str(pid).encode())


def run(server_module, request):
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        random.seed()
        os.environ.clear()
        os.environ.update(request["env"])
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        sys.argv = ["moto_server", "-H", "127.0.0.1", "-p", str(request["port"])]
        server_module.main(sys.argv[1:])
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(0)


def spawn(path, port, log):
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        s.sendall(json.dumps({"port": int(port), "log": os.path.abspath(log),
                              "env": dict(os.environ)}).encode())
        s.shutdown(socket.SHUT_WR)
        pid = s.recv(32).decode()
    except OSError as error:
        print(f"moto_zygote: {error}", file=sys.stderr)
        return 1
    if not pid.isdigit():
        return 1
    print(pid)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        serve(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == "spawn":
        sys.exit(spawn(*sys.argv[2:]))
    else:
        sys.exit(__doc__)

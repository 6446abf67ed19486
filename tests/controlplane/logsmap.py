#!/usr/bin/env python3
"""CloudWatch Logs and Cloud Map realised by `berth serve` (issue 14), against a server and a
private Docker engine of this test's own (tests/docker/dockerd_fixture.sh), so it runs beside
the serial controlplane scenarios: busybox tasks print lines that `aws logs get-log-events` and
`filter-log-events` return (paging tokens, a restart of the server in between), `berth logs`
prints them, and a service with serviceRegistries is found by `aws servicediscovery
discover-instances` and reached by another task at the address it was given.

Usage: logsmap.py BERTH [TestCase[.test_name] ...]"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

from cp_files import env_value
from cp_server import PrivateEngine, Server
import cp_wait

HERE = os.path.dirname(os.path.abspath(__file__))
MOTO_FIXTURE = os.path.join(HERE, "..", "moto", "moto_fixture.sh")
REGION, ACCOUNT = "us-east-1", "000000000000"
SERVER = {}
IMAGE = "berth-busybox:1"


def ensure_server():
    """The private dockerd and `berth serve` the Logs, Discovery and Cli cases share, started
    by the first of them (the AwsApi case needs neither)."""
    if SERVER.get("server"):
        return
    work = tempfile.mkdtemp(prefix="berth-logsmap-")
    SERVER["work"] = work
    SERVER["dockerd"] = PrivateEngine(os.path.join(work, "engine.env"))
    SERVER["engine"] = SERVER["dockerd"].host
    SERVER["data"] = os.path.join(work, "data")
    SERVER["server"] = Server(SERVER["berth"], "--engine", SERVER["engine"], region=REGION,
                              account=ACCOUNT, data=SERVER["data"])
    aws("ecs", "create-cluster", "--cluster-name", "logsmap")


class WithServer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        ensure_server()


def tearDownModule():
    if SERVER.get("server"):
        SERVER["server"].stop()
    if SERVER.get("dockerd"):
        SERVER["dockerd"].stop()
    shutil.rmtree(SERVER.get("work", "/nonexistent"), ignore_errors=True)


def restart_server():
    """kill -9, then the same command on the same port and data."""
    SERVER["server"].restart(kill=True, same_port=True)


def aws(service, *args, check=True):
    """`aws SERVICE ARGS` against the server: the parsed output, or (code, stderr)."""
    code, out, err = SERVER["server"].aws(service, *args, timeout=120)
    if not check:
        return code, err
    if code != 0:
        raise AssertionError(f"aws {service} {' '.join(args)} failed: {err}")
    return out or {}


def docker(*args):
    return subprocess.run(["docker", "-H", SERVER["engine"], *args], capture_output=True,
                          text=True, timeout=60)


def register(family, command, log_group=None, prefix="app", ports=None, extra=None):
    container = {"name": "app", "image": IMAGE, "memory": 32, "essential": True,
                 "command": ["sh", "-c", command], "stopTimeout": 2,
                 "linuxParameters": {"initProcessEnabled": True}}
    if log_group:
        container["logConfiguration"] = {"logDriver": "awslogs", "options": {
            "awslogs-group": log_group, "awslogs-region": REGION,
            "awslogs-stream-prefix": prefix}}
    if ports:
        container["portMappings"] = [{"containerPort": p} for p in ports]
    container.update(extra or {})
    out = aws("ecs", "register-task-definition", "--family", family,
              "--container-definitions", json.dumps([container]))
    return out["taskDefinition"]["taskDefinitionArn"]


def run_task(family):
    out = aws("ecs", "run-task", "--cluster", "logsmap", "--task-definition", family)
    return out["tasks"][0]["taskArn"]


def task_id(arn):
    return arn.rsplit("/", 1)[1]


def wait_for(what, probe, timeout=90):
    return cp_wait.wait_for(what, probe, timeout, log=SERVER["server"].log)


def messages(out):
    return [e["message"] for e in out["events"]]


class Logs(WithServer):
    def test_awslogs_lines_paging_restart_and_filter(self):
        aws("logs", "create-log-group", "--log-group-name", "/ecs/printer")
        # 25 numbered lines and, a second later, one on stderr (Docker stamps each stream's
        # lines as it reads them: on a busy machine stdout's may be read after an immediate
        # stderr line), then one more once /tmp/go exists (made after the server's restart).
        register("printer", "for i in $(seq 1 25); do echo line-$i; done; sleep 1; echo oops >&2; "
                 "while [ ! -f /tmp/go ]; do sleep 0.2; done; echo after-restart; exec sleep 600",
                 log_group="/ecs/printer")
        arn = run_task("printer")
        stream = f"app/app/{task_id(arn)}"
        get = lambda *extra: aws("logs", "get-log-events", "--log-group-name", "/ecs/printer",
                                 "--log-stream-name", stream, *extra)

        def all_26():
            code, _ = aws("logs", "get-log-events", "--log-group-name", "/ecs/printer",
                          "--log-stream-name", stream, check=False)
            return code == 0 and len(messages(get("--start-from-head"))) >= 26
        wait_for("26 lines in the stream", all_26)
        expected = [f"line-{i}" for i in range(1, 26)] + ["oops"]
        self.assertEqual(messages(get("--start-from-head")), expected)

        # Forward pages of 10 from the head; the end gives back the token it was sent.
        page = get("--start-from-head", "--limit", "10")
        self.assertEqual(messages(page), expected[:10])
        page = get("--limit", "10", "--next-token", page["nextForwardToken"])
        self.assertEqual(messages(page), expected[10:20])
        page = get("--limit", "10", "--next-token", page["nextForwardToken"])
        self.assertEqual(messages(page), expected[20:])
        end = get("--limit", "10", "--next-token", page["nextForwardToken"])
        self.assertEqual(end["events"], [])
        self.assertEqual(end["nextForwardToken"], page["nextForwardToken"])
        self.assertRegex(page["nextForwardToken"], r"^f/\d{56}$")
        # Without startFromHead: the newest ones, then backwards.
        tail = get("--limit", "5")
        self.assertEqual(messages(tail), expected[-5:])
        back = get("--limit", "5", "--next-token", tail["nextBackwardToken"])
        self.assertEqual(messages(back), expected[-10:-5])

        streams = aws("logs", "describe-log-streams", "--log-group-name", "/ecs/printer")
        self.assertEqual([s["logStreamName"] for s in streams["logStreams"]], [stream])
        self.assertIn("lastEventTimestamp", streams["logStreams"][0])

        # filter-log-events: terms, alternatives, exclusions, paging (the CLI follows
        # nextToken itself; --page-size makes it page).
        filtered = aws("logs", "filter-log-events", "--log-group-name", "/ecs/printer",
                       "--filter-pattern", "line-2", "--page-size", "3")
        self.assertEqual(messages(filtered), ["line-2"] + [f"line-2{i}" for i in range(6)])
        self.assertEqual(filtered["events"][0]["logStreamName"], stream)
        filtered = aws("logs", "filter-log-events", "--log-group-name", "/ecs/printer",
                       "--filter-pattern", "?oops ?line-7 -line-1")
        self.assertEqual(messages(filtered), ["line-7", "oops"])
        code, err = aws("logs", "filter-log-events", "--log-group-name", "/ecs/printer",
                        "--filter-pattern", "{ $.level = \"x\" }", check=False)
        self.assertIn("InvalidParameterException", err)

        # kill -9 of the server, then more output: nothing lost, nothing twice.
        restart_server()
        containers = docker("ps", "-q", "--filter", f"label=io.berth.cp.task={task_id(arn)}")
        self.assertEqual(docker("exec", containers.stdout.split()[0], "touch", "/tmp/go")
                         .returncode, 0)
        wait_for("the line printed after the restart",
                 lambda: "after-restart" in messages(get("--start-from-head")))
        time.sleep(2.5)  # two more reads by the collector
        self.assertEqual(messages(get("--start-from-head")), expected + ["after-restart"])
        aws("ecs", "stop-task", "--cluster", "logsmap", "--task", arn)

    def test_last_lines_of_an_exiting_task_are_kept(self):
        aws("logs", "create-log-group", "--log-group-name", "/ecs/short")
        register("short", "echo first; echo last-words; exit 3", log_group="/ecs/short",
                 prefix="job")
        arn = run_task("short")
        wait_for("the task to stop", lambda: aws(
            "ecs", "describe-tasks", "--cluster", "logsmap", "--tasks", arn)["tasks"][0]
            ["lastStatus"] == "STOPPED")
        # The reconciler removes a stopped task's containers; the collector reads them first.
        wait_for("its container to go", lambda: not docker(
            "ps", "-aq", "--filter", f"label=io.berth.cp.task={task_id(arn)}").stdout.strip())
        out = aws("logs", "get-log-events", "--log-group-name", "/ecs/short",
                  "--log-stream-name", f"job/app/{task_id(arn)}", "--start-from-head")
        self.assertEqual(messages(out), ["first", "last-words"])

    def test_put_events_and_retention(self):
        aws("logs", "create-log-group", "--log-group-name", "/manual")
        aws("logs", "create-log-stream", "--log-group-name", "/manual", "--log-stream-name", "s")
        code, err = aws("logs", "create-log-stream", "--log-group-name", "/manual",
                        "--log-stream-name", "s", check=False)
        self.assertIn("ResourceAlreadyExistsException", err)
        now = int(time.time() * 1000)
        old = now - 3 * 86400000
        aws("logs", "put-log-events", "--log-group-name", "/manual", "--log-stream-name", "s",
            "--log-events", json.dumps([{"timestamp": old, "message": "three days ago"},
                                        {"timestamp": now, "message": "now"}]))
        get = lambda: messages(aws("logs", "get-log-events", "--log-group-name", "/manual",
                                   "--log-stream-name", "s", "--start-from-head"))
        self.assertEqual(get(), ["three days ago", "now"])
        aws("logs", "put-retention-policy", "--log-group-name", "/manual",
            "--retention-in-days", "1")
        self.assertEqual(get(), ["now"])
        code, err = aws("logs", "get-log-events", "--log-group-name", "/manual",
                        "--log-stream-name", "ghost", check=False)
        self.assertIn("ResourceNotFoundException", err)
        code, err = aws("logs", "get-log-events", "--log-group-name", "/manual",
                        "--log-stream-name", "s", "--next-token", "nonsense", check=False)
        self.assertIn("InvalidParameterException", err)
        aws("logs", "delete-log-group", "--log-group-name", "/manual")
        aws("logs", "create-log-group", "--log-group-name", "/manual")
        self.assertEqual(aws("logs", "describe-log-streams", "--log-group-name", "/manual")
                         ["logStreams"], [])



def discover(*extra):
    return aws("servicediscovery", "discover-instances", "--namespace-name", "shop.internal",
               "--service-name", "backend", *extra)["Instances"]


class Discovery(WithServer):
    def test_tasks_registered_discovered_and_reached(self):
        op = aws("servicediscovery", "create-private-dns-namespace", "--name", "shop.internal",
                 "--vpc", "vpc-local")["OperationId"]
        ns = aws("servicediscovery", "get-operation", "--operation-id", op)["Operation"]
        self.assertEqual(ns["Status"], "SUCCESS")
        ns_id = ns["Targets"]["NAMESPACE"]
        registry = aws("servicediscovery", "create-service", "--name", "backend",
                       "--namespace-id", ns_id, "--dns-config",
                       "RoutingPolicy=MULTIVALUE,DnsRecords=[{Type=A,TTL=10}]",
                       "--health-check-custom-config", "FailureThreshold=1")["Service"]
        register("backend", "mkdir -p /tmp/w && echo backend-hello > /tmp/w/index.html && "
                 "exec httpd -f -p 127.0.0.1:$BERTH_PORT -h /tmp/w", ports=[8080])
        aws("ecs", "create-service", "--cluster", "logsmap", "--service-name", "backend",
            "--task-definition", "backend", "--desired-count", "1", "--service-registries",
            f"registryArn={registry['Arn']},containerName=app,containerPort=8080")
        instances = wait_for("the backend's task in Cloud Map", discover)
        self.assertEqual(len(instances), 1)
        attributes = instances[0]["Attributes"]
        task = aws("ecs", "describe-tasks", "--cluster", "logsmap", "--tasks",
                   instances[0]["InstanceId"])["tasks"][0]
        self.assertEqual(task["lastStatus"], "RUNNING")
        port = task["containers"][0]["networkBindings"][0]["hostPort"]
        self.assertEqual(attributes["AWS_INSTANCE_IPV4"], "127.0.0.1")
        self.assertEqual(attributes["AWS_INSTANCE_PORT"], str(port))
        self.assertEqual(attributes["ECS_SERVICE_NAME"], "backend")
        self.assertEqual(attributes["ECS_CLUSTER_NAME"], "logsmap")
        listed = aws("servicediscovery", "list-instances", "--service-id", registry["Id"])
        self.assertEqual([i["Id"] for i in listed["Instances"]], [instances[0]["InstanceId"]])

        # A frontend task reaches the backend three ways: the stack's own URL (its
        # NAME:CONTAINERPORT rewritten), BERTH_DISCOVERY_..., and the name in its hosts file.
        aws("logs", "create-log-group", "--log-group-name", "/ecs/frontend")
        register("frontend",
                 'a=$(wget -qO- "$API_URL"); '
                 'b=$(wget -qO- "http://$BERTH_DISCOVERY_BACKEND_SHOP_INTERNAL/"); '
                 'c=$(wget -qO- "http://backend.shop.internal:${BERTH_DISCOVERY_BACKEND_SHOP_INTERNAL#*:}/"); '
                 'echo "url=$a var=$b hosts=$c"; exec sleep 600',
                 log_group="/ecs/frontend", prefix="web",
                 extra={"environment": [{"name": "API_URL",
                                         "value": "http://backend.shop.internal:8080/"}]})
        arn = run_task("frontend")
        stream = f"web/app/{task_id(arn)}"

        def answer():
            code, _ = aws("logs", "get-log-events", "--log-group-name", "/ecs/frontend",
                          "--log-stream-name", stream, check=False)
            if code != 0:
                return None
            return messages(aws("logs", "get-log-events", "--log-group-name", "/ecs/frontend",
                                "--log-stream-name", stream, "--start-from-head"))
        self.assertEqual(wait_for("the frontend's answer", answer),
                         ["url=backend-hello var=backend-hello hosts=backend-hello"])
        aws("ecs", "stop-task", "--cluster", "logsmap", "--task", arn)

        # Health: an instance registered by hand and marked unhealthy is discovered only when
        # asked for.
        aws("servicediscovery", "register-instance", "--service-id", registry["Id"],
            "--instance-id", "manual", "--attributes",
            "AWS_INSTANCE_IPV4=127.0.0.1,AWS_INSTANCE_PORT=1")
        aws("servicediscovery", "update-instance-custom-health-status", "--service-id",
            registry["Id"], "--instance-id", "manual", "--status", "UNHEALTHY")
        self.assertEqual(len(discover()), 1)
        self.assertEqual(sorted(i["HealthStatus"] for i in discover("--health-status", "ALL")),
                         ["HEALTHY", "UNHEALTHY"])
        self.assertEqual([i["InstanceId"] for i in discover("--health-status", "UNHEALTHY")],
                         ["manual"])
        code, err = aws("servicediscovery", "discover-instances", "--namespace-name", "nope",
                        "--service-name", "backend", check=False)
        self.assertIn("NamespaceNotFound", err)

        # Scaled to zero: its task is deregistered; the hand-made instance stays.
        aws("ecs", "update-service", "--cluster", "logsmap", "--service", "backend",
            "--desired-count", "0")
        wait_for("the task's deregistration", lambda: not discover())
        self.assertEqual([i["InstanceId"] for i in discover("--health-status", "ALL")],
                         ["manual"])
        aws("ecs", "delete-service", "--cluster", "logsmap", "--service", "backend", "--force")


STACK = """
stack "talk" {
  region  = "us-east-1"
  account = "000000000000"
}

backend "controlplane" {
  data = "DATA"
}

cluster "talk" {}

log_group "talk" {
  name      = "/ecs/talk"
  retention = 1d
}

task "talker" {
  network_mode = "host"
  requires     = ["EC2"]
  container "say" {
    image   = "berth-busybox:1"
    command = ["sh", "-c", "i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.5; done"]
    memory  = 32MiB
    linux_parameters {
      init_process_enabled = true
    }
    logs {
      driver = awslogs
      options = {
        "awslogs-group"         = log_group.talk.name
        "awslogs-region"        = "us-east-1"
        "awslogs-stream-prefix" = "talk"
      }
    }
  }
}

service "talker" {
  name          = "talker-svc"
  cluster       = cluster.talk
  task          = task.talker
  desired_count = 1
}
"""


class Cli(WithServer):
    """`berth logs SERVICE [PATH]` against the controlplane backend."""

    def berth(self, *args, check=0):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        done = subprocess.run([SERVER["berth"], *args], capture_output=True, text=True, env=env,
                              timeout=300)
        if check is not None:
            self.assertEqual(done.returncode, check,
                             f"berth {' '.join(args)}:\n{done.stdout}\n{done.stderr}")
        return done

    def test_berth_logs_prints_and_follows(self):
        stack = os.path.join(SERVER["work"], "talk")
        os.makedirs(stack)
        with open(os.path.join(stack, "main.berth"), "w") as f:
            f.write(STACK.replace("DATA", SERVER["data"]))
        self.assertIn("Apply complete", self.berth("apply", stack, "--auto-approve").stdout)

        def printed():
            out = self.berth("logs", "talker", stack).stdout.splitlines()
            return out if len(out) >= 3 else None
        lines = wait_for("three lines from berth logs", printed)
        task = aws("ecs", "list-tasks", "--cluster", "talk", "--service-name",
                   "talker-svc")["taskArns"][0]
        prefix = f"say/{task_id(task)[:8]} "
        self.assertEqual(lines[:3], [prefix + "tick-1", prefix + "tick-2", prefix + "tick-3"])
        # By the ECS name too; --since leaves out what came before.
        self.assertEqual(self.berth("logs", "talker-svc", stack).stdout.splitlines()[0],
                         prefix + "tick-1")
        time.sleep(2)
        recent = self.berth("logs", "talker", stack, "--since", "1s").stdout.splitlines()
        self.assertNotIn(prefix + "tick-1", recent)

        # --follow: new lines as they come, each once, in order.
        follow = subprocess.Popen([SERVER["berth"], "logs", "talker", stack, "--follow",
                                   "--since", "2s"], stdout=subprocess.PIPE, text=True)
        seen = []
        deadline = time.time() + 30
        while len(seen) < 8 and time.time() < deadline:
            seen.append(follow.stdout.readline().rstrip("\n"))
        follow.send_signal(2)  # Ctrl-C ends it, as it ends `tail -f`
        self.assertEqual(follow.wait(10), -2)
        follow.stdout.close()
        ticks = [int(line.rsplit("-", 1)[1]) for line in seen]
        self.assertEqual(ticks, list(range(ticks[0], ticks[0] + 8)), seen)

        # Errors that say what to do.
        done = self.berth("logs", "nope", stack, check=1)
        self.assertIn('the stack has no service "nope" (its services: talker)', done.stderr)
        done = self.berth("logs", "talker", stack, "--backend", "aws", check=1)
        self.assertIn("use --backend controlplane", done.stderr)
        done = self.berth("logs", "talker", stack, "--since", "soon", check=1)
        self.assertIn("--since takes a duration", done.stderr)
        aws("logs", "delete-log-group", "--log-group-name", "/ecs/talk")
        done = self.berth("logs", "talker", stack, check=1)
        self.assertIn("log group /ecs/talk does not exist there", done.stderr)
        aws("ecs", "delete-service", "--cluster", "talk", "--service", "talker-svc", "--force")


class AwsApi(unittest.TestCase):
    """`berth logs` with the aws-api backend, against moto (another Logs API than berth's)."""

    def test_berth_logs_reads_aws(self):
        work = tempfile.mkdtemp(prefix="berth-logsmap-moto-")
        self.addCleanup(shutil.rmtree, work, True)
        moto_env = os.path.join(work, "moto.env")
        subprocess.run([MOTO_FIXTURE, "start", moto_env], check=True)
        # Cleanups run last-in first-out: moto stops before its env file goes.
        self.addCleanup(subprocess.run, [MOTO_FIXTURE, "stop", moto_env])
        skip = env_value(moto_env, "SKIP")
        if skip:
            self.skipTest(skip)
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        for key in ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            env[key] = env_value(moto_env, key)
        env.update(AWS_REGION=REGION, AWS_DEFAULT_REGION=REGION, AWS_CONFIG_FILE="/dev/null",
                   AWS_SHARED_CREDENTIALS_FILE="/dev/null")
        run = lambda *args: subprocess.run(args, capture_output=True, text=True, env=env,
                                           timeout=120)
        stream = "talk/say/0123456789abcdef"
        self.assertEqual(run("aws", "logs", "create-log-group", "--log-group-name",
                             "/ecs/talk").returncode, 0)
        run("aws", "logs", "create-log-stream", "--log-group-name", "/ecs/talk",
            "--log-stream-name", stream)
        now = int(time.time() * 1000)
        run("aws", "logs", "put-log-events", "--log-group-name", "/ecs/talk", "--log-stream-name",
            stream, "--log-events", json.dumps([{"timestamp": now - 1000, "message": "one"},
                                                {"timestamp": now, "message": "two"}]))
        stack = os.path.join(work, "stack")
        os.makedirs(stack)
        with open(os.path.join(stack, "main.berth"), "w") as f:
            f.write(STACK.replace('account = "000000000000"', 'account = "123456789012"')
                    .replace('backend "controlplane" {\n  data = "DATA"\n}', 'backend "aws-api" {}'))
        done = run(SERVER["berth"], "logs", "talker", stack)
        self.assertEqual((done.returncode, done.stdout), (0, "say/01234567 one\nsay/01234567 two\n"),
                         done.stderr)


if __name__ == "__main__":
    SERVER["berth"] = sys.argv[1]
    unittest.main(argv=[sys.argv[0], *sys.argv[2:]], verbosity=2)

#!/usr/bin/env python3
"""What issue 13 still asked of `berth serve`, against a server and a private Docker engine of
this test's own (tests/docker/dockerd_fixture.sh), so it runs beside the serial controlplane
scenarios. The server starts with no --engine: the engine comes in through `aws ecs
register-container-instance` (attribute berth.engine), is kept across a kill -9, takes tasks, and
leaves with `deregister-container-instance` as ECS defines it (refused while tasks run, --force
orphans them). Also: a dependency's startTimeout that runs out stops the task, and a task of
networkMode bridge on an engine without a bridge runs on the host network.

Usage: instances.py BERTH [TestCase[.test_name] ...]"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

from cp_files import read
from cp_server import PrivateEngine, Server
import cp_wait

REGION = "us-east-1"
SERVER = {}
IMAGE = "berth-busybox:1"


def setUpModule():
    # Module cleanups (last first), not tearDownModule: they also run when this skips or fails
    # half-way, so a skip leaves no work dir and a server that does not start no dockerd.
    work = tempfile.mkdtemp(prefix="berth-instances-")
    unittest.addModuleCleanup(shutil.rmtree, work, True)
    dockerd = PrivateEngine(os.path.join(work, "engine.env"))
    unittest.addModuleCleanup(dockerd.stop)
    SERVER["engine"] = dockerd.host
    # No --engine: the engine comes in through the API.
    SERVER["server"] = Server(SERVER["berth"], data=os.path.join(work, "data"), region=REGION)
    unittest.addModuleCleanup(SERVER["server"].stop)


def aws(*args, check=True):
    """`aws ecs ARGS` against the server: the parsed output, or (code, stderr)."""
    code, out, err = SERVER["server"].aws("ecs", *args, timeout=120)
    if not check:
        return code, err
    if code != 0:
        raise AssertionError(f"aws ecs {' '.join(args)} failed: {err}")
    return out or {}


def client(service="ecs"):
    """botocore in this process: the polls and the plain calls, without a CLI start each."""
    if service not in SERVER.setdefault("clients", {}):
        SERVER["clients"][service] = SERVER["server"].client(service)
    return SERVER["clients"][service]


def docker(*args):
    return subprocess.run(["docker", "-H", SERVER["engine"], *args], capture_output=True,
                          text=True, timeout=60)


def register_engine(cluster):
    """The documented command (docs/controlplane.md, Container instances)."""
    return aws("register-container-instance", "--cluster", cluster, "--attributes",
               f"name=berth.engine,value={SERVER['engine']}")["containerInstance"]


def wait_for(what, probe, timeout=60):
    return cp_wait.wait_for(what, probe, timeout, log=SERVER["server"].log)


def describe_task(cluster, arn):
    return client().describe_tasks(cluster=cluster, tasks=[arn])["tasks"][0]


def running_task(cluster, arn):
    return wait_for(f"task {arn} RUNNING",
                    lambda: (lambda t: t if t["lastStatus"] == "RUNNING" else None)(
                        describe_task(cluster, arn)))


def attribute(instance, name):
    return {a["name"]: a.get("value") for a in instance["attributes"]}.get(name)


def sleeper(family, extra=None):
    container = {"name": "app", "image": IMAGE, "memory": 32, "essential": True,
                 "command": ["sleep", "600"], "stopTimeout": 1,
                 "linuxParameters": {"initProcessEnabled": True}}
    container.update(extra or {})
    return client().register_task_definition(
        family=family, containerDefinitions=[container])["taskDefinition"]["taskDefinitionArn"]


class Registration(unittest.TestCase):
    def test_register_place_restart_and_deregister(self):
        ecs = client()
        ecs.create_cluster(clusterName="reg")
        ecs.create_cluster(clusterName="other")
        code, err = aws("register-container-instance", "--cluster", "reg", check=False)
        self.assertNotEqual(code, 0)
        self.assertIn("InvalidParameterException", err)
        self.assertIn("berth.engine", err)
        code, err = aws("register-container-instance", "--cluster", "reg", "--attributes",
                        "name=berth.engine,value=unix:///nonexistent/docker.sock", check=False)
        self.assertIn("cannot reach the Docker engine", err)

        instance = register_engine("reg")
        arn = instance["containerInstanceArn"]
        self.assertEqual(instance["status"], "ACTIVE")
        self.assertTrue(instance["agentConnected"])
        self.assertEqual(attribute(instance, "berth.engine"), SERVER["engine"])
        # The fixture's engine runs with --bridge=none.
        self.assertEqual(attribute(instance, "berth.bridge"), "false")
        cpu = {r["name"]: r.get("integerValue") for r in instance["registeredResources"]}["CPU"]
        self.assertGreaterEqual(cpu, 1024)
        self.assertEqual(ecs.list_container_instances(cluster="reg")["containerInstanceArns"],
                         [arn])
        # Registered into one cluster, it is no instance of another.
        self.assertEqual(ecs.list_container_instances(cluster="other")["containerInstanceArns"],
                         [])
        sleeper("reg-sleep")
        out = ecs.run_task(cluster="other", taskDefinition="reg-sleep")
        self.assertEqual(out["tasks"], [])
        self.assertIn("No Container Instances", out["failures"][0]["reason"])

        ecs.create_service(cluster="reg", serviceName="svc", taskDefinition="reg-sleep",
                           desiredCount=1)
        first = wait_for("the service's task", lambda: ecs.list_tasks(
            cluster="reg", serviceName="svc")["taskArns"])[0]
        task = running_task("reg", first)
        self.assertEqual(task["containerInstanceArn"], arn)

        # The registration is in the store: after kill -9 and a restart without --engine the
        # instance is there, its task is the same one, and new tasks go to it.
        SERVER["server"].restart(kill=True, same_port=True)
        instance = ecs.describe_container_instances(
            cluster="reg", containerInstances=[arn])["containerInstances"][0]
        self.assertEqual(instance["status"], "ACTIVE")
        run = ecs.run_task(cluster="reg", taskDefinition="reg-sleep")
        self.assertEqual(run["tasks"][0]["containerInstanceArn"], arn)
        running_task("reg", run["tasks"][0]["taskArn"])
        self.assertEqual(ecs.list_tasks(cluster="reg", serviceName="svc")["taskArns"], [first])
        self.assertTrue(wait_for("agentConnected", lambda: ecs.describe_container_instances(
            cluster="reg", containerInstances=[arn])["containerInstances"][0]["agentConnected"]))

        # ECS: refused while tasks run; with --force they are orphaned (left running, no longer
        # accounted for) and the service cannot place its replacement anywhere.
        code, err = aws("deregister-container-instance", "--cluster", "reg",
                        "--container-instance", arn, check=False)
        self.assertIn("InvalidParameterException", err)
        self.assertIn("Found running tasks on the instance.", err)
        gone = aws("deregister-container-instance", "--cluster", "reg", "--container-instance",
                   arn, "--force")["containerInstance"]
        self.assertEqual(gone["status"], "INACTIVE")
        self.assertFalse(gone["agentConnected"])
        self.assertEqual(ecs.list_container_instances(cluster="reg")["containerInstanceArns"], [])
        self.assertEqual(ecs.describe_container_instances(
            cluster="reg", containerInstances=[arn])["containerInstances"][0]["status"],
            "INACTIVE")
        stopped = describe_task("reg", first)
        self.assertEqual(stopped["lastStatus"], "STOPPED")
        self.assertIn("orphaned", stopped["stoppedReason"])

        def unplaced():
            events = ecs.describe_services(cluster="reg", services=["svc"])["services"][0]["events"]
            return any("unable to place a task" in e["message"] for e in events)
        wait_for("the service's placement event", unplaced)
        # The orphans still run on the engine, a few ticks later too.
        time.sleep(2)
        orphans = docker("ps", "-q", "--filter", "label=io.berth.cp.cluster=reg").stdout.split()
        self.assertEqual(len(orphans), 2)
        docker("rm", "-f", *orphans)
        ecs.delete_service(cluster="reg", service="svc", force=True)


class StartTimeout(unittest.TestCase):
    def test_a_dependency_that_outlasts_its_start_timeout_stops_the_task(self):
        ecs = client()
        ecs.create_cluster(clusterName="deps")
        arn = register_engine("deps")["containerInstanceArn"]
        # init never exits: app, waiting for its SUCCESS, gives up 3 s after init started.
        init = {"name": "init", "image": IMAGE, "memory": 16, "essential": False,
                "command": ["sleep", "600"], "startTimeout": 3, "stopTimeout": 1,
                "linuxParameters": {"initProcessEnabled": True}}
        app = {"name": "app", "image": IMAGE, "memory": 16, "essential": True,
               "command": ["sleep", "600"], "stopTimeout": 1,
               "dependsOn": [{"containerName": "init", "condition": "SUCCESS"}]}
        ecs.register_task_definition(family="deps", containerDefinitions=[init, app])
        task = ecs.run_task(cluster="deps", taskDefinition="deps")["tasks"][0]
        started = time.time()
        stopped = wait_for("the task to stop", lambda: (lambda t: t if t["lastStatus"] ==
                                                        "STOPPED" else None)(
            describe_task("deps", task["taskArn"])))
        self.assertGreaterEqual(time.time() - started, 3)
        self.assertEqual(stopped["stopCode"], "TaskFailedToStart")
        self.assertEqual(stopped["stoppedReason"],
                         "dependency graph: container ordering dependency [init] for target "
                         "[app] has timed out.")
        containers = {c["name"]: c for c in stopped["containers"]}
        self.assertNotIn("exitCode", containers["app"])  # never started
        # Nothing runs on it now: deregistered without --force.
        gone = aws("deregister-container-instance", "--cluster", "deps",
                   "--container-instance", arn)["containerInstance"]
        self.assertEqual(gone["status"], "INACTIVE")


class Bridge(unittest.TestCase):
    def test_a_bridge_task_on_an_engine_without_a_bridge_runs_on_the_host_network(self):
        ecs = client()
        ecs.create_cluster(clusterName="net")
        instance = register_engine("net")
        self.assertEqual(attribute(instance, "berth.bridge"), "false")
        ecs.register_task_definition(family="net", networkMode="bridge", containerDefinitions=[{
            "name": "app", "image": IMAGE, "memory": 16, "essential": True, "stopTimeout": 1,
            "command": ["sh", "-c", "echo up > /tmp/index.html; echo serving; "
                        "exec httpd -f -p 127.0.0.1:$BERTH_PORT -h /tmp"],
            "portMappings": [{"containerPort": 80, "hostPort": 0}],
            "linuxParameters": {"initProcessEnabled": True},
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": "/ecs/net", "awslogs-region": REGION,
                "awslogs-stream-prefix": "net"}}}])
        logs = client("logs")
        logs.create_log_group(logGroupName="/ecs/net")
        arn = ecs.run_task(cluster="net", taskDefinition="net")["tasks"][0]["taskArn"]
        task = running_task("net", arn)
        binding = task["containers"][0]["networkBindings"][0]
        self.assertEqual(binding["containerPort"], 80)
        # The engine has no bridge (its mappings would be dropped): the host network, with the
        # free host port handed in BERTH_PORT, as for a task of any other network mode.
        inspected = json.loads(docker("inspect", task["containers"][0]["runtimeId"]).stdout)[0]
        self.assertEqual(inspected["HostConfig"]["NetworkMode"], "host")
        self.assertIn(f"BERTH_PORT={binding['hostPort']}", inspected["Config"]["Env"])
        body = wait_for("the task's httpd", lambda: fetch(binding["hostPort"]))
        self.assertEqual(body, "up\n")
        # The logs collector follows a registered engine too.
        stream = "net/app/" + arn.rsplit("/", 1)[1]

        def printed():
            try:
                return [e["message"] for e in logs.get_log_events(
                    logGroupName="/ecs/net", logStreamName=stream)["events"]]
            except logs.exceptions.ResourceNotFoundException:
                return None
        self.assertEqual(wait_for("the task's log line", printed), ["serving"])
        ecs.stop_task(cluster="net", task=arn)
        wait_for("the task to stop", lambda: describe_task("net", arn)["lastStatus"] == "STOPPED")
        aws("deregister-container-instance", "--cluster", "net", "--container-instance",
            instance["containerInstanceArn"])


def fetch(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=2) as answer:
            return answer.read().decode()
    except OSError:
        return None


if __name__ == "__main__":
    SERVER["berth"] = sys.argv[1]
    unittest.main(argv=[sys.argv[0], *sys.argv[2:]], verbosity=2)

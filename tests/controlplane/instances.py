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

import botocore.session

from cp_files import read, env_value

HERE = os.path.dirname(os.path.abspath(__file__))
DOCKERD_FIXTURE = os.path.join(HERE, "..", "docker", "dockerd_fixture.sh")
REGION = "us-east-1"
SERVER = {}
IMAGE = "berth-busybox:1"


def start_server():
    data = SERVER["data"]
    listen = SERVER.get("listen", "127.0.0.1:0")
    with open(os.path.join(data, "serve.log"), "a") as log:
        SERVER["process"] = subprocess.Popen(
            [SERVER["berth"], "serve", "--listen", listen, "--data", data], stdout=log,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.time() + 30
    while not read(os.path.join(data, "endpoint")):
        if time.time() > deadline or SERVER["process"].poll() is not None:
            raise RuntimeError("berth serve did not start: " + read(os.path.join(data, "serve.log")))
        time.sleep(0.05)
    SERVER["endpoint"] = read(os.path.join(data, "endpoint"))
    SERVER["listen"] = SERVER["endpoint"].removeprefix("http://")


def stop_server(kill=False):
    process = SERVER.get("process")
    if not process:
        return
    if kill:
        process.kill()
    else:
        process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def restart_server():
    """kill -9, then the same command (no --engine) on the same port and data."""
    stop_server(kill=True)
    os.remove(os.path.join(SERVER["data"], "endpoint"))
    start_server()


def setUpModule():
    work = tempfile.mkdtemp(prefix="berth-instances-")
    SERVER["work"] = work
    SERVER["engine_env"] = os.path.join(work, "engine.env")
    subprocess.run([DOCKERD_FIXTURE, "start", SERVER["engine_env"]], check=True)
    skip = env_value(SERVER["engine_env"], "SKIP")
    if skip:
        raise unittest.SkipTest(skip)
    SERVER["engine"] = env_value(SERVER["engine_env"], "DOCKER_HOST")
    SERVER["data"] = os.path.join(work, "data")
    os.makedirs(SERVER["data"])
    start_server()
    lines = subprocess.run([SERVER["berth"], "serve", "--data", SERVER["data"],
                            "--print-credentials"], capture_output=True, text=True,
                           check=True).stdout.split()
    creds = dict(line.split("=", 1) for line in lines)
    SERVER["key"], SERVER["secret"] = creds["AWS_ACCESS_KEY_ID"], creds["AWS_SECRET_ACCESS_KEY"]


def tearDownModule():
    stop_server()
    if SERVER.get("engine_env"):
        subprocess.run([DOCKERD_FIXTURE, "stop", SERVER["engine_env"]])
    shutil.rmtree(SERVER.get("work", "/nonexistent"), ignore_errors=True)


def cli_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_ACCESS_KEY_ID=SERVER["key"], AWS_SECRET_ACCESS_KEY=SERVER["secret"],
               AWS_DEFAULT_REGION=REGION, AWS_CONFIG_FILE="/dev/null",
               AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    return env


def aws(*args, check=True):
    """`aws ecs ARGS` against the server: the parsed output, or (code, stderr)."""
    done = subprocess.run(["aws", "ecs", *args, "--endpoint-url", SERVER["endpoint"],
                           "--output", "json"], capture_output=True, text=True, env=cli_env(),
                          timeout=120)
    if not check:
        return done.returncode, done.stderr
    if done.returncode != 0:
        raise AssertionError(f"aws ecs {' '.join(args)} failed: {done.stderr}")
    return json.loads(done.stdout) if done.stdout.strip() else {}


def client():
    """botocore in this process: the polls and the plain calls, without a CLI start each."""
    if "client" not in SERVER:
        SERVER["client"] = botocore.session.get_session().create_client(
            "ecs", region_name=REGION, endpoint_url=SERVER["endpoint"],
            aws_access_key_id=SERVER["key"], aws_secret_access_key=SERVER["secret"])
    return SERVER["client"]


def docker(*args):
    return subprocess.run(["docker", "-H", SERVER["engine"], *args], capture_output=True,
                          text=True, timeout=60)


def register_engine(cluster):
    """The documented command (docs/controlplane.md, Container instances)."""
    return aws("register-container-instance", "--cluster", cluster, "--attributes",
               f"name=berth.engine,value={SERVER['engine']}")["containerInstance"]


def wait_for(what, probe, timeout=60):
    """Calls probe() until it returns something true; that value."""
    deadline = time.time() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.time() > deadline:
            log = read(os.path.join(SERVER["data"], "serve.log"))
            raise AssertionError(f"timed out waiting for {what}; the server's log ends:\n" +
                                 "\n".join(log.splitlines()[-20:]))
        time.sleep(0.3)


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
        restart_server()
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
        self.assertEqual(ecs.list_container_instances(cluster="reg", status="INACTIVE")
                         ["containerInstanceArns"], [arn])
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
            "command": ["sh", "-c", "echo up > /tmp/index.html; "
                        "exec httpd -f -p 127.0.0.1:$BERTH_PORT -h /tmp"],
            "portMappings": [{"containerPort": 80, "hostPort": 0}],
            "linuxParameters": {"initProcessEnabled": True}}])
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

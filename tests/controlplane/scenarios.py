#!/usr/bin/env python3
"""The control plane's scenarios (issue 13), against the fixture's `berth serve` and its two
private Docker engines: the AWS CLI drives the service, botocore samples it every 100 ms, and
the engines are asked directly what runs. Usage: scenarios.py ENVFILE TestCase.test_name"""

import json
import os
import subprocess
import sys
import threading
import time
import unittest
import urllib.request

import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from cp_cli import aws_program

ENV = {}


def load_env(path):
    with open(path) as f:
        for line in f:
            key, _, value = line.strip().partition("=")
            if key:
                ENV[key] = value


def cli_env():
    env = dict(os.environ)
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
        env[key] = ENV[key]
    env.pop("AWS_PROFILE", None)
    env["AWS_CONFIG_FILE"] = "/dev/null"
    env["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
    return env


def aws(*args, check=True):
    """Runs `aws ecs ARGS` against the server; the parsed output, or (code, stderr)."""
    cmd = [aws_program(), "ecs", *args, "--endpoint-url", ENV["BERTH_CP_ENDPOINT"], "--output", "json"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=cli_env(), timeout=900)
    if not check:
        return done.returncode, done.stderr
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return json.loads(done.stdout) if done.stdout.strip() else {}


def client():
    session = botocore.session.get_session()
    return session.create_client(
        "ecs", region_name=ENV["AWS_DEFAULT_REGION"], endpoint_url=ENV["BERTH_CP_ENDPOINT"],
        aws_access_key_id=ENV["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=ENV["AWS_SECRET_ACCESS_KEY"])


def docker_ps(engine, service):
    """Ids of the running containers of `service` on one engine."""
    out = subprocess.run(
        ["docker", "-H", engine, "ps", "-q", "--filter", f"label=io.berth.cp.service={service}"],
        capture_output=True, text=True)
    return [line for line in out.stdout.split() if line]


# Each check is a `docker exec`: 0.1 CPU s of the engine's and the container's (4 containers
# checked every second for 20 s: 8.0 CPU s), and the scenarios keep 4 to 8 containers up for
# minutes. Every 2 s instead of every second: half that, a second more for a task to be healthy.
HEALTH_INTERVAL = 2


def register(family, image="berth-busybox:1", command=None, health=True):
    container = {
        "name": "app", "image": image, "memory": 32, "essential": True,
        "command": command or ["sh", "-c", "exec httpd -f -p 127.0.0.1:$BERTH_PORT -h /www"],
        "portMappings": [{"containerPort": 8080}],
        "stopTimeout": 2,
        # An init as PID 1 passes SIGTERM on: httpd stops at once instead of after stopTimeout.
        "linuxParameters": {"initProcessEnabled": True},
    }
    if health:
        # Docker runs the check every HEALTH_INTERVAL s: healthy after the first success, and
        # patient with a loaded machine (3 failures of 10 s each before it is unhealthy).
        container["healthCheck"] = {"command": ["CMD-SHELL", "true"],
                                    "interval": HEALTH_INTERVAL, "timeout": 10, "retries": 3}
    out = aws("register-task-definition", "--family", family, "--container-definitions",
              json.dumps([container]))
    return out["taskDefinition"]["taskDefinitionArn"]


def remove_service(cluster, service):
    """Deletes a scenario's service and waits for its containers to go: a service left running
    keeps its health checks (a `docker exec` each second per container) busy for the rest of the
    test run, on a machine other tests share."""
    aws("delete-service", "--cluster", cluster, "--service", service, "--force", check=False)
    deadline = time.time() + 60
    engines = [ENV[k] for k in ("BERTH_CP_ENGINE1", "BERTH_CP_ENGINE2")]
    while time.time() < deadline:
        running = []
        for engine in engines:
            running += docker_ps(engine, service)
        if not running:
            return
        time.sleep(0.5)


def service_tasks(ecs, cluster, service, desired="RUNNING"):
    arns = ecs.list_tasks(cluster=cluster, serviceName=service, desiredStatus=desired)["taskArns"]
    tasks = []
    for i in range(0, len(arns), 100):
        tasks += ecs.describe_tasks(cluster=cluster, tasks=arns[i:i + 100])["tasks"]
    return tasks


class Sampler:
    """Samples a service's tasks every 100 ms on a thread: the fewest healthy and the most
    running or pending seen."""

    def __init__(self, cluster, service):
        self.cluster, self.service = cluster, service
        self.min_healthy, self.max_total, self.samples = 10**9, 0, 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run)

    def run(self):
        ecs = client()
        while not self.stop.is_set():
            tasks = service_tasks(ecs, self.cluster, self.service)
            healthy = sum(1 for t in tasks
                          if t["lastStatus"] == "RUNNING" and t.get("healthStatus") == "HEALTHY")
            self.min_healthy = min(self.min_healthy, healthy)
            self.max_total = max(self.max_total, len(tasks))
            self.samples += 1
            time.sleep(0.1)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def wait_stable(cluster, service, cli=False):
    """Waits with the services-stable waiter of botocore's ECS model (one deployment,
    runningCount == desiredCount), polling every half second instead of the model's 15 s (most
    of the scenarios' time went to that delay). With cli=True: `aws ecs wait services-stable`
    itself, as a user types it."""
    if cli:
        aws("wait", "services-stable", "--cluster", cluster, "--services", service)
        return
    client().get_waiter("services_stable").wait(
        cluster=cluster, services=[service], WaiterConfig={"Delay": 0.5, "MaxAttempts": 1200})


def describe(cluster, service):
    return aws("describe-services", "--cluster", cluster, "--services", service)["services"][0]


def restart_server():
    """kill -9 of `berth serve`, then the same command again on the same port."""
    data = ENV["BERTH_CP_DATA"]
    with open(f"{data}/serve.pid") as f:
        pid = int(f.read())
    os.kill(pid, 9)
    while True:
        try:
            os.kill(pid, 0)
            time.sleep(0.05)
        except ProcessLookupError:
            break
    listen = ENV["BERTH_CP_ENDPOINT"].removeprefix("http://")
    with open(f"{data}/serve.log", "a") as log:
        proc = subprocess.Popen(
            [ENV["BERTH_BINARY"], "serve", "--listen", listen, "--lb-ports", "auto", "--data",
             data, "--engine", ENV["BERTH_CP_ENGINE1"], "--engine", ENV["BERTH_CP_ENGINE2"]],
            stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
    with open(f"{data}/serve.pid", "w") as f:
        f.write(str(proc.pid))
    for _ in range(100):
        try:
            aws("list-clusters")
            return
        except AssertionError:
            time.sleep(0.1)
    raise AssertionError("berth serve did not come back")


class Api(unittest.TestCase):
    def test_errors_as_botocore_parses_them(self):
        code, err = aws("describe-services", "--cluster", "nope", "--services", "x", check=False)
        self.assertNotEqual(code, 0)
        self.assertIn("ClusterNotFoundException", err)
        aws("create-cluster", "--cluster-name", "api")
        code, err = aws("update-service", "--cluster", "api", "--service", "ghost",
                        "--desired-count", "1", check=False)
        self.assertIn("ServiceNotFoundException", err)
        td = register("api-web")
        self.assertTrue(td.endswith(":task-definition/api-web:1"))
        self.assertTrue(register("api-web").endswith(":2"))
        out = aws("describe-task-definition", "--task-definition", "api-web")
        self.assertEqual(out["taskDefinition"]["revision"], 2)
        out = aws("describe-services", "--cluster", "api", "--services", "ghost")
        self.assertEqual(out["failures"][0]["reason"], "MISSING")
        instances = aws("list-container-instances", "--cluster", "api")["containerInstanceArns"]
        self.assertEqual(len(instances), 2)
        described = aws("describe-container-instances", "--cluster", "api",
                        "--container-instances", *instances)["containerInstances"]
        self.assertTrue(all(i["agentConnected"] for i in described))
        self.assertTrue(all(i["registeredResources"][1]["integerValue"] > 0 for i in described))

    def test_signature_checks(self):
        endpoint = ENV["BERTH_CP_ENDPOINT"]

        def send(key, secret, skew=0.0):
            request = AWSRequest(method="POST", url=endpoint + "/", data=b"{}", headers={
                "Content-Type": "application/x-amz-json-1.1",
                "X-Amz-Target": "AmazonEC2ContainerServiceV20141113.ListClusters"})
            auth = SigV4Auth(Credentials(key, secret), "ecs", "us-east-1")
            if skew:
                # botocore signs with auth.get_current_datetime(): shift it for this request.
                import botocore.auth as ba
                import datetime as dt
                original = ba.get_current_datetime
                ba.get_current_datetime = lambda: original() + dt.timedelta(seconds=skew)
                try:
                    auth.add_auth(request)
                finally:
                    ba.get_current_datetime = original
            else:
                auth.add_auth(request)
            prepared = request.prepare()
            req = urllib.request.Request(endpoint + "/", data=b"{}", method="POST",
                                         headers=dict(prepared.headers))
            try:
                with urllib.request.urlopen(req) as response:
                    return response.status, json.loads(response.read() or b"{}")
            except urllib.error.HTTPError as e:
                return e.code, json.loads(e.read())

        key, secret = ENV["AWS_ACCESS_KEY_ID"], ENV["AWS_SECRET_ACCESS_KEY"]
        self.assertEqual(send(key, secret)[0], 200)
        status, body = send(key, secret[:-1] + ("x" if secret[-1] != "x" else "y"))
        self.assertEqual((status, body["__type"]), (403, "InvalidSignatureException"))
        status, body = send("AKIAUNKNOWNKEY000000", secret)
        self.assertEqual((status, body["__type"]), (403, "UnrecognizedClientException"))
        status, body = send(key, secret, skew=-400)
        self.assertEqual((status, body["__type"]), (403, "InvalidSignatureException"))
        self.assertIn("expired", body["message"].lower())
        # No signature at all.
        try:
            urllib.request.urlopen(urllib.request.Request(endpoint + "/", data=b"{}",
                                                          method="POST"))
            self.fail("an unsigned request was answered")
        except urllib.error.HTTPError as e:
            self.assertEqual(e.code, 403)
            self.assertEqual(json.loads(e.read())["__type"], "MissingAuthenticationTokenException")


    def test_run_and_stop_task(self):
        aws("create-cluster", "--cluster-name", "run")
        td = register("oneoff", health=False)
        out = aws("run-task", "--cluster", "run", "--task-definition", td, "--count", "2",
                  "--started-by", "me")
        self.assertEqual(len(out["tasks"]), 2)
        self.assertEqual(out["failures"], [])
        arns = [t["taskArn"] for t in out["tasks"]]
        deadline = time.time() + 60
        while time.time() < deadline:
            tasks = aws("describe-tasks", "--cluster", "run", "--tasks", *arns)["tasks"]
            if all(t["lastStatus"] == "RUNNING" for t in tasks):
                break
            time.sleep(0.5)
        self.assertEqual([t["lastStatus"] for t in tasks], ["RUNNING", "RUNNING"])
        listed = aws("list-tasks", "--cluster", "run", "--started-by", "me")["taskArns"]
        self.assertEqual(sorted(listed), sorted(arns))
        aws("stop-task", "--cluster", "run", "--task", arns[0], "--reason", "done here")
        client().get_waiter("tasks_stopped").wait(
            cluster="run", tasks=[arns[0]], WaiterConfig={"Delay": 0.5, "MaxAttempts": 240})
        task = aws("describe-tasks", "--cluster", "run", "--tasks", arns[0])["tasks"][0]
        self.assertEqual((task["stoppedReason"], task["stopCode"]), ("done here", "UserInitiated"))
        aws("stop-task", "--cluster", "run", "--task", arns[1])
        code, err = aws("run-task", "--cluster", "run", "--task-definition", "nothing",
                        check=False)
        self.assertIn("InvalidParameterException", err)


    def test_depends_on_conditions(self):
        """dependsOn as the ECS agent resolves it: app starts once init has exited 0 (SUCCESS)
        and db is healthy (HEALTHY); an init that exits 1 fails its task before RUNNING."""
        aws("create-cluster", "--cluster-name", "deps")

        def container(name, command, **extra):
            return dict({"name": name, "image": "berth-busybox:1", "memory": 16,
                         "command": ["sh", "-c", command], "stopTimeout": 2,
                         "linuxParameters": {"initProcessEnabled": True}}, **extra)

        def register_deps(family, init_exit):
            containers = [
                container("init", f"sleep 1; exit {init_exit}", essential=False),
                container("db", "sleep 1; touch /tmp/ready; exec sleep 1000",
                          healthCheck={"command": ["CMD-SHELL", "test -e /tmp/ready"],
                                       "interval": HEALTH_INTERVAL, "timeout": 10,
                                       "retries": 3}),
                container("app", "exec sleep 1000", dependsOn=[
                    {"containerName": "init", "condition": "SUCCESS"},
                    {"containerName": "db", "condition": "HEALTHY"}]),
            ]
            return aws("register-task-definition", "--family", family, "--container-definitions",
                       json.dumps(containers))["taskDefinition"]["taskDefinitionArn"]

        good = aws("run-task", "--cluster", "deps", "--task-definition",
                   register_deps("deps-ok", 0))["tasks"][0]["taskArn"]
        bad = aws("run-task", "--cluster", "deps", "--task-definition",
                  register_deps("deps-bad", 1))["tasks"][0]["taskArn"]
        deadline = time.time() + 120
        while time.time() < deadline:
            tasks = {t["taskArn"]: t for t in
                     aws("describe-tasks", "--cluster", "deps", "--tasks", good, bad)["tasks"]}
            if tasks[good]["lastStatus"] == "RUNNING" and tasks[bad]["lastStatus"] == "STOPPED":
                break
            time.sleep(0.5)
        ok, failed = tasks[good], tasks[bad]
        self.assertEqual(ok["lastStatus"], "RUNNING")
        by_name = {c["name"]: c for c in ok["containers"]}
        self.assertEqual((by_name["init"]["lastStatus"], by_name["init"].get("exitCode")),
                         ("STOPPED", 0))
        self.assertEqual(by_name["app"]["lastStatus"], "RUNNING")
        # The engine's own record: app started after init finished.
        states = {}
        for engine in (ENV["BERTH_CP_ENGINE1"], ENV["BERTH_CP_ENGINE2"]):
            for name in ("init", "app"):
                out = subprocess.run(["docker", "-H", engine, "inspect", "--format",
                                      "{{json .State}}", by_name[name]["runtimeId"]],
                                     capture_output=True, text=True)
                if out.returncode == 0:
                    states[name] = json.loads(out.stdout)
        self.assertLess(states["init"]["FinishedAt"], states["app"]["StartedAt"])
        self.assertEqual(failed["lastStatus"], "STOPPED")
        self.assertEqual(failed["stopCode"], "TaskFailedToStart")
        self.assertIn("[init] for target [app] as dependency did not exit successfully",
                      failed["stoppedReason"])
        aws("stop-task", "--cluster", "deps", "--task", good)
        client().get_waiter("tasks_stopped").wait(
            cluster="deps", tasks=[good], WaiterConfig={"Delay": 0.5, "MaxAttempts": 240})

    def test_unplaceable_task_is_an_event(self):
        aws("create-cluster", "--cluster-name", "huge")
        container = {"name": "app", "image": "berth-busybox:1", "memory": 100000000,
                     "command": ["sleep", "1000"]}
        td = aws("register-task-definition", "--family", "huge", "--container-definitions",
                 json.dumps([container]))["taskDefinition"]["taskDefinitionArn"]
        aws("create-service", "--cluster", "huge", "--service-name", "huge", "--task-definition",
            td, "--desired-count", "1")
        deadline = time.time() + 60
        while time.time() < deadline:
            events = [e["message"] for e in describe("huge", "huge")["events"]]
            if events:
                break
            time.sleep(1)
        self.assertEqual(events[0], "(service huge) was unable to place a task because no "
                         "container instance met all of its requirements. Reason: RESOURCE:MEMORY")
        self.assertEqual(describe("huge", "huge")["runningCount"], 0)
        out = aws("run-task", "--cluster", "huge", "--task-definition", td)
        self.assertEqual(out["failures"][0]["reason"], "RESOURCE:MEMORY")
        aws("delete-service", "--cluster", "huge", "--service", "huge", "--force")


class Services(unittest.TestCase):
    def make_service(self, cluster, name, count=4, min_pct=100, max_pct=200, breaker=False,
                     td=None, strategy=None, cli_wait=False):
        aws("create-cluster", "--cluster-name", cluster)
        td = td or register(name)
        config = {"minimumHealthyPercent": min_pct, "maximumPercent": max_pct,
                  "deploymentCircuitBreaker": {"enable": breaker, "rollback": breaker}}
        args = ["create-service", "--cluster", cluster, "--service-name", name,
                "--task-definition", td, "--desired-count", str(count),
                "--deployment-configuration", json.dumps(config)]
        if strategy:
            args += ["--placement-strategy", json.dumps(strategy)]
        aws(*args)
        self.addCleanup(remove_service, cluster, name)
        wait_stable(cluster, name, cli=cli_wait)
        return td

    def test_rolling_update_100_200(self):
        # The AWS CLI's own waiter works against the control plane (issue 13).
        self.make_service("roll", "web", cli_wait=True)
        td2 = register("web", image="berth-busybox:2")
        with Sampler("roll", "web") as sampler:
            time.sleep(0.5)
            aws("update-service", "--cluster", "roll", "--service", "web", "--task-definition", td2)
            wait_stable("roll", "web")
        print(f"100/200: {sampler.samples} samples, fewest healthy {sampler.min_healthy}, "
              f"most tasks {sampler.max_total}")
        self.assertGreater(sampler.samples, 10)
        self.assertGreaterEqual(sampler.min_healthy, 4)
        self.assertLessEqual(sampler.max_total, 8)
        tasks = service_tasks(client(), "roll", "web")
        self.assertEqual([t["taskDefinitionArn"] for t in tasks], [td2] * 4)
        service = describe("roll", "web")
        self.assertEqual(len(service["deployments"]), 1)
        self.assertEqual(service["deployments"][0]["rolloutState"], "COMPLETED")
        messages = [e["message"] for e in service["events"]]
        self.assertIn("(service web) has reached a steady state.", messages)
        self.assertTrue(any("deployment completed" in m for m in messages))
        running = len(docker_ps(ENV["BERTH_CP_ENGINE1"], "web")) + \
            len(docker_ps(ENV["BERTH_CP_ENGINE2"], "web"))
        self.assertEqual(running, 4)

    def test_rolling_update_50_100(self):
        self.make_service("half", "half", min_pct=50, max_pct=100)
        td2 = register("half", image="berth-busybox:2")
        with Sampler("half", "half") as sampler:
            aws("update-service", "--cluster", "half", "--service", "half",
                "--task-definition", td2)
            wait_stable("half", "half")
        print(f"50/100: {sampler.samples} samples, fewest healthy {sampler.min_healthy}, "
              f"most tasks {sampler.max_total}")
        self.assertGreaterEqual(sampler.min_healthy, 2)
        self.assertLessEqual(sampler.max_total, 4)
        tasks = service_tasks(client(), "half", "half")
        self.assertEqual([t["taskDefinitionArn"] for t in tasks], [td2] * 4)

    def test_circuit_breaker_rolls_back(self):
        good = self.make_service("breaker", "brk", breaker=True)
        bad = register("brk", command=["sh", "-c", "exit 3"])
        aws("update-service", "--cluster", "breaker", "--service", "brk", "--task-definition", bad)
        deadline = time.time() + 120
        while time.time() < deadline:
            service = describe("breaker", "brk")
            # The failed deployment leaves the list once drained: its event stays.
            if any("deployment failed" in e["message"] for e in service["events"]):
                break
            time.sleep(1)
        wait_stable("breaker", "brk")
        service = describe("breaker", "brk")
        self.assertEqual(service["taskDefinition"], good)
        self.assertEqual(service["runningCount"], 4)
        messages = [e["message"] for e in service["events"]]
        self.assertTrue(any("deployment failed: tasks failed to start" in m for m in messages),
                        messages)
        self.assertTrue(any("rolling back to" in m for m in messages), messages)
        stopped = service_tasks(client(), "breaker", "brk", desired="STOPPED")
        failed = [t for t in stopped if t["taskDefinitionArn"] == bad]
        self.assertGreaterEqual(len(failed), 3)
        self.assertEqual(failed[0]["stopCode"], "EssentialContainerExited")
        self.assertEqual(failed[0]["containers"][0]["exitCode"], 3)

    def test_killed_container_is_replaced(self):
        self.make_service("kill", "victim", count=2)
        tasks = service_tasks(client(), "kill", "victim")
        victim = tasks[0]
        engine = next(e for e in (ENV["BERTH_CP_ENGINE1"], ENV["BERTH_CP_ENGINE2"])
                      if victim["containers"][0]["runtimeId"][:12] in
                      [c[:12] for c in docker_ps(e, "victim")])
        subprocess.run(["docker", "-H", engine, "kill", victim["containers"][0]["runtimeId"]],
                       check=True, capture_output=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            arns = [t["taskArn"] for t in service_tasks(client(), "kill", "victim")]
            if victim["taskArn"] not in arns and len(arns) == 2:
                break
            time.sleep(0.5)
        wait_stable("kill", "victim")
        old = client().describe_tasks(cluster="kill", tasks=[victim["taskArn"]])["tasks"][0]
        self.assertEqual(old["lastStatus"], "STOPPED")
        self.assertEqual(old["stoppedReason"], "Essential container in task exited")
        self.assertEqual(describe("kill", "victim")["runningCount"], 2)

    def test_spread_over_engines(self):
        self.make_service("spread", "spread", strategy=[{"type": "spread",
                                                          "field": "instanceId"}])
        tasks = service_tasks(client(), "spread", "spread")
        by_instance = {}
        for t in tasks:
            by_instance[t["containerInstanceArn"]] = by_instance.get(t["containerInstanceArn"], 0) + 1
        self.assertEqual(sorted(by_instance.values()), [2, 2])
        self.assertEqual(len(docker_ps(ENV["BERTH_CP_ENGINE1"], "spread")), 2)
        self.assertEqual(len(docker_ps(ENV["BERTH_CP_ENGINE2"], "spread")), 2)
        port = tasks[0]["containers"][0]["networkBindings"][0]["hostPort"]
        self.assertEqual(tasks[0]["containers"][0]["networkBindings"][0]["containerPort"], 8080)
        # The task's httpd listens on the host port the binding names.
        try:
            status = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).status
        except urllib.error.HTTPError as e:
            status = e.code  # no index.html in /www: an HTTP answer all the same
        self.assertIn(status, (200, 403, 404))

    def test_kill9_during_rollout(self):
        self.make_service("crash", "crash")
        td2 = register("crash", image="berth-busybox:2")
        aws("update-service", "--cluster", "crash", "--service", "crash", "--task-definition", td2)
        # Mid-rollout: new tasks decided and starting, old ones still up.
        deadline = time.time() + 30
        while time.time() < deadline:
            if len(service_tasks(client(), "crash", "crash")) > 4:
                break
            time.sleep(0.1)
        restart_server()
        wait_stable("crash", "crash")
        tasks = service_tasks(client(), "crash", "crash")
        self.assertEqual([t["taskDefinitionArn"] for t in tasks], [td2] * 4)
        running = docker_ps(ENV["BERTH_CP_ENGINE1"], "crash") + \
            docker_ps(ENV["BERTH_CP_ENGINE2"], "crash")
        self.assertEqual(len(running), 4, "a duplicate container runs")
        # Nothing left over: every container of the service belongs to a task the API shows.
        ids = {t["containers"][0]["runtimeId"][:12] for t in tasks}
        self.assertEqual({r[:12] for r in running}, ids)


class BerthBackend(unittest.TestCase):
    """`berth apply --backend controlplane`: the aws-api backend's client pointed at this
    server, with the endpoint and key pair read from its data directory."""

    def berth(self, *args, check=0):
        env = dict(os.environ)
        env["BERTH_CONTROLPLANE_DATA"] = ENV["BERTH_CP_DATA"]
        for key in list(env):
            if key.startswith("AWS_"):
                del env[key]  # nothing of the machine's AWS configuration may matter
        done = subprocess.run([ENV["BERTH_BINARY"], *args], capture_output=True, text=True,
                              env=env, timeout=600)
        if check is not None:
            self.assertEqual(done.returncode, check,
                             f"berth {' '.join(args)}:\n{done.stdout}\n{done.stderr}")
        return done

    def test_local_docker_example_applies_plans_clean_and_destroys(self):
        import shutil
        import tempfile
        work = tempfile.mkdtemp(prefix="berth-cp-stack-")
        self.addCleanup(shutil.rmtree, work, True)
        stack = os.path.join(work, "local_docker")
        source = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "local_docker")
        shutil.copytree(source, stack)
        main = os.path.join(stack, "main.berth")
        with open(main) as f:
            text = f.read()
        self.assertIn('backend "docker" {}', text)
        with open(main, "w") as f:
            f.write(text.replace('backend "docker" {}', 'backend "controlplane" {}'))
        self.addCleanup(remove_service, "local", "web")
        self.addCleanup(remove_service, "local", "worker")

        applied = self.berth("apply", stack, "--auto-approve")
        self.assertIn("Apply complete", applied.stdout)
        wait_stable("local", "web")
        wait_stable("local", "worker")
        ecs = client()
        web = ecs.describe_services(cluster="local", services=["web"])["services"][0]
        self.assertEqual((web["desiredCount"], web["runningCount"]), (2, 2))
        # Each replica's httpd answers on the port the control plane gave it.
        for task in service_tasks(ecs, "local", "web"):
            port = task["containers"][0]["networkBindings"][0]["hostPort"]
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=5) as r:
                self.assertEqual(r.read().decode().strip(), "hello")

        # Read back from the control plane: nothing to change.
        plan = self.berth("plan", stack, "--detailed-exitcode")
        self.assertIn("No changes", plan.stdout)

        # A new image and greeting: the plan says exactly that (new task revisions), apply
        # rolls the services onto them.
        plan = self.berth("plan", stack, "--var", "image_tag=2", "--var", "greeting=bye",
                          "--detailed-exitcode", check=2)
        self.assertIn('image        = "berth-busybox:1" -> "berth-busybox:2"', plan.stdout)
        self.assertIn('env.GREETING = "hello" -> "bye"', plan.stdout)
        self.assertIn("Plan: 0 to add, 0 to change, 2 to replace, 0 to destroy.", plan.stdout)
        # `apply --wait` returns once each service is stable (services-stable's condition),
        # printing what ECS says while the rollout runs: nothing left to wait for after it.
        rolled = self.berth("apply", stack, "--auto-approve", "--wait", "--var", "image_tag=2",
                            "--var", "greeting=bye")
        self.assertIn("service.web: waiting for service web: status ACTIVE", rolled.stdout)
        for name in ("web", "worker"):
            service = ecs.describe_services(cluster="local", services=[name])["services"][0]
            self.assertEqual(len(service["deployments"]), 1, service["deployments"])
            self.assertEqual(service["runningCount"], service["desiredCount"], service)
        tasks = service_tasks(ecs, "local", "web")
        self.assertEqual({t["containers"][0]["image"] for t in tasks}, {"berth-busybox:2"})
        port = tasks[0]["containers"][0]["networkBindings"][0]["hostPort"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=5) as r:
            self.assertEqual(r.read().decode().strip(), "bye")
        plan = self.berth("plan", stack, "--var", "image_tag=2", "--var", "greeting=bye",
                          "--detailed-exitcode")
        self.assertIn("No changes", plan.stdout)

        self.berth("destroy", stack, "--auto-approve", "--var", "image_tag=2", "--var",
                   "greeting=bye")
        # Everything gone: the cluster (deleted once its services had drained) and every
        # container of the services on both engines.
        clusters = ecs.describe_clusters(clusters=["local"])
        self.assertEqual([c["status"] for c in clusters["clusters"] if c["status"] == "ACTIVE"],
                         [])
        for engine in (ENV["BERTH_CP_ENGINE1"], ENV["BERTH_CP_ENGINE2"]):
            self.assertEqual(docker_ps(engine, "web") + docker_ps(engine, "worker"), [])


class EngineLoss(unittest.TestCase):
    def test_stopped_engine_tasks_move(self):
        aws("create-cluster", "--cluster-name", "loss")
        td = register("loss")
        aws("create-service", "--cluster", "loss", "--service-name", "loss", "--task-definition",
            td, "--desired-count", "4")
        self.addCleanup(remove_service, "loss", "loss")
        wait_stable("loss", "loss")
        with open(os.path.join(ENV["BERTH_CP_ENGINE2_DIR"], "docker.pid")) as f:
            os.kill(int(f.read()), 15)
        deadline = time.time() + 120
        while time.time() < deadline:
            tasks = service_tasks(client(), "loss", "loss")
            if len(tasks) == 4 and all(t["lastStatus"] == "RUNNING" for t in tasks) and \
                    len({t["containerInstanceArn"] for t in tasks}) == 1:
                break
            time.sleep(1)
        self.assertEqual(len(docker_ps(ENV["BERTH_CP_ENGINE1"], "loss")), 4)
        instances = aws("list-container-instances", "--cluster", "loss")["containerInstanceArns"]
        described = aws("describe-container-instances", "--cluster", "loss",
                        "--container-instances", *instances)["containerInstances"]
        self.assertEqual(sorted(i["agentConnected"] for i in described), [False, True])


if __name__ == "__main__":
    load_env(sys.argv[1])
    if ENV.get("SKIP"):
        print(f"[  SKIPPED ] {ENV['SKIP']}")
        sys.exit(0)
    unittest.main(argv=[sys.argv[0], "-v", *sys.argv[2:]])

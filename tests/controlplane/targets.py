#!/usr/bin/env python3
"""Target groups in `berth serve` (issue 14): RegisterTargets / DeregisterTargets /
DescribeTargetHealth, the health checker, deregistration delay, and (with a Docker engine)
services registering their tasks, deployments waiting for target health, unhealthy targets
replaced and draining before stop. Each test case starts a server of its own, so ctest runs
them beside the serial controlplane fixture; the engine cases start a private dockerd
(tests/docker/dockerd_fixture.sh) and skip, saying why, where dockerd cannot run.

Usage: targets.py BERTH [TestCase[.test_name] ...]"""

import http.client
import http.server
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request

from botocore.exceptions import ClientError

from cp_files import copy_example, edit, read
from cp_server import PrivateEngine, Server
import cp_wait

BERTH = {}


def serve(engine=None, region="us-east-1", account="000000000000", lb_ports="auto"):
    """`berth serve` on a free loopback port with its own data dir (and engine, if given)."""
    args = ["--lb-ports", lb_ports] + (["--engine", engine] if engine else [])
    return Server(BERTH["path"], *args, region=region, account=account,
                  prefix="berth-cp-targets-")


class Handler(http.server.BaseHTTPRequestHandler):
    """/ answers 200, /created 201, /error 500, /slow after 4 s."""

    def do_GET(self):
        if self.path == "/slow":
            time.sleep(4)
        status = {"/created": 201, "/error": 500}.get(self.path, 200)
        body = b"ok\n"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except BrokenPipeError:
            pass  # a health check that timed out closed the connection

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout, what):
    return cp_wait.wait_for(what, predicate, timeout, every=0.5)


def load_balanced_group(elbv2, ec2, name, interval=5, healthy=2, unhealthy=2, timeout=2,
                        path="/", listener=True, delay=None):
    """A target group with fast health checks, forwarded to by a load balancer's listener."""
    group = elbv2.create_target_group(
        Name=name, Protocol="HTTP", Port=80, VpcId="vpc-1", HealthCheckPath=path,
        HealthCheckIntervalSeconds=interval, HealthCheckTimeoutSeconds=timeout,
        HealthyThresholdCount=healthy, UnhealthyThresholdCount=unhealthy,
    )["TargetGroups"][0]["TargetGroupArn"]
    if delay is not None:
        elbv2.modify_target_group_attributes(TargetGroupArn=group, Attributes=[
            {"Key": "deregistration_delay.timeout_seconds", "Value": str(delay)}])
    if listener:
        sg = ec2.create_security_group(GroupName=name, Description=name)["GroupId"]
        lb = elbv2.create_load_balancer(Name=name, Subnets=["subnet-a", "subnet-b"],
                                        SecurityGroups=[sg])["LoadBalancers"][0]
        elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Port=free_port(),
                              Protocol="HTTP",
                              DefaultActions=[{"Type": "forward", "TargetGroupArn": group}])
    return group


def health(elbv2, group, **kwargs):
    """{port: (State, Reason, Description)} of the group's targets."""
    out = {}
    for d in elbv2.describe_target_health(TargetGroupArn=group, **kwargs)[
            "TargetHealthDescriptions"]:
        h = d["TargetHealth"]
        out[d["Target"]["Port"]] = (h["State"], h.get("Reason"), h.get("Description"))
    return out


class TargetHealth(unittest.TestCase):
    """Engine-less: the targets are HTTP servers this test runs."""

    @classmethod
    def setUpClass(cls):
        cls.server = serve()
        cls.web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        cls.web_port = cls.web.server_address[1]
        threading.Thread(target=cls.web.serve_forever, daemon=True).start()
        cls.elbv2 = cls.server.client("elbv2")
        cls.ec2 = cls.server.client("ec2")

    @classmethod
    def tearDownClass(cls):
        cls.web.shutdown()
        cls.server.close()

    def test_registered_target_goes_healthy_by_the_cli(self):
        group = load_balanced_group(self.elbv2, self.ec2, "cli")
        code, _, err = self.server.aws("elbv2", "register-targets", "--target-group-arn", group,
                                       "--targets", "Id=127.0.0.1,Port=%d" % self.web_port)
        self.assertEqual(code, 0, err)
        started = time.time()
        # The waiter polls DescribeTargetHealth until every target is healthy.
        code, _, err = self.server.aws("elbv2", "wait", "target-in-service",
                                       "--target-group-arn", group)
        self.assertEqual(code, 0, err)
        # One passed check makes a new target healthy (ALB user guide).
        self.assertLess(time.time() - started, 20)
        code, out, err = self.server.aws("elbv2", "describe-target-health",
                                         "--target-group-arn", group)
        self.assertEqual(code, 0, err)
        self.assertEqual(out["TargetHealthDescriptions"], [{
            "Target": {"Id": "127.0.0.1", "Port": self.web_port},
            "HealthCheckPort": str(self.web_port),
            "TargetHealth": {"State": "healthy"}}])

    def test_unused_group_targets_are_not_checked(self):
        group = load_balanced_group(self.elbv2, self.ec2, "unused", listener=False)
        self.elbv2.register_targets(TargetGroupArn=group,
                                    Targets=[{"Id": "127.0.0.1", "Port": self.web_port}])
        time.sleep(2)
        self.assertEqual(health(self.elbv2, group), {self.web_port: (
            "unused", "Target.NotInUse",
            "Target group is not configured to receive traffic from the load balancer")})

    def test_failures_by_reason(self):
        dead = free_port()
        group = load_balanced_group(self.elbv2, self.ec2, "reasons", path="/error")
        self.elbv2.register_targets(TargetGroupArn=group, Targets=[
            {"Id": "127.0.0.1", "Port": self.web_port}, {"Id": "127.0.0.1", "Port": dead}])
        # Initial checks fail: `initial` until UnhealthyThresholdCount (2) failures.
        first = wait_for(lambda: health(self.elbv2, group).get(dead, (None,))[0] == "initial" and
                         health(self.elbv2, group)[dead][1] == "Elb.InitialHealthChecking",
                         10, "initial health checking")
        self.assertTrue(first)
        wait_for(lambda: all(h[0] == "unhealthy" for h in health(self.elbv2, group).values()),
                 20, "both unhealthy")
        self.assertEqual(health(self.elbv2, group), {
            self.web_port: ("unhealthy", "Target.ResponseCodeMismatch",
                            "Health checks failed with these codes: [500]"),
            dead: ("unhealthy", "Target.FailedHealthChecks", "Health checks failed")})
        # A slow answer is a timeout.
        self.elbv2.modify_target_group(TargetGroupArn=group, HealthCheckPath="/slow")
        wait_for(lambda: health(self.elbv2, group)[self.web_port][1] == "Target.Timeout", 20,
                 "a timeout")
        # HealthyThresholdCount (2) passes bring an unhealthy target back.
        self.elbv2.modify_target_group(TargetGroupArn=group, HealthCheckPath="/created",
                                       Matcher={"HttpCode": "200,201"})
        wait_for(lambda: health(self.elbv2, group)[self.web_port][0] == "healthy", 25,
                 "healthy again")
        self.assertEqual(health(self.elbv2, group)[dead][0], "unhealthy")

    def test_deregistration_delay_drains_then_forgets(self):
        group = load_balanced_group(self.elbv2, self.ec2, "drain", delay=4)
        target = {"Id": "127.0.0.1", "Port": self.web_port}
        self.elbv2.register_targets(TargetGroupArn=group, Targets=[target])
        wait_for(lambda: health(self.elbv2, group)[self.web_port][0] == "healthy", 15, "healthy")
        self.elbv2.deregister_targets(TargetGroupArn=group, Targets=[target])
        self.assertEqual(health(self.elbv2, group), {self.web_port: (
            "draining", "Target.DeregistrationInProgress",
            "Target deregistration is in progress")})
        started = time.time()
        code, _, err = self.server.aws("elbv2", "wait", "target-deregistered",
                                       "--target-group-arn", group, "--targets",
                                       "Id=127.0.0.1,Port=%d" % self.web_port)
        self.assertEqual(code, 0, err)
        self.assertGreater(time.time() - started, 1)
        self.assertEqual(health(self.elbv2, group), {})
        self.assertEqual(health(self.elbv2, group, Targets=[target]), {self.web_port: (
            "unused", "Target.NotRegistered", "Target is not registered to the target group")})

    def test_errors(self):
        group = load_balanced_group(self.elbv2, self.ec2, "errors", listener=False)
        missing = group.replace("/errors/", "/nothere/")
        for call, args in [(self.elbv2.register_targets, {"Targets": [{"Id": "127.0.0.1"}]}),
                           (self.elbv2.describe_target_health, {})]:
            with self.assertRaises(ClientError) as raised:
                call(TargetGroupArn=missing, **args)
            self.assertEqual(raised.exception.response["Error"]["Code"], "TargetGroupNotFound")
        with self.assertRaises(ClientError) as raised:
            self.elbv2.deregister_targets(TargetGroupArn=group,
                                          Targets=[{"Id": "127.0.0.1", "Port": 9}])
        self.assertEqual(raised.exception.response["Error"]["Code"], "InvalidTarget")
        # A target without a port takes the group's; deleting the group forgets its targets.
        self.elbv2.register_targets(TargetGroupArn=group, Targets=[{"Id": "127.0.0.1"}])
        self.assertEqual(list(health(self.elbv2, group)), [80])
        self.elbv2.delete_target_group(TargetGroupArn=group)
        again = load_balanced_group(self.elbv2, self.ec2, "errors", listener=False)
        self.assertEqual(health(self.elbv2, again), {})


# The task serves /health (and /) from /tmp/www; with `healthy=False` it serves nothing there, so
# its target's health checks get 404.
def container(healthy=True):
    files = "echo ok > /tmp/www/health; " if healthy else ""
    return {
        "name": "app", "image": "berth-busybox:1", "memory": 32, "essential": True,
        "command": ["sh", "-c", "mkdir -p /tmp/www; echo $BERTH_PORT > /tmp/www/index.html; " +
                    files + "exec httpd -f -p 127.0.0.1:$BERTH_PORT -h /tmp/www"],
        "portMappings": [{"containerPort": 8080}],
        "stopTimeout": 2,
        "linuxParameters": {"initProcessEnabled": True},
    }


class Sampler:
    """Every 200 ms on a thread: the fewest healthy targets in a group, and each task's
    lastStatus as seen."""

    def __init__(self, server, group, cluster, service):
        self.elbv2, self.ecs = server.client("elbv2"), server.client("ecs")
        self.group, self.cluster, self.service = group, cluster, service
        self.min_healthy, self.samples, self.statuses = 10**9, 0, {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run)

    def run(self):
        while not self.stop.is_set():
            states = [h[0] for h in health(self.elbv2, self.group).values()]
            self.min_healthy = min(self.min_healthy, states.count("healthy"))
            for desired in ("RUNNING", "STOPPED"):
                arns = self.ecs.list_tasks(cluster=self.cluster, serviceName=self.service,
                                           desiredStatus=desired)["taskArns"]
                if arns:
                    for t in self.ecs.describe_tasks(cluster=self.cluster, tasks=arns)["tasks"]:
                        self.statuses.setdefault(t["taskArn"], set()).add(t["lastStatus"])
            self.samples += 1
            time.sleep(0.2)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *args):
        self.stop.set()
        self.thread.join()


class Load:
    """`total` GET / requests to a listener on one keep-alive connection, paced (20 ms apart)
    so they span a rollout; statuses, bodies and connection errors as seen."""

    def __init__(self, address, total):
        self.address, self.total = address, total
        self.sent, self.statuses, self.bodies, self.errors = 0, {}, set(), []
        self.failures = []  # the first non-200 answers: when, status, body
        self.thread = threading.Thread(target=self.run)

    def run(self):
        host, port = self.address.rsplit(":", 1)
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        while self.sent < self.total:
            self.sent += 1
            try:
                connection.request("GET", "/")
                response = connection.getresponse()
                body = response.read().decode().strip()
                self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
                if response.status != 200 and len(self.failures) < 5:
                    self.failures.append("%.1f %d %s" % (time.time(), response.status, body[:80]))
                if response.status == 200:
                    self.bodies.add(body.rsplit(" ", 1)[0])
            except (OSError, http.client.HTTPException) as e:
                self.errors.append(repr(e))
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=30)
            time.sleep(0.02)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *args):
        self.thread.join()


class EngineTest(unittest.TestCase):
    """A private Docker engine and a server using it, for the test case."""
    server_args = {}

    @classmethod
    def setUpClass(cls):
        # Class cleanups (last first), not tearDownClass: they also run when a setUpClass
        # (this one or a subclass's) fails half-way, so no dockerd or server is left behind.
        dockerd = PrivateEngine(tempfile.mktemp(prefix="berth-targets-dockerd."))
        cls.addClassCleanup(dockerd.stop)
        cls.engine = dockerd.host
        cls.server = serve(engine=cls.engine, **cls.server_args)
        cls.addClassCleanup(cls.server.close)
        cls.ecs, cls.elbv2 = cls.server.client("ecs"), cls.server.client("elbv2")
        cls.ec2 = cls.server.client("ec2")


class Services(EngineTest):
    """A service behind a target group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ecs.create_cluster(clusterName="lb")

    def register(self, family, healthy=True):
        return self.ecs.register_task_definition(
            family=family, containerDefinitions=[container(healthy)])[
                "taskDefinition"]["taskDefinitionArn"]

    def create_service(self, name, group, td, count=2, breaker=False, grace=0):
        self.ecs.create_service(
            cluster="lb", serviceName=name, taskDefinition=td, desiredCount=count,
            healthCheckGracePeriodSeconds=grace,
            loadBalancers=[{"targetGroupArn": group, "containerName": "app",
                            "containerPort": 8080}],
            deploymentConfiguration={
                "minimumHealthyPercent": 100, "maximumPercent": 200,
                "deploymentCircuitBreaker": {"enable": breaker, "rollback": breaker}})
        self.addCleanup(self.ecs.delete_service, cluster="lb", service=name, force=True)

    def describe(self, name):
        return self.ecs.describe_services(cluster="lb", services=[name])["services"][0]

    def messages(self, name):
        return "\n".join(e["message"] for e in self.describe(name)["events"])

    def tasks(self, name, desired="RUNNING"):
        arns = self.ecs.list_tasks(cluster="lb", serviceName=name,
                                   desiredStatus=desired)["taskArns"]
        return self.ecs.describe_tasks(cluster="lb", tasks=arns)["tasks"] if arns else []

    def host_ports(self, name):
        return sorted(t["containers"][0]["networkBindings"][0]["hostPort"]
                      for t in self.tasks(name))

    def stable(self, name):
        s = self.describe(name)
        return len(s["deployments"]) == 1 and s["runningCount"] == s["desiredCount"] and \
            s["deployments"][0]["rolloutState"] == "COMPLETED"

    def test_rolling_deployment_waits_for_target_health_and_drains(self):
        group = load_balanced_group(self.elbv2, self.ec2, "roll", path="/health", delay=20)
        self.create_service("roll", group, self.register("roll"))
        wait_for(lambda: self.stable("roll"), 120, "the service to be stable")
        # The AWS CLI sees both tasks registered, at their host ports, healthy.
        code, out, err = self.server.aws("elbv2", "describe-target-health",
                                         "--target-group-arn", group)
        self.assertEqual(code, 0, err)
        self.assertEqual(sorted((d["Target"]["Id"], d["Target"]["Port"],
                                 d["TargetHealth"]["State"])
                                for d in out["TargetHealthDescriptions"]),
                         [("127.0.0.1", p, "healthy") for p in self.host_ports("roll")])
        messages = [e["message"] for e in self.describe("roll")["events"]]
        self.assertTrue(any(m.startswith("(service roll) registered") and group in m
                            for m in messages), messages)
        old = {t["taskArn"] for t in self.tasks("roll")}

        td2 = self.register("roll")
        with Sampler(self.server, group, "lb", "roll") as sampler:
            self.ecs.update_service(cluster="lb", service="roll", taskDefinition=td2)
            time.sleep(2)
            wait_for(lambda: self.stable("roll"), 180, "the rollout to complete")
        print("rolling: %d samples, fewest healthy targets %d" %
              (sampler.samples, sampler.min_healthy))
        # minimumHealthyPercent 100: never fewer than 2 healthy targets, since new tasks count
        # only once their targets are healthy.
        self.assertGreater(sampler.samples, 10)
        self.assertGreaterEqual(sampler.min_healthy, 2)
        # The old tasks' targets still show draining until the delay is over (ALB's user
        # guide, "Deregistration delay"), though their tasks are stopped (below).
        states = health(self.elbv2, group)
        self.assertEqual(sorted(p for p, h in states.items() if h[0] != "draining"),
                         self.host_ports("roll"))
        self.assertLessEqual(len(states), 4, states)
        # Each old task was deregistered, drained, then stopped: with no request in flight to
        # its target (nothing goes through the listener here) the deregistration completes at
        # once, not after the delay (20 s), as ALB's user guide says ("Deregistration delay");
        # the delay holding a task while a request is in flight is tests/unit's
        # ServiceTargetsTest.StoppingTaskDrainsForTheDeregistrationDelay. The task is
        # DEACTIVATING for about a second then: too short for the sampler to be sure to see.
        stopped = self.ecs.describe_tasks(cluster="lb", tasks=list(old))["tasks"]
        for t in stopped:
            self.assertEqual(t["lastStatus"], "STOPPED")
            drained = (t["stoppedAt"] - t["stoppingAt"]).total_seconds()
            self.assertGreaterEqual(drained, 1, t)
            self.assertLess(drained, 20, t)
        messages = [e["message"] for e in self.describe("roll")["events"]]
        self.assertTrue(any(m.startswith("(service roll) deregistered") for m in messages))
        self.assertTrue(any("has begun draining connections on" in m for m in messages))

    def test_killed_task_leaves_the_group_at_once_and_is_replaced(self):
        group = load_balanced_group(self.elbv2, self.ec2, "kill", path="/health", delay=3)
        self.create_service("kill", group, self.register("kill"))
        wait_for(lambda: self.stable("kill"), 120, "the service to be stable")
        victim = self.tasks("kill")[0]
        port = victim["containers"][0]["networkBindings"][0]["hostPort"]
        subprocess.run(["docker", "-H", self.engine, "kill",
                        victim["containers"][0]["runtimeId"]], check=True,
                       capture_output=True)
        killed = time.time()
        # Listeners stop sending to it within the health-check window (UnhealthyThresholdCount 2
        # x HealthCheckIntervalSeconds 5): its target is unhealthy, or draining once the
        # reconciler saw its essential container exit and deregistered it.
        wait_for(lambda: health(self.elbv2, group).get(port, ("gone",))[0] in
                 ("unhealthy", "draining", "gone"), 13, "the killed task's target to leave")
        print("killed task's target left the group after %.1f s" % (time.time() - killed))
        # A replacement is RUNNING (and the service stable, as ECS counts it) before its target
        # passes its health checks: wait for those too.
        def replaced():
            healthy = {p: ("healthy", None, None) for p in self.host_ports("kill")}
            return self.stable("kill") and health(self.elbv2, group) == healthy
        wait_for(replaced, 120, "a healthy replacement")
        self.assertNotIn(port, self.host_ports("kill"))

    def test_unhealthy_targets_are_replaced_and_the_breaker_rolls_back(self):
        group = load_balanced_group(self.elbv2, self.ec2, "bad", path="/health", delay=1)
        first = self.register("bad")
        self.create_service("bad", group, first, breaker=True)
        wait_for(lambda: self.stable("bad"), 120, "the service to be stable")
        broken = self.register("bad", healthy=False)
        with Sampler(self.server, group, "lb", "bad") as sampler:
            self.ecs.update_service(cluster="lb", service="bad", taskDefinition=broken)
            wait_for(lambda: "rolling back" in self.messages("bad"), 240, "the breaker to trip")
            wait_for(lambda: self.stable("bad"), 120, "the rollback to complete")
        # The old tasks kept serving while the broken ones failed: two healthy targets
        # throughout; the rollback's tasks run the good definition.
        self.assertGreaterEqual(sampler.min_healthy, 2)
        self.assertEqual({t["taskDefinitionArn"] for t in self.tasks("bad")}, {first})
        failed = [t for t in self.tasks("bad", desired="STOPPED")
                  if t["taskDefinitionArn"] == broken]
        self.assertGreaterEqual(len(failed), 3)
        for t in failed:
            self.assertEqual(t["stopCode"], "ServiceSchedulerInitiated")
            self.assertEqual(t["stoppedReason"],
                             "Task failed ELB health checks in (target-group %s)" % group)
        self.assertIn("deployment failed", self.messages("bad"))



class MultiService(EngineTest):
    """examples/multi_service applied with `berth apply --backend controlplane`, its images
    made the local busybox: each service's tasks are registered in its target group and
    healthy (by the AWS CLI), the listener sends / to the frontend and /api/* to the backend,
    and a rolling deployment under 2,000 requests through it fails none."""
    server_args = {"region": "ap-northeast-1", "account": "123456789012", "lb_ports": "auto"}

    def berth(self, *args, expect=0):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env["BERTH_CONTROLPLANE_DATA"] = self.server.data
        done = subprocess.run([BERTH["path"], *args], capture_output=True, text=True, env=env,
                              timeout=600)
        self.assertEqual(done.returncode, expect,
                         "berth %s:\n%s\n%s\nberth serve's log ends:\n%s" % (
                             " ".join(args), done.stdout, done.stderr, read(self.server.log)[-3000:]))
        return done.stdout

    def stack(self):
        """A copy of the example whose containers are busybox httpds: the frontend answers
        "frontend PORT" at / and /healthz, the backend "backend PORT" at /api/ and
        /api/health (PORT: the task's host port, which names the task)."""
        stack = copy_example(self, "multi_service", prefix="berth-cp-multi-")

        def httpd(name, files):
            return ('image = "berth-busybox:1"\n    command = ["sh", "-c", "mkdir -p /tmp/www/api '
                    '&& echo %s $BERTH_PORT | tee %s >/dev/null && exec httpd -f -h /tmp/www '
                    '-p 127.0.0.1:$BERTH_PORT"]\n    linux_parameters {\n'
                    '      init_process_enabled = true\n    }' % (name, files))
        # The frontend's answer names its version: a new tag is a new task definition.
        edit(os.path.join(stack, "frontend.berth"),
                  ('image = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/'
                   'storefront-frontend:${var.frontend_tag}"',
                   httpd("frontend ${var.frontend_tag}", "/tmp/www/index.html /tmp/www/healthz")),
                  ("http://localhost:3000/healthz", "http://127.0.0.1:$BERTH_PORT/healthz"),
                  ("cpu            = 512", "cpu            = 256"),
                  ("memory         = 1GiB", "memory         = 512MiB"))
        edit(os.path.join(stack, "backend.berth"),
                  ('image = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/'
                   'storefront-backend:${var.backend_tag}"',
                   httpd("backend", "/tmp/www/api/index.html /tmp/www/api/health")),
                  ("curl -fs http://localhost:8080/api/health",
                   "wget -q -O /dev/null http://127.0.0.1:$BERTH_PORT/api/health"),
                  ("cpu            = 1024", "cpu            = 256"),
                  ("memory         = 2GiB", "memory         = 512MiB"))
        return stack

    def targets(self, name):
        group = self.elbv2.describe_target_groups(Names=[name])["TargetGroups"][0]
        code, out, err = self.server.aws("elbv2", "describe-target-health",
                                         "--target-group-arn", group["TargetGroupArn"])
        self.assertEqual(code, 0, err)
        return sorted((d["Target"]["Port"], d["TargetHealth"]["State"])
                      for d in out["TargetHealthDescriptions"])

    def host_ports(self, service):
        arns = self.ecs.list_tasks(cluster="storefront", serviceName=service)["taskArns"]
        tasks = self.ecs.describe_tasks(cluster="storefront", tasks=arns)["tasks"]
        return sorted(t["containers"][0]["networkBindings"][0]["hostPort"] for t in tasks)

    def test_services_register_their_tasks_healthy(self):
        stack = self.stack()
        applied = self.berth("apply", stack, "--backend", "controlplane", "--auto-approve",
                             "--wait")
        self.assertIn("Apply complete", applied)
        # --wait returns once both services are stable (services-stable: running = desired);
        # a target whose first check came before its httpd listened is healthy one interval
        # (30 s) later: the TargetInService waiter waits for that.
        for name in ("storefront-frontend", "storefront-backend"):
            group = self.elbv2.describe_target_groups(Names=[name])["TargetGroups"][0]
            code, _, err = self.server.aws("elbv2", "wait", "target-in-service",
                                           "--target-group-arn", group["TargetGroupArn"])
            self.assertEqual(code, 0, err)
        self.assertEqual(self.targets("storefront-frontend"),
                         [(p, "healthy") for p in self.host_ports("storefront-frontend")])
        self.assertEqual(len(self.targets("storefront-frontend")), 3)
        self.assertEqual(self.targets("storefront-backend"),
                         [(p, "healthy") for p in self.host_ports("storefront-backend")])
        self.assertEqual(len(self.targets("storefront-backend")), 2)
        for port in self.host_ports("storefront-backend"):
            with urllib.request.urlopen("http://127.0.0.1:%d/api/" % port, timeout=5) as r:
                self.assertEqual(r.read().decode().strip(), "backend %d" % port)
        plan = self.berth("plan", stack, "--backend", "controlplane", "--detailed-exitcode")
        self.assertIn("No changes", plan)
        # The first deployments COMPLETED: a task counts healthy once its target and its
        # container health check (start_period 30 s) are; before that a rollout may stop the old
        # tasks at once, as ECS stops tasks that are not healthy, and the listener has nothing
        # but draining targets for a moment.
        def completed():
            services = self.ecs.describe_services(
                cluster="storefront",
                services=["storefront-frontend", "storefront-backend"])["services"]
            return all(d["rolloutState"] == "COMPLETED" for s in services
                       for d in s["deployments"])
        wait_for(completed, 120, "both services' deployments COMPLETED")

        # Through the listener (the HTTPS one on 443, served as HTTP where --lb-ports put it):
        # / reaches the frontend's tasks round-robin, /api/* the backend's.
        listeners = json.loads(read(os.path.join(self.server.data, "listeners.json")))
        address = [v["Address"] for v in listeners.values() if v["Port"] == 443][0]
        front = {"frontend 7.3.0 %d" % p for p in self.host_ports("storefront-frontend")}
        back = {"backend %d" % p for p in self.host_ports("storefront-backend")}
        self.assertEqual({self.get(address, "/")[1] for _ in range(9)}, front)
        self.assertEqual({self.get(address, "/api/")[1] for _ in range(6)}, back)

        # A rolling deployment of the frontend (a new tag) under a bounded load of 2,000
        # requests: old tasks drain (deregistration_delay 30 s) before they are stopped, new
        # ones get traffic once healthy, so no request fails.
        load = Load(address, 2000)
        with load:
            applied = self.berth("apply", stack, "--backend", "controlplane", "--auto-approve", "--wait",
                       "--var", "frontend_tag=7.3.1")
        print("rolling under load: %d requests, statuses %s, errors %s, first failures %s" %
              (load.sent, load.statuses, load.errors[:3], load.failures))
        if load.errors or set(load.statuses) != {200}:
            print(applied)
            for e in self.ecs.describe_services(cluster="storefront", services=[
                    "storefront-frontend"])["services"][0]["events"][:14]:
                print(e["createdAt"].timestamp(), e["message"][:150])
        self.assertEqual(load.sent, 2000)
        self.assertEqual(load.errors, [])
        self.assertEqual(set(load.statuses), {200})
        self.assertEqual({b.split()[1] for b in load.bodies}, {"7.3.0", "7.3.1"})
        new = {"frontend 7.3.1 %d" % p for p in self.host_ports("storefront-frontend")}
        self.assertEqual({self.get(address, "/")[1] for _ in range(9)}, new)

    def get(self, address, path):
        with urllib.request.urlopen("http://%s%s" % (address, path), timeout=10) as r:
            return r.status, r.read().decode().strip()


if __name__ == "__main__":
    BERTH["path"] = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0]] + sys.argv[2:], verbosity=2)

#!/usr/bin/env python3
"""What berth serve does on its own clock (issue 14): EventBridge schedules that run tasks,
Application Auto Scaling scheduled actions, and target tracking on the CPU the Docker stats API
measures. These wait minutes, so each test starts its own private dockerd
(tests/docker/dockerd_fixture.sh) and its own `berth serve` on it (utilization every 5 s:
--metrics-interval) and runs beside the other tests, never holding the serial controlplane
fixture. The AWS CLI drives the server. Usage: timed.py BERTH TestCase.test_name"""

import http.server
import json
import os
import shutil
import subprocess
import sys
import socket
import tempfile
import threading
import time
import unittest
import urllib.request

from cp_cli import aws_program
from cp_files import read
from cp_server import PrivateEngine, Server
import cp_wait

# --metrics-interval: 5 s for the tests; bench/scaling_bench.sh also measures ECS's 60 s.
INTERVAL = int(os.environ.get("BERTH_METRICS_INTERVAL", "5"))
SERVER = {}


def start():
    """A private dockerd and a berth serve on it; unittest.SkipTest (said on stdout) when
    dockerd cannot run here."""
    work = tempfile.mkdtemp(prefix="berth-timed-")
    SERVER["work"] = work
    SERVER["dockerd"] = PrivateEngine(os.path.join(work, "dockerd.env"))
    server = Server(SERVER["berth"], "--engine", SERVER["dockerd"].host, "--metrics-interval",
                    str(INTERVAL), data=os.path.join(work, "data"),
                    log=os.path.join(work, "serve.log"), ready="listening")
    SERVER.update(server=server, endpoint=server.endpoint, data=server.data, log=server.log,
                  env=server.cli_env())
    return True


def stop():
    if "server" in SERVER:
        SERVER["server"].stop()
    if "dockerd" in SERVER:
        SERVER["dockerd"].stop()
    if "work" in SERVER:
        shutil.rmtree(SERVER["work"], ignore_errors=True)


def aws(service, *args, check=True):
    """Runs `aws SERVICE ARGS` against the server: the parsed output, or (code, stderr)."""
    cmd = [aws_program(), service, *args, "--endpoint-url", SERVER["endpoint"], "--output", "json"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=SERVER["env"], timeout=300)
    if not check:
        return done.returncode, done.stderr
    if done.returncode != 0:
        raise AssertionError(f"{service} {' '.join(args)} failed ({done.returncode}): "
                             f"{done.stderr}\nserver log:\n{read(SERVER['log'])[-2000:]}")
    return json.loads(done.stdout) if done.stdout.strip() else {}


def register(family, command, cpu=None):
    container = {"name": "app", "image": "berth-busybox:1", "memory": 32, "essential": True,
                 "command": ["sh", "-c", command], "stopTimeout": 2,
                 "linuxParameters": {"initProcessEnabled": True}}
    if cpu:
        container["cpu"] = cpu
    return aws("ecs", "register-task-definition", "--family", family, "--container-definitions",
               json.dumps([container]))["taskDefinition"]["taskDefinitionArn"]


def service(cluster, name):
    return aws("ecs", "describe-services", "--cluster", cluster, "--services",
               name)["services"][0]


def tasks(cluster, *filters):
    arns = aws("ecs", "list-tasks", "--cluster", cluster, *filters)["taskArns"]
    if not arns:
        return []
    return aws("ecs", "describe-tasks", "--cluster", cluster, "--tasks", *arns)["tasks"]


def wait_for(what, predicate, timeout, every=1.0):
    return cp_wait.wait_for(what, predicate, timeout, every, log=SERVER["log"])


class Burn:
    """Tasks that burn a CPU while the test says so: each asks this server (on 127.0.0.1: tasks
    run on the host network) every second whether to go on, and idles once the answer is no or
    the server is gone. `command` is the task's shell command."""

    def __init__(self):
        burning = self.burning = threading.Event()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200 if burning.is_set() else 404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever)
        self.thread.start()
        url = f"http://127.0.0.1:{self.server.server_address[1]}/burn"
        self.command = (f"while wget -q -O /dev/null {url}; do "
                        "timeout 1 sh -c 'while :; do :; done'; done; exec sleep 3600")
        self.burning.set()

    def stop(self):
        self.burning.clear()
        self.ended = time.time()

    def close(self):
        self.burning.clear()
        self.server.shutdown()
        self.thread.join()
        self.server.server_close()


class Schedules(unittest.TestCase):
    def test_rate_rule_runs_a_failing_job_twice_in_130s(self):
        aws("ecs", "create-cluster", "--cluster-name", "jobs")
        cluster_arn = aws("ecs", "describe-clusters", "--clusters",
                          "jobs")["clusters"][0]["clusterArn"]
        definition = register("nightly", "echo nightly run; exit 3")
        # EventBridge's own refusals, before anything runs.
        code, err = aws("events", "put-rule", "--name", "bad", "--schedule-expression",
                        "rate(1 minutes)", check=False)
        self.assertNotEqual(code, 0)
        self.assertIn("ValidationException", err)
        self.assertIn("Parameter ScheduleExpression is not valid.", err)
        code, err = aws("events", "put-rule", "--name", "bad", "--schedule-expression",
                        "cron(0 12 * * * *)", check=False)
        self.assertIn("ValidationException", err)

        # The rule's clock starts when the server has it: between these two instants (the CLI
        # takes seconds to start on a loaded machine).
        before = time.time()
        aws("events", "put-rule", "--name", "nightly", "--schedule-expression", "rate(1 minute)")
        created = time.time()
        family_arn = definition.rsplit(":", 1)[0]  # no revision: the newest ACTIVE one
        aws("events", "put-targets", "--rule", "nightly", "--targets", json.dumps([{
            "Id": "job", "Arn": cluster_arn,
            "RoleArn": "arn:aws:iam::000000000000:role/ecsEventsRole",
            "EcsParameters": {"TaskDefinitionArn": family_arn, "TaskCount": 1},
            "Input": json.dumps({"containerOverrides": [
                {"name": "app", "environment": [{"name": "RUN_BY", "value": "schedule"}]}]}),
        }]))
        time.sleep(max(0, before + 130 - time.time()))
        # By ARN: a task that stops between the two listings is in both.
        runs = {}
        for desired in ("RUNNING", "STOPPED"):
            for task in tasks("jobs", "--started-by", "events-rule/nightly", "--desired-status",
                              desired):
                runs[task["taskArn"]] = task
        runs = sorted(runs.values(), key=lambda t: t["createdAt"])
        self.assertEqual(len(runs), 2, runs)
        for i, task in enumerate(runs):
            # On time: a minute apart from the rule's creation (the server's clock is this one).
            self.assertGreaterEqual(task["createdAt"], before + 60 * (i + 1))
            self.assertLessEqual(task["createdAt"], created + 60 * (i + 1) + 3)
            self.assertEqual(task["startedBy"], "events-rule/nightly")
            self.assertEqual(task["taskDefinitionArn"], definition)
            self.assertEqual(task["overrides"]["containerOverrides"][0]["environment"],
                             [{"name": "RUN_BY", "value": "schedule"}])
        arns = [t["taskArn"] for t in runs]
        # The job failed: visible as ECS shows a failed task.
        wait_for("both runs to stop", lambda: len([
            t for t in aws("ecs", "describe-tasks", "--cluster", "jobs", "--tasks", *arns)["tasks"]
            if t["lastStatus"] == "STOPPED"]) == 2, 30)
        stopped = aws("ecs", "describe-tasks", "--cluster", "jobs", "--tasks", *arns)["tasks"]
        for task in stopped:
            self.assertEqual(task["lastStatus"], "STOPPED")
            self.assertEqual(task["stopCode"], "EssentialContainerExited")
            self.assertEqual(task["containers"][0]["exitCode"], 3)
        # A disabled rule runs nothing more.
        aws("events", "disable-rule", "--name", "nightly")
        time.sleep(2)
        rule = aws("events", "describe-rule", "--name", "nightly")
        self.assertEqual(rule["State"], "DISABLED")
        self.assertAlmostEqual(runs[1]["createdAt"] - runs[0]["createdAt"], 60, delta=3)
        print(f"runs at +{runs[0]['createdAt'] - before:.1f} s and "
              f"+{runs[1]['createdAt'] - before:.1f} s after put-rule was sent "
              f"(it returned after {created - before:.1f} s)")

    def test_scheduled_action_sets_capacity_at_its_time(self):
        aws("ecs", "create-cluster", "--cluster-name", "sched")
        register("idle", "exec sleep 3600")
        aws("ecs", "create-service", "--cluster", "sched", "--service-name", "idle",
            "--task-definition", "idle", "--desired-count", "1")
        resource = ["--service-namespace", "ecs", "--resource-id", "service/sched/idle",
                    "--scalable-dimension", "ecs:service:DesiredCount"]
        aws("application-autoscaling", "register-scalable-target", *resource,
            "--min-capacity", "1", "--max-capacity", "3")
        code, err = aws("application-autoscaling", "put-scheduled-action", *resource,
                        "--scheduled-action-name", "bad", "--schedule", "rate(2 fortnights)",
                        check=False)
        self.assertIn("ValidationException", err)
        # Far enough ahead for the CLI to store it first on a loaded machine.
        at = time.time() + 20
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(at + 1))
        aws("application-autoscaling", "put-scheduled-action", *resource,
            "--scheduled-action-name", "morning", "--schedule", f"at({stamp})",
            "--scalable-target-action", "MinCapacity=2,MaxCapacity=3")
        # Not before its time: checked only while the time is still ahead (at load 19 the CLI
        # calls above took longer than the margin), and by the activity's start below.
        desired = service("sched", "idle")["desiredCount"]
        if time.time() < at - 1:
            self.assertEqual(desired, 1)
        wait_for("the scheduled action", lambda: service("sched", "idle")["desiredCount"] == 2,
                 60)
        self.assertGreaterEqual(time.time(), at)
        target = aws("application-autoscaling", "describe-scalable-targets",
                     "--service-namespace", "ecs", "--resource-ids",
                     "service/sched/idle")["ScalableTargets"][0]
        self.assertEqual((target["MinCapacity"], target["MaxCapacity"]), (2, 3))
        activity = aws("application-autoscaling", "describe-scaling-activities",
                       "--service-namespace", "ecs", "--resource-id",
                       "service/sched/idle")["ScalingActivities"][0]
        self.assertEqual(activity["Description"], "Setting desired count to 2.")
        self.assertIn("scheduled action name morning", activity["Cause"])
        self.assertEqual(activity["StatusCode"], "Successful")
        self.assertGreaterEqual(activity["StartTime"], at)
        wait_for("two running tasks", lambda: len([
            t for t in tasks("sched", "--service-name", "idle")
            if t["lastStatus"] == "RUNNING"]) == 2, 60)


class Scaling(unittest.TestCase):
    def test_cpu_above_target_scales_out_then_back_in(self):
        aws("ecs", "create-cluster", "--cluster-name", "scale")
        # The tasks burn a CPU until the test says stop: far above their 16 units, so that the
        # loop is far above a 50 % target even when a loaded machine gives it little of a core
        # (it got 7 % of one at load average 15 on 2 cores).
        burn = Burn()
        self.addCleanup(burn.close)
        register("burn", burn.command, cpu=16)
        aws("ecs", "create-service", "--cluster", "scale", "--service-name", "burn",
            "--task-definition", "burn", "--desired-count", "1")
        resource = ["--service-namespace", "ecs", "--resource-id", "service/scale/burn",
                    "--scalable-dimension", "ecs:service:DesiredCount"]
        aws("application-autoscaling", "register-scalable-target", *resource,
            "--min-capacity", "1", "--max-capacity", "2")
        out_cooldown, in_cooldown = 5, 10
        aws("application-autoscaling", "put-scaling-policy", *resource, "--policy-name", "cpu50",
            "--policy-type", "TargetTrackingScaling",
            "--target-tracking-scaling-policy-configuration", json.dumps({
                "TargetValue": 50.0,
                "PredefinedMetricSpecification": {
                    "PredefinedMetricType": "ECSServiceAverageCPUUtilization"},
                "ScaleOutCooldown": out_cooldown, "ScaleInCooldown": in_cooldown}))
        first = min(wait_for("the first task to run", lambda: [
            t for t in tasks("scale", "--service-name", "burn") if t["lastStatus"] == "RUNNING"],
            60), key=lambda t: t["startedAt"])
        # It burns from its first instant, but counts from when the policy exists.
        created = aws("application-autoscaling", "describe-scaling-policies",
                      "--service-namespace", "ecs", "--resource-id",
                      "service/scale/burn")["ScalingPolicies"][0]["CreationTime"]
        above_at = max(first["startedAt"], created)
        # Out: a datapoint needs two samples (at most two intervals), then the decision; the
        # cooldown does not apply to the first scale-out. Slack for a loaded machine.
        wait_for("the scale-out", lambda: service("scale", "burn")["desiredCount"] == 2,
                 2 * INTERVAL + out_cooldown + 20, every=0.5)
        second = wait_for("the new task to run", lambda: [
            t for t in tasks("scale", "--service-name", "burn")
            if t["lastStatus"] == "RUNNING" and t["taskArn"] != first["taskArn"]], 60,
            every=0.5)[0]
        activities = aws("application-autoscaling", "describe-scaling-activities",
                         "--service-namespace", "ecs", "--resource-id",
                         "service/scale/burn")["ScalingActivities"]
        decided = activities[0]["StartTime"]
        # Within two intervals and the cooldown (and slack for a loaded machine).
        self.assertLess(decided - above_at, 2 * INTERVAL + out_cooldown + 20)
        self.assertEqual(activities[0]["Description"], "Setting desired count to 2.")
        self.assertEqual(activities[0]["StatusCode"], "Successful")
        self.assertEqual(activities[0]["StatusMessage"],
                         "Successfully set desired count to 2. Change successfully fulfilled "
                         "by ecs.")
        self.assertRegex(activities[0]["Cause"],
                         r"^monitor alarm TargetTracking-service/scale/burn-AlarmHigh-\S+ in "
                         r"state ALARM triggered policy cpu50")
        # In: once the burn stops the CPU falls; three datapoints below 45 % and the cooldown.
        burn.stop()
        wait_for("the scale-in", lambda: service("scale", "burn")["desiredCount"] == 1,
                 4 * INTERVAL + in_cooldown + 30, every=1)
        activities = aws("application-autoscaling", "describe-scaling-activities",
                         "--service-namespace", "ecs", "--resource-id",
                         "service/scale/burn")["ScalingActivities"]
        scaled_in = activities[0]["StartTime"]
        self.assertEqual([a["Description"] for a in activities],
                         ["Setting desired count to 1.", "Setting desired count to 2."])
        self.assertIn("AlarmLow", activities[0]["Cause"])
        self.assertGreaterEqual(scaled_in, burn.ended)
        wait_for("one task left", lambda: len(tasks("scale", "--service-name", "burn")) == 1, 60)
        print(f"CPU above target (first task RUNNING) -> desired count 2: "
              f"{decided - above_at:.1f} s; -> new task RUNNING: "
              f"{second['startedAt'] - above_at:.1f} s (metrics interval {INTERVAL} s); "
              f"burn ended -> desired count 1: {scaled_in - burn.ended:.1f} s")

    def test_step_policy_runs_while_its_alarm_is_in_alarm(self):
        aws("ecs", "create-cluster", "--cluster-name", "step")
        burn = Burn()
        self.addCleanup(burn.close)
        register("spin", burn.command, cpu=16)
        aws("ecs", "create-service", "--cluster", "step", "--service-name", "spin",
            "--task-definition", "spin", "--desired-count", "1")
        resource = ["--service-namespace", "ecs", "--resource-id", "service/step/spin",
                    "--scalable-dimension", "ecs:service:DesiredCount"]
        aws("application-autoscaling", "register-scalable-target", *resource,
            "--min-capacity", "1", "--max-capacity", "3")
        # One step of +1, then a cooldown longer than the test: exactly one activity.
        policy = aws("application-autoscaling", "put-scaling-policy", *resource,
                     "--policy-name", "step-out", "--policy-type", "StepScaling",
                     "--step-scaling-policy-configuration", json.dumps({
                         "AdjustmentType": "ChangeInCapacity", "Cooldown": 600,
                         "MetricAggregationType": "Average",
                         "StepAdjustments": [{"MetricIntervalLowerBound": 0,
                                              "ScalingAdjustment": 1}]}))["PolicyARN"]
        aws("cloudwatch", "put-metric-alarm", "--alarm-name", "cpu-high", "--namespace",
            "AWS/ECS", "--metric-name", "CPUUtilization", "--dimensions",
            "Name=ClusterName,Value=step", "Name=ServiceName,Value=spin", "--statistic",
            "Average", "--period", "60", "--evaluation-periods", "1", "--threshold", "50",
            "--comparison-operator", "GreaterThanThreshold", "--alarm-actions", policy)
        wait_for("the step", lambda: service("step", "spin")["desiredCount"] == 2, 60)
        alarm = aws("cloudwatch", "describe-alarms", "--alarm-names",
                    "cpu-high")["MetricAlarms"][0]
        self.assertEqual(alarm["StateValue"], "ALARM")
        self.assertIn("breached the threshold (50.0)", alarm["StateReason"])
        activities = aws("application-autoscaling", "describe-scaling-activities",
                         "--service-namespace", "ecs", "--resource-id",
                         "service/step/spin")["ScalingActivities"]
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities[0]["Description"], "Setting desired count to 2.")
        self.assertEqual(activities[0]["Cause"],
                         "monitor alarm cpu-high in state ALARM triggered policy step-out")
        # Still in ALARM while the cooldown runs: no second step. Once the burn ends, OK.
        time.sleep(2 * INTERVAL)
        self.assertEqual(aws("cloudwatch", "describe-alarms", "--alarm-names",
                             "cpu-high")["MetricAlarms"][0]["StateValue"], "ALARM")
        burn.stop()
        wait_for("the alarm to clear", lambda: aws(
            "cloudwatch", "describe-alarms", "--alarm-names",
            "cpu-high")["MetricAlarms"][0]["StateValue"] == "OK", 3 * INTERVAL + 30)
        self.assertEqual(service("step", "spin")["desiredCount"], 2)
        self.assertEqual(len(aws("application-autoscaling", "describe-scaling-activities",
                                 "--service-namespace", "ecs", "--resource-id",
                                 "service/step/spin")["ScalingActivities"]), 1)

    def test_alb_requests_per_target_scale_out_then_back_in(self):
        aws("ecs", "create-cluster", "--cluster-name", "alb")
        sg = aws("ec2", "create-security-group", "--group-name", "web", "--description",
                 "web")["GroupId"]
        lb = aws("elbv2", "create-load-balancer", "--name", "web", "--subnets", "subnet-a",
                 "subnet-b", "--security-groups", sg)["LoadBalancers"][0]["LoadBalancerArn"]
        group = aws("elbv2", "create-target-group", "--name", "web", "--protocol", "HTTP",
                    "--port", "80", "--vpc-id", "vpc-1", "--health-check-interval-seconds", "5",
                    "--health-check-timeout-seconds", "2", "--healthy-threshold-count", "2",
                    )["TargetGroups"][0]["TargetGroupArn"]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        listener = aws("elbv2", "create-listener", "--load-balancer-arn", lb, "--protocol",
                       "HTTP", "--port", str(port), "--default-actions",
                       f"Type=forward,TargetGroupArn={group}")["Listeners"][0]["ListenerArn"]
        address = wait_for("the listener", lambda: json.loads(read(os.path.join(
            SERVER["data"], "listeners.json")) or "{}").get(listener, {}).get("Url"), 10)
        container = {"name": "app", "image": "berth-busybox:1", "memory": 32, "essential": True,
                     "command": ["sh", "-c", "mkdir -p /tmp/www; echo ok > /tmp/www/index.html;"
                                 " exec httpd -f -p 127.0.0.1:$BERTH_PORT -h /tmp/www"],
                     "portMappings": [{"containerPort": 8080}], "stopTimeout": 2,
                     "linuxParameters": {"initProcessEnabled": True}}
        aws("ecs", "register-task-definition", "--family", "web", "--container-definitions",
            json.dumps([container]))
        aws("ecs", "create-service", "--cluster", "alb", "--service-name", "web",
            "--task-definition", "web", "--desired-count", "1", "--load-balancers",
            f"targetGroupArn={group},containerName=app,containerPort=8080")
        resource = ["--service-namespace", "ecs", "--resource-id", "service/alb/web",
                    "--scalable-dimension", "ecs:service:DesiredCount"]
        aws("application-autoscaling", "register-scalable-target", *resource,
            "--min-capacity", "1", "--max-capacity", "2")
        # app/LB/ID/targetgroup/TG/ID, from the ARNs' tails (what berth emits).
        label = lb.split(":loadbalancer/", 1)[1] + "/" + group.split(":", 5)[5]
        aws("application-autoscaling", "put-scaling-policy", *resource, "--policy-name",
            "requests", "--policy-type", "TargetTrackingScaling",
            "--target-tracking-scaling-policy-configuration", json.dumps({
                "TargetValue": 100.0,
                "PredefinedMetricSpecification": {
                    "PredefinedMetricType": "ALBRequestCountPerTarget", "ResourceLabel": label},
                "ScaleOutCooldown": 5, "ScaleInCooldown": 10}))
        wait_for("a healthy target", lambda: [
            d for d in aws("elbv2", "describe-target-health", "--target-group-arn",
                           group)["TargetHealthDescriptions"]
            if d["TargetHealth"]["State"] == "healthy"], 60)
        # About 10 requests a second through the listener: 600 a minute on one target, six
        # times the target value.
        stop, answered = threading.Event(), []

        def load():
            while not stop.is_set():
                try:
                    with urllib.request.urlopen(address + "/", timeout=5) as r:
                        answered.append(r.status)
                except OSError:
                    answered.append(0)
                time.sleep(0.1)

        thread = threading.Thread(target=load)
        thread.start()
        try:
            wait_for("the scale-out", lambda: service("alb", "web")["desiredCount"] == 2,
                     3 * INTERVAL + 30)
        finally:
            stop.set()
            thread.join()
        # The load went through the listener: one metrics interval needs more than
        # TargetValue * INTERVAL / 60 requests (8.3 at 5 s) to be above the target, and the
        # policy scales out on the first such datapoint, so a fast scale-out sees few requests.
        print(f"load: {answered.count(200)} answered 200 of {len(answered)} before the scale-out")
        self.assertGreater(answered.count(200), 100.0 * INTERVAL / 60, answered)
        activity = aws("application-autoscaling", "describe-scaling-activities",
                       "--service-namespace", "ecs", "--resource-id",
                       "service/alb/web")["ScalingActivities"][0]
        self.assertEqual(activity["Description"], "Setting desired count to 2.")
        self.assertIn("triggered policy requests", activity["Cause"])
        # No requests: three datapoints at 0, then the cooldown.
        wait_for("the scale-in", lambda: service("alb", "web")["desiredCount"] == 1,
                 3 * INTERVAL + 10 + 40)


if __name__ == "__main__":
    SERVER["berth"] = sys.argv[1]
    try:
        start()
        result = unittest.main(argv=[sys.argv[0], "-v", *sys.argv[2:]], exit=False).result
    except unittest.SkipTest:
        sys.exit(0)  # PrivateEngine printed why
    finally:
        stop()
    sys.exit(0 if result.wasSuccessful() else 1)

#!/usr/bin/env python3
"""berth serve measured (issue 13), against a running server whose env file the fixture wrote
(tests/controlplane/controlplane_fixture.sh): prints one Markdown row per figure.
  bench.py ENVFILE scale|api|idle"""

import json
import os
import statistics
import sys
import threading
import time

import botocore.session

ENV = {}


def client():
    return botocore.session.get_session().create_client(
        "ecs", region_name="us-east-1", endpoint_url=ENV["BERTH_CP_ENDPOINT"],
        aws_access_key_id=ENV["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=ENV["AWS_SECRET_ACCESS_KEY"])


def task_definition(ecs, family, health=True):
    container = {"name": "app", "image": "berth-busybox:1", "memory": 16, "essential": True,
                 "command": ["sleep", "100000"], "stopTimeout": 1}
    if health:
        container["healthCheck"] = {"command": ["CMD-SHELL", "true"], "interval": 5,
                                    "timeout": 10, "retries": 3}
    return ecs.register_task_definition(family=family, containerDefinitions=[container])[
        "taskDefinition"]["taskDefinitionArn"]


def scale(ecs, count=50):
    """create-service with COUNT tasks until COUNT RUNNING and healthy (deployment COMPLETED)."""
    ecs.create_cluster(clusterName="bench")
    td = task_definition(ecs, "scale")
    start = time.time()
    ecs.create_service(cluster="bench", serviceName="scale", taskDefinition=td,
                       desiredCount=count)
    while True:
        service = ecs.describe_services(cluster="bench", services=["scale"])["services"][0]
        if service["runningCount"] == count and \
                service["deployments"][0]["rolloutState"] == "COMPLETED":
            break
        time.sleep(0.1)
    elapsed = time.time() - start
    ecs.update_service(cluster="bench", service="scale", desiredCount=0)
    ecs.delete_service(cluster="bench", service="scale")
    print(f"| create-service, {count} tasks to RUNNING and HEALTHY | {elapsed:.1f} s |")


def api(ecs, services=100, seconds=20, threads=4):
    """describe-services over 100 services (desired 0), from THREADS clients at once."""
    ecs.create_cluster(clusterName="api")
    td = task_definition(ecs, "api", health=False)
    for i in range(services):
        ecs.create_service(cluster="api", serviceName=f"s{i:03}", taskDefinition=td,
                           desiredCount=0)
    latencies = []
    lock = threading.Lock()
    stop = time.time() + seconds

    def run(n):
        own = client()
        mine = []
        i = n
        while time.time() < stop:
            names = [f"s{(i + k) % services:03}" for k in range(10)]
            t = time.perf_counter()
            out = own.describe_services(cluster="api", services=names)
            mine.append(time.perf_counter() - t)
            assert len(out["services"]) == 10
            i += 10
        with lock:
            latencies.extend(mine)

    workers = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[int(len(latencies) * 0.99)] * 1000
    print(f"| describe-services (10 of {services} services), {threads} clients | "
          f"{len(latencies) / seconds:.0f} requests/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms |")


def idle(ecs, services=100, seconds=60):
    """CPU of the server process while 100 one-task services are steady (every deployment
    COMPLETED)."""
    ecs.create_cluster(clusterName="idle")
    td = task_definition(ecs, "idle", health=False)
    for i in range(services):
        ecs.create_service(cluster="idle", serviceName=f"i{i:03}", taskDefinition=td,
                           desiredCount=1)
    while True:
        arns = ecs.list_tasks(cluster="idle")["taskArns"]
        running = 0
        for k in range(0, len(arns), 100):
            running += sum(1 for t in ecs.describe_tasks(cluster="idle", tasks=arns[k:k + 100])[
                "tasks"] if t["lastStatus"] == "RUNNING")
        if running == services:
            break
        time.sleep(1)
    # Steady means every deployment COMPLETED (a task without a health check counts healthy 40 s
    # after it started): until then the reconciler is still at work, not idle.
    names = [f"i{i:03}" for i in range(services)]
    while True:
        described = []
        for k in range(0, services, 10):
            described += ecs.describe_services(cluster="idle", services=names[k:k + 10])[
                "services"]
        if all(s["deployments"][0]["rolloutState"] == "COMPLETED" for s in described):
            break
        time.sleep(2)
    time.sleep(5)
    with open(os.path.join(ENV["BERTH_CP_DATA"], "serve.pid")) as f:
        pid = f.read().strip()
    ticks = os.sysconf("SC_CLK_TCK")

    def cpu():
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks

    before, t = cpu(), time.time()
    time.sleep(seconds)
    used = (cpu() - before) / (time.time() - t) * 100
    print(f"| reconciler idle, {services} services of 1 task | {used:.2f} % of a core |")


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        for line in f:
            key, _, value = line.strip().partition("=")
            ENV[key] = value
    {"scale": scale, "api": api, "idle": idle}[sys.argv[2]](client())

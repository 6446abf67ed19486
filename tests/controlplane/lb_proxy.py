#!/usr/bin/env python3
"""ELBv2 listeners served by `berth serve` as L7 proxies on 127.0.0.1 (controlplane/lb/): rules
by priority (path-pattern and host-header with ALB's wildcards), weighted forwards, redirects,
fixed responses, round-robin over healthy targets and fail-open, ALB's 502/503/504, the
X-Forwarded-* headers, keep-alive to the targets, and listeners that come, change and go while
the server runs (and come back when it restarts). A server of its own with no Docker engine:
the targets are Python HTTP servers this test starts on free ports, so it runs beside every
other test.

Targets are written into the store in the shape the "targets" side keeps them
(controlplane/lb/targets_store.h), with the state a health check would have given them, so the
proxy's choices are tested apart from the health checker's timing. berth serve's health checker
probes them too: the groups check /health every 300 s (its first probe comes at once and keeps
each state as written: a target written healthy answers /health with 200, one written initial or
unhealthy with 500), and targets are written once the group is in use (else it marks them
unused).

Usage: lb_proxy.py BERTH [TestCase[.test_name] ...]"""

import http.client
import http.server
import json
import os
import shutil
import socket
import socketserver
import sqlite3
import subprocess
import sys
import threading
import time
import unittest

from cp_files import read
from cp_server import Server

REGION, ACCOUNT = "us-east-1", "000000000000"
SERVER = {}


def setUpModule():
    SERVER["server"] = Server(SERVER["berth"], "--lb-ports", "auto", prefix="berth-lb-proxy-")
    SERVER["data"] = SERVER["server"].data


def tearDownModule():
    if "server" in SERVER:
        SERVER["server"].close()
    for target in TARGETS:
        target.shutdown()
        target.server_close()


def elbv2():
    return SERVER["server"].client("elbv2")


# --- Targets: HTTP servers that say who they are and what they were sent -------------------

TARGETS = []


class TargetHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the proxy's connections expect

    def answer(self):
        server = self.server
        if self.path == "/health":
            return self.health()
        if self.path == "/chunked":
            return self.chunked()
        with server.lock:
            server.requests += 1
            server.connections.add(self.client_address)
        if server.delay:
            time.sleep(server.delay)
        length = int(self.headers.get("Content-Length") or 0)
        body = json.dumps({"target": server.name, "method": self.command, "path": self.path,
                           "body": self.rfile.read(length).decode(),
                           "headers": {k.lower(): v for k, v in self.headers.items()}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def health(self):
        self.send_response(self.server.health)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def chunked(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for part in (b"hello ", b"chunked ", b"world"):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
        self.wfile.write(b"0\r\n\r\n")

    def do_HEAD(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "1234")
        self.end_headers()

    do_GET = do_POST = do_PUT = do_DELETE = answer

    def log_message(self, *args):
        pass


class Target(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client gone (the proxy's 504 closed the connection) is what a test expects

    def __init__(self, name, delay=0, health=200):
        super().__init__(("127.0.0.1", 0), TargetHandler)
        self.name, self.delay, self.health = name, delay, health
        self.lock = threading.Lock()
        self.requests, self.connections = 0, set()
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()
        TARGETS.append(self)


def dead_port():
    """A port nothing listens on (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def put_targets(group_arn, targets):
    """Registers (port, state) pairs in the group, replacing what it had, in the store."""
    db = sqlite3.connect(os.path.join(SERVER["data"], "state.db"), timeout=10)
    with db:
        db.execute("DELETE FROM docs WHERE kind = 'elbv2_target' AND parent = ?", (group_arn,))
        for port, state in targets:
            doc = {"TargetGroupArn": group_arn, "Id": "127.0.0.1", "Port": port, "State": state,
                   "RegisteredAt": time.time()}
            db.execute("INSERT INTO docs(kind, key, parent, doc) VALUES(?, ?, ?, ?)",
                       ("elbv2_target", f"{group_arn}|127.0.0.1|{port}", group_arn,
                        json.dumps(doc)))
    db.close()
    time.sleep(1.5)  # the proxies read the store again at least every second


# --- Load balancers -------------------------------------------------------------------------

COUNTER = [0]


def unique(prefix):
    COUNTER[0] += 1
    return f"{prefix}{COUNTER[0]}"


def load_balancer():
    lb = elbv2().create_load_balancer(Name=unique("lb"), Subnets=["subnet-a", "subnet-b"])
    return lb["LoadBalancers"][0]["LoadBalancerArn"]


def target_group():
    tg = elbv2().create_target_group(Name=unique("tg"), Protocol="HTTP", Port=80,
                                     VpcId="vpc-1", HealthCheckPath="/health",
                                     HealthCheckIntervalSeconds=300)
    return tg["TargetGroups"][0]["TargetGroupArn"]


def forward(group):
    return [{"Type": "forward", "TargetGroupArn": group}]


def fixed(status, body):
    return [{"Type": "fixed-response", "FixedResponseConfig": {
        "StatusCode": str(status), "ContentType": "text/plain", "MessageBody": body}}]


def address_of(listener_arn, present=True, timeout=10):
    """The 127.0.0.1:PORT berth serve gives the listener (DATA/listeners.json)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            listeners = json.loads(read(os.path.join(SERVER["data"], "listeners.json")) or "{}")
        except json.JSONDecodeError:
            listeners = {}
        if (listener_arn in listeners) == present:
            return listeners.get(listener_arn, {}).get("Address")
        time.sleep(0.05)
    raise AssertionError(f"listener {listener_arn} never {'came' if present else 'went'}")


def listener(lb, actions, port=80):
    arn = elbv2().create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=port,
                                  DefaultActions=actions)["Listeners"][0]["ListenerArn"]
    return arn, address_of(arn)


def get(address, path="/", method="GET", headers=None, body=None, connection=None):
    """(status, headers, body) of one request through `address`."""
    conn = connection or http.client.HTTPConnection(*address.split(":"), timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    out = (response.status, dict(response.getheaders()), response.read().decode())
    if not connection:
        conn.close()
    return out


def who(address, path="/", **kwargs):
    status, _, body = get(address, path, **kwargs)
    if status != 200:
        return status
    try:
        return json.loads(body)["target"]
    except (ValueError, KeyError):
        return body


class Rules(unittest.TestCase):
    def test_rules_by_priority_path_and_host(self):
        a, b = Target("a"), Target("b")
        tg_a, tg_b = target_group(), target_group()
        arn, address = listener(load_balancer(), fixed(404, "no route"))
        client = elbv2()
        client.create_rule(ListenerArn=arn, Priority=10, Actions=forward(tg_b), Conditions=[
            {"Field": "path-pattern", "PathPatternConfig": {"Values": ["/api/*"]}}])
        client.create_rule(ListenerArn=arn, Priority=5, Actions=fixed(200, "admin"), Conditions=[
            {"Field": "host-header", "HostHeaderConfig": {"Values": ["ADMIN.example.*"]}}])
        client.create_rule(ListenerArn=arn, Priority=20, Actions=forward(tg_a), Conditions=[
            {"Field": "path-pattern", "Values": ["/img/?.png", "/static/*"]}])
        put_targets(tg_a, [(a.port, "healthy")])
        put_targets(tg_b, [(b.port, "healthy")])
        self.assertEqual(get(address, "/")[0::2], (404, "no route"))
        self.assertEqual(who(address, "/api/users?id=1"), "b")
        self.assertEqual(who(address, "/api/users", headers={"Host": "admin.example.com:8080"}),
                         "admin")  # priority 5 before 10, host matched without case or port
        self.assertEqual(who(address, "/img/1.png"), "a")
        self.assertEqual(get(address, "/img/12.png")[0], 404)  # '?' is exactly one character
        self.assertEqual(who(address, "/static/css/x.css"), "a")
        self.assertEqual(get(address, "/API/users")[0], 404)  # paths are case-sensitive
        # A rule changed, then deleted: the next requests follow.
        rules = client.describe_rules(ListenerArn=arn)["Rules"]
        api = [r for r in rules if r["Priority"] == "10"][0]["RuleArn"]
        client.modify_rule(RuleArn=api, Actions=forward(tg_a))
        time.sleep(0.5)
        self.assertEqual(who(address, "/api/users"), "a")
        client.delete_rule(RuleArn=api)
        time.sleep(0.5)
        self.assertEqual(get(address, "/api/users")[0], 404)

    def test_weighted_forward(self):
        a, b = Target("a"), Target("b")
        tg_a, tg_b = target_group(), target_group()
        _, address = listener(load_balancer(), [{"Type": "forward", "ForwardConfig": {
            "TargetGroups": [{"TargetGroupArn": tg_a, "Weight": 3},
                             {"TargetGroupArn": tg_b, "Weight": 1}]}}])
        put_targets(tg_a, [(a.port, "healthy")])
        put_targets(tg_b, [(b.port, "healthy")])
        seen = [who(address) for _ in range(40)]
        self.assertEqual((seen.count("a"), seen.count("b")), (30, 10), seen)

    def test_redirects(self):
        lb = load_balancer()
        _, address = listener(lb, [{"Type": "redirect", "RedirectConfig": {
            "Protocol": "HTTPS", "Port": "443", "Host": "example.com",
            "Path": "/new/#{path}", "StatusCode": "HTTP_302"}}])
        status, headers, _ = get(address, "/old/x?q=1")
        self.assertEqual((status, headers.get("Location")),
                         (302, "https://example.com/new/old/x?q=1"))
        # Only the path given: protocol, host, port and query are the request's own.
        _, address = listener(lb, [{"Type": "redirect", "RedirectConfig": {
            "Path": "/v2/#{path}", "StatusCode": "HTTP_301"}}], port=8080)
        status, headers, _ = get(address, "/a/b?x=y", headers={"Host": "shop.test"})
        port = address.split(":")[1]
        self.assertEqual((status, headers.get("Location")),
                         (301, f"http://shop.test:{port}/v2/a/b?x=y"))

    def test_fixed_response(self):
        _, address = listener(load_balancer(), [{"Type": "fixed-response", "FixedResponseConfig": {
            "StatusCode": "418", "ContentType": "application/json",
            "MessageBody": '{"teapot":true}'}}])
        status, headers, body = get(address, "/anything", method="POST", body="x")
        self.assertEqual((status, headers.get("Content-Type"), body),
                         (418, "application/json", '{"teapot":true}'))


class Targets(unittest.TestCase):
    def test_round_robin_over_healthy_then_fail_open(self):
        t1, t2 = Target("t1"), Target("t2")
        t3, t4 = Target("t3", health=500), Target("t4", health=500)
        tg = target_group()
        _, address = listener(load_balancer(), forward(tg))
        put_targets(tg, [(t1.port, "healthy"), (t2.port, "healthy"), (t3.port, "unhealthy"),
                         (t4.port, "initial")])
        seen = [who(address) for _ in range(10)]
        self.assertEqual(sorted(set(seen)), ["t1", "t2"], seen)
        self.assertEqual(seen.count("t1"), 5, seen)
        # None healthy: every registered target that is not draining takes requests (ALB).
        put_targets(tg, [(t1.port, "unhealthy"), (t2.port, "unhealthy"), (t3.port, "initial"),
                         (t4.port, "draining")])
        seen = [who(address) for _ in range(9)]
        self.assertEqual(sorted(set(seen)), ["t1", "t2", "t3"], seen)
        self.assertEqual(seen.count("t3"), 3, seen)

    def test_keep_alive_to_targets(self):
        t = Target("t")
        tg = target_group()
        _, address = listener(load_balancer(), forward(tg))
        put_targets(tg, [(t.port, "healthy")])
        for _ in range(30):
            self.assertEqual(who(address), "t")
        # One client at a time: each of the proxy's loops (one per core, at most 4: a client
        # connection is served by the loop that accepted it) keeps one connection to the
        # target and carries all its requests on it.
        self.assertEqual(t.requests, 30)
        self.assertLessEqual(len(t.connections), min(os.cpu_count(), 4), t.connections)

    def test_forwarded_headers_and_body(self):
        t = Target("t")
        tg = target_group()
        _, address = listener(load_balancer(), forward(tg))
        put_targets(tg, [(t.port, "healthy")])
        status, _, body = get(address, "/echo?q=1", method="POST", body="hello",
                              headers={"Host": "app.test", "X-Forwarded-For": "203.0.113.7",
                                       "Content-Type": "text/plain"})
        self.assertEqual(status, 200)
        sent = json.loads(body)
        self.assertEqual((sent["method"], sent["path"], sent["body"]),
                         ("POST", "/echo?q=1", "hello"))
        headers = sent["headers"]
        self.assertEqual(headers["host"], "app.test")
        self.assertEqual(headers["x-forwarded-for"], "203.0.113.7, 127.0.0.1")
        self.assertEqual(headers["x-forwarded-proto"], "http")
        self.assertEqual(headers["x-forwarded-port"], address.split(":")[1])

    def test_bodies_chunked_answers_and_head(self):
        t = Target("t")
        tg = target_group()
        _, address = listener(load_balancer(), forward(tg))
        put_targets(tg, [(t.port, "healthy")])
        big = "x" * (3 << 20)
        status, _, body = get(address, "/upload", method="PUT", body=big)
        self.assertEqual((status, len(json.loads(body)["body"])), (200, len(big)))
        status, _, body = get(address, "/chunked")
        self.assertEqual((status, body), (200, "hello chunked world"))
        conn = http.client.HTTPConnection(*address.split(":"), timeout=10)
        conn.request("HEAD", "/")
        response = conn.getresponse()
        self.assertEqual((response.status, response.read()), (200, b""))
        # The connection is still usable after a HEAD (no body was expected or sent).
        self.assertEqual(get(address, "/after", connection=conn)[0], 200)
        conn.close()

    def test_alb_errors(self):
        tg_dead, tg_empty, tg_slow = target_group(), target_group(), target_group()
        slow = Target("slow", delay=3)
        lb = load_balancer()
        arn, address = listener(lb, forward(tg_dead))
        client = elbv2()
        client.create_rule(ListenerArn=arn, Priority=1, Actions=forward(tg_empty), Conditions=[
            {"Field": "path-pattern", "Values": ["/empty"]}])
        client.create_rule(ListenerArn=arn, Priority=2, Actions=forward(tg_slow), Conditions=[
            {"Field": "path-pattern", "Values": ["/slow"]}])
        client.modify_load_balancer_attributes(LoadBalancerArn=lb, Attributes=[
            {"Key": "idle_timeout.timeout_seconds", "Value": "1"}])
        put_targets(tg_dead, [(dead_port(), "healthy")])
        put_targets(tg_slow, [(slow.port, "healthy")])
        status, headers, body = get(address, "/")
        self.assertEqual((status, headers.get("Server")), (502, "awselb/2.0"))
        self.assertIn("502 Bad Gateway", body)
        self.assertEqual(get(address, "/empty")[0], 503)  # no target registered
        started = time.time()
        self.assertEqual(get(address, "/slow")[0], 504)   # no answer within the idle timeout
        self.assertLess(time.time() - started, 2.9)


class HealthChecked(unittest.TestCase):
    """Through the API and berth serve's own health checker: no state written by the test."""

    def test_unhealthy_target_leaves_the_rotation_and_deregistered_one_too(self):
        client = elbv2()
        t1, t2 = Target("t1"), Target("t2")
        tg = client.create_target_group(
            Name=unique("tg"), Protocol="HTTP", Port=80, VpcId="vpc-1", HealthCheckPath="/health",
            HealthCheckIntervalSeconds=5, HealthCheckTimeoutSeconds=2, HealthyThresholdCount=2,
            UnhealthyThresholdCount=2)["TargetGroups"][0]["TargetGroupArn"]
        client.modify_target_group_attributes(TargetGroupArn=tg, Attributes=[
            {"Key": "deregistration_delay.timeout_seconds", "Value": "30"}])
        _, address = listener(load_balancer(), forward(tg))
        client.register_targets(TargetGroupArn=tg, Targets=[
            {"Id": "127.0.0.1", "Port": t1.port}, {"Id": "127.0.0.1", "Port": t2.port}])

        def states():
            health = client.describe_target_health(TargetGroupArn=tg)
            return {d["Target"]["Port"]: d["TargetHealth"]["State"]
                    for d in health["TargetHealthDescriptions"]}

        def wait_for(wanted, timeout):
            deadline = time.time() + timeout
            while states() != wanted:
                self.assertLess(time.time(), deadline, states())
                time.sleep(0.2)

        wait_for({t1.port: "healthy", t2.port: "healthy"}, 20)
        time.sleep(0.3)  # the proxies see target writes within 100 ms
        self.assertEqual(sorted(set(who(address) for _ in range(6))), ["t1", "t2"])

        # t2's health check fails: after 2 checks 5 s apart it is unhealthy and gets nothing.
        t2.health = 500
        flipped = time.time()
        wait_for({t1.port: "healthy", t2.port: "unhealthy"}, 20)
        time.sleep(0.3)
        self.assertEqual([who(address) for _ in range(6)], ["t1"] * 6)
        self.assertLess(time.time() - flipped, 5 * 2 + 5)  # two intervals, and a check's time

        # t1 deregistered: draining takes no new requests, so the group has no healthy target
        # left and fails open to t2, unhealthy but registered.
        client.deregister_targets(TargetGroupArn=tg, Targets=[{"Id": "127.0.0.1",
                                                               "Port": t1.port}])
        time.sleep(0.5)
        self.assertEqual(states()[t1.port], "draining")
        self.assertEqual([who(address) for _ in range(4)], ["t2"] * 4)


class Lifecycle(unittest.TestCase):
    def test_listeners_come_change_go_and_survive_a_restart(self):
        client = elbv2()
        lb = load_balancer()
        arn, address = listener(lb, fixed(200, "one"))
        self.assertEqual(get(address)[0::2], (200, "one"))
        client.modify_listener(ListenerArn=arn, DefaultActions=fixed(200, "two"))
        time.sleep(0.5)
        self.assertEqual(get(address)[0::2], (200, "two"))
        kept, kept_address = listener(lb, fixed(200, "kept"), port=81)
        client.delete_listener(ListenerArn=arn)
        address_of(arn, present=False)
        with self.assertRaises(ConnectionRefusedError):
            get(address)
        # A restart serves what the store holds, before the first API call.
        SERVER["server"].restart()
        kept_address = address_of(kept)
        self.assertEqual(get(kept_address)[0::2], (200, "kept"))
        # Deleting the load balancer takes its listeners down.
        elbv2().delete_load_balancer(LoadBalancerArn=lb)
        address_of(kept, present=False)


class Ports(unittest.TestCase):
    """--lb-ports on a server of the test's own (the module's runs with `auto`)."""

    def serve(self, *args):
        server = Server(SERVER["berth"], *args, prefix="berth-lb-ports-")
        self.addCleanup(server.close)
        return server.client("elbv2"), server.data

    def test_base_port_then_a_free_one_when_taken(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            base = taken.getsockname()[1] - 81  # base + 81 is held by this test
            client, data = self.serve("--lb-ports", f"base:{base}")
            lb = client.create_load_balancer(Name="ports", Subnets=["s-a", "s-b"])
            lb = lb["LoadBalancers"][0]["LoadBalancerArn"]
            arns = [client.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=port,
                                           DefaultActions=fixed(200, str(port)))
                    ["Listeners"][0]["ListenerArn"] for port in (80, 81)]
            deadline = time.time() + 10
            while True:
                listeners = json.loads(read(os.path.join(data, "listeners.json")) or "{}")
                if all(arn in listeners for arn in arns) or time.time() > deadline:
                    break
                time.sleep(0.05)
            first, second = (listeners[arn]["Address"] for arn in arns)
            self.assertEqual(first, f"127.0.0.1:{base + 80}")
            self.assertNotEqual(second, f"127.0.0.1:{base + 81}")
            self.assertEqual(get(first)[0::2], (200, "80"))
            self.assertEqual(get(second)[0::2], (200, "81"))
            self.assertIn(f"(port {base + 81} was not free)", read(os.path.join(data, "serve.log")))

    def test_bad_policy_is_refused(self):
        done = subprocess.run([SERVER["berth"], "serve", "--data", SERVER["data"] + "-bad",
                               "--lb-ports", "base:70000"], capture_output=True, text=True)
        self.addCleanup(shutil.rmtree, SERVER["data"] + "-bad", ignore_errors=True)
        self.assertEqual((done.returncode, done.stderr),
                         (1, "berth serve: --lb-ports base:70000: expected listener, auto or "
                             "base:N\n"))


if __name__ == "__main__":
    SERVER["berth"] = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0], "-v"] + sys.argv[2:])

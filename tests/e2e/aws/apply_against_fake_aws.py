#!/usr/bin/env python3
"""Runs an emitted apply.sh for real, with the AWS CLI, against a small AWS look-alike on
127.0.0.1 that answers the JSON and query protocols with canned identifiers, then checks what
it received: every call of the manifest arrived in order, no `{{berth:` placeholder reached
the wire, and every value a call captured (a security group id...) was substituted into the
later requests that consume it.

Usage: apply_against_fake_aws.py EMIT_DIR   Prints what it checked; exit 1 on any failure."""
import http.server
import itertools
import json
import os
import subprocess
import sys
import threading
import urllib.parse

counter = itertools.count(1)
received = []  # (operation, body text)


def canned_query(action):
    """XML for the query protocols (EC2 without a result wrapper; IAM and ELBv2 with one)."""
    n = next(counter)
    ec2 = {
        "CreateSecurityGroup": "<groupId>sg-0fa4e000000000%03d</groupId>" % n,
        "DescribeSecurityGroups":
            "<securityGroupInfo><item><groupId>sg-0de5c000000000%03d</groupId></item>"
            "</securityGroupInfo>" % n,
    }
    if action in ec2 or action.startswith(("Authorize", "Revoke", "Delete", "CreateTags")):
        body = ec2.get(action, "<return>true</return>")
        return ('<%sResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">'
                "<requestId>r-%d</requestId>%s</%sResponse>" % (action, n, body, action))
    arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:%s/fake/%06d"
    results = {
        "CreateTargetGroup": "<TargetGroups><member><TargetGroupArn>%s</TargetGroupArn>"
                             "</member></TargetGroups>" % (arn % ("targetgroup", n)),
        "DescribeTargetGroups": "<TargetGroups><member><TargetGroupArn>%s</TargetGroupArn>"
                                "</member></TargetGroups>" % (arn % ("targetgroup", n)),
        "CreateLoadBalancer": "<LoadBalancers><member><LoadBalancerArn>%s</LoadBalancerArn>"
                              "<DNSName>fake-%d.elb.amazonaws.com</DNSName>"
                              "<CanonicalHostedZoneId>ZFAKE%d</CanonicalHostedZoneId>"
                              "<VpcId>vpc-0fa4e%07d</VpcId>"
                              "</member></LoadBalancers>" % (arn % ("loadbalancer/app", n), n, n,
                                                              n),
        "CreateListener": "<Listeners><member><ListenerArn>%s</ListenerArn></member></Listeners>"
                          % (arn % ("listener/app", n)),
        "CreateRule": "<Rules><member><RuleArn>%s</RuleArn></member></Rules>"
                      % (arn % ("listener-rule/app", n)),
    }
    return "<%sResponse><%sResult>%s</%sResult><ResponseMetadata><RequestId>r-%d</RequestId>" \
           "</ResponseMetadata></%sResponse>" % (action, action, results.get(action, ""),
                                                  action, n, action)


def canned_json(operation):
    n = next(counter)
    results = {
        "CreateCluster": {"cluster": {
            "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/fake-%d" % n}},
        "RegisterTaskDefinition": {"taskDefinition": {
            "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/fake:%d" % n}},
        "CreateService": {"service": {"serviceArn": "arn:aws:ecs:fake:service/%d" % n},
                          "Service": {"Arn": "arn:aws:servicediscovery:fake:service/srv-%d" % n,
                                      "Id": "srv-%d" % n}},
        "PutRule": {"RuleArn": "arn:aws:events:us-east-1:123456789012:rule/fake-%d" % n},
        "PutScalingPolicy": {"PolicyARN": "arn:aws:autoscaling:fake:policy/%d" % n},
    }
    return json.dumps(results.get(operation, {}))


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        target = self.headers.get("X-Amz-Target")
        if target:  # JSON protocol: Service_Version.Operation
            operation = target.split(".")[-1]
            reply, kind = canned_json(operation), "application/x-amz-json-1.1"
        else:  # query protocols: Action=...&Version=...
            operation = urllib.parse.parse_qs(body).get("Action", ["?"])[0]
            reply, kind = canned_query(operation), "text/xml"
        received.append((operation, body))
        data = reply.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def capture_file(name):
    """The file apply.sh keeps a captured value in: anything but [A-Za-z0-9._-] as %XX."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "%%%02X" % ord(c)
                   for c in name)


def camel(operation):
    return "".join(word.capitalize() for word in operation.split("-"))


def main(directory):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    work = os.path.join(directory, ".work")
    env = dict(os.environ, AWS_ACCESS_KEY_ID="berth-test", AWS_SECRET_ACCESS_KEY="berth-test",
               AWS_DEFAULT_REGION="us-east-1", AWS_MAX_ATTEMPTS="1", AWS_PAGER="",
               AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null",
               AWS_CLI="aws --endpoint-url http://127.0.0.1:%d" % server.server_address[1],
               BERTH_WORK=work)
    # The look-alike is no account of the stack's: skip apply.sh's account and region check.
    done = subprocess.run(["sh", os.path.join(directory, "apply.sh"), "--no-identity-check"],
                          env=env,
                          capture_output=True, text=True, timeout=120)
    server.shutdown()
    problems = []
    if done.returncode != 0:
        problems.append("apply.sh exited %d: %s" % (done.returncode, done.stderr[-2000:]))
    manifest = json.load(open(os.path.join(directory, "manifest.json")))
    expected = [camel(call["operation"]) for call in manifest["calls"]]
    got = [operation for operation, _ in received]
    if got != expected:
        problems.append("calls arrived as %s, the manifest lists %s" % (got, expected))
    substituted = 0
    for index, (call, (operation, body)) in enumerate(zip(manifest["calls"], received)):
        decoded = urllib.parse.unquote_plus(body)
        if "{{berth:" in decoded or "%7B%7Bberth" in body:
            problems.append("call %d (%s) was sent with a placeholder" % (index + 1, operation))
        for name in call["placeholders"]:
            value = open(os.path.join(work, "values", capture_file(name))).read().strip()
            if value and value in decoded:
                substituted += 1
            else:
                problems.append("call %d (%s) does not carry %s = %r" %
                                (index + 1, operation, name, value))
    for problem in problems:
        print("FAIL " + problem)
    print("apply.sh ran %d calls against the fake AWS; %d placeholders substituted" %
          (len(received), substituted))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

#!/usr/bin/env python3
"""Bad input to every operation `berth serve` answers gets the error AWS gives, in the
service's protocol, and the server keeps serving (issue 14). The cases are generated from
botocore's models (the ones the AWS CLI installed here uses), so a newly served operation is
covered without a line here:

- which operations are served: each of the model's operations is sent; all but the ones the
  server refuses as unknown (UnknownOperationException, InvalidAction) are checked;
- a missing member: each member the model marks required, at any depth of a request that is
  otherwise complete, left out -> the service's validation error, 400;
- a wrong enum value: each member with an enum, at any depth, set to a value not in it -> the
  same;
- a value of the wrong JSON type (JSON protocols): each top-level scalar member ->
  SerializationException, 400;
- an unknown ARN or name: the request with every required member, naming things that do not
  exist -> the error AWS documents for it (UNKNOWN below) or, for operations not listed there,
  success or an error the model lists for the operation, never a 5xx.

botocore sends the requests (its own client-side validation off) and parses the answers, so
what a real client would see is what is checked. A server of its own, no Docker engine: the
whole run costs a few seconds.

Usage: api_errors.py BERTH [TestCase[.test_name] ...]"""

import copy
import datetime
import functools
import os
import re
import sys
import unittest

from botocore.config import Config
from botocore.exceptions import ClientError

from cp_server import Server

REGION, ACCOUNT = "us-east-1", "000000000000"
SERVER = {}

# The code each service gives its own validation failures (a required member missing, a value
# not in an enum): its model's shape where it has one (ECS and Logs InvalidParameterException,
# Cloud Map InvalidInput, Application Auto Scaling ValidationException), else AWS's front end's
# (ValidationException in JSON, ValidationError in query). EC2 has its own two.
VALIDATION = {
    "ecs": ("InvalidParameterException", "InvalidParameterException"),
    "logs": ("InvalidParameterException", "InvalidParameterException"),
    "servicediscovery": ("InvalidInput", "InvalidInput"),
    "application-autoscaling": ("ValidationException", "ValidationException"),
    "events": ("ValidationException", "ValidationException"),
    "iam": ("ValidationError", "ValidationError"),
    "elbv2": ("ValidationError", "ValidationError"),
    "cloudwatch": ("ValidationError", "ValidationError"),
    "ec2": ("MissingParameter", "InvalidParameterValue"),
}

# What AWS answers an operation that names something that does not exist (API references,
# "Errors"), with the HTTP status its model gives. An operation not listed here may succeed or
# fail with an error its model lists.
UNKNOWN = {
    "ecs": {
        # The generated requests name no cluster: the default one (setUpModule creates it).
        "DescribeClusters": None,  # unknown clusters are `failures`, not an error
        "DescribeServices": None,  # so are unknown services
        "DescribeTasks": None,  # and tasks
        "ListServices": None,
        "ListTasks": None,
        "DeleteCluster": ("ClusterNotFoundException", 400),
        "UpdateService": ("ServiceNotFoundException", 400),
        "DeleteService": ("ServiceNotFoundException", 400),
        "DescribeTaskDefinition": ("ClientException", 400),
        "StopTask": ("InvalidParameterException", 400),  # "The referenced task was not found."
        "RunTask": ("InvalidParameterException", 400),  # "TaskDefinition not found."
        "CreateService": ("InvalidParameterException", 400),
        "ListTagsForResource": ("ClusterNotFoundException", 400),
        "TagResource": ("ClusterNotFoundException", 400),
        "UntagResource": ("ClusterNotFoundException", 400),
    },
    "elbv2": {
        "DescribeTargetHealth": ("TargetGroupNotFound", 400),
        "RegisterTargets": ("TargetGroupNotFound", 400),
        "DeregisterTargets": ("TargetGroupNotFound", 400),
        "ModifyTargetGroup": ("TargetGroupNotFound", 400),
        "ModifyTargetGroupAttributes": ("TargetGroupNotFound", 400),
        "DescribeTargetGroupAttributes": ("TargetGroupNotFound", 400),
        "CreateListener": ("LoadBalancerNotFound", 400),
        "DescribeLoadBalancerAttributes": ("LoadBalancerNotFound", 400),
        "ModifyLoadBalancerAttributes": ("LoadBalancerNotFound", 400),
        "DeleteListener": ("ListenerNotFound", 400),
        "ModifyListener": ("ListenerNotFound", 400),
        "CreateRule": ("ListenerNotFound", 400),
        "DeleteRule": ("RuleNotFound", 400),
        "ModifyRule": ("RuleNotFound", 400),
        "DescribeRules": ("ListenerNotFound", 400),
        "DeleteLoadBalancer": None,  # "If the load balancer does not exist ... the call succeeds"
        "DeleteTargetGroup": None,  # its only error is ResourceInUse
        "AddTags": ("TargetGroupNotFound", 400),
        "RemoveTags": ("TargetGroupNotFound", 400),
        "DescribeTags": ("TargetGroupNotFound", 400),
        "SetSecurityGroups": ("LoadBalancerNotFound", 400),
        "SetSubnets": ("LoadBalancerNotFound", 400),
        "SetIpAddressType": ("LoadBalancerNotFound", 400),
        "SetRulePriorities": ("RuleNotFound", 400),
    },
    "application-autoscaling": {
        "DeleteScalingPolicy": ("ObjectNotFoundException", 400),
        "DeleteScheduledAction": ("ObjectNotFoundException", 400),
        "DeregisterScalableTarget": ("ObjectNotFoundException", 400),
        "PutScalingPolicy": ("ObjectNotFoundException", 400),
        "PutScheduledAction": ("ObjectNotFoundException", 400),
        "TagResource": ("ResourceNotFoundException", 400),
        "UntagResource": ("ResourceNotFoundException", 400),
        "ListTagsForResource": ("ResourceNotFoundException", 400),
    },
    "logs": {
        "DeleteLogGroup": ("ResourceNotFoundException", 400),
        "PutRetentionPolicy": ("ResourceNotFoundException", 400),
        "DeleteRetentionPolicy": ("ResourceNotFoundException", 400),
        "CreateLogStream": ("ResourceNotFoundException", 400),
        "GetLogEvents": ("ResourceNotFoundException", 400),
        "PutLogEvents": ("ResourceNotFoundException", 400),
        "FilterLogEvents": ("ResourceNotFoundException", 400),
        "DescribeLogStreams": ("ResourceNotFoundException", 400),
        "DeleteLogStream": ("ResourceNotFoundException", 400),
        "TagLogGroup": ("ResourceNotFoundException", 400),
        "UntagLogGroup": ("ResourceNotFoundException", 400),
        "ListTagsLogGroup": ("ResourceNotFoundException", 400),
    },
    "events": {
        "DescribeRule": ("ResourceNotFoundException", 400),
        "PutTargets": ("ResourceNotFoundException", 400),
        "ListTargetsByRule": ("ResourceNotFoundException", 400),
        "EnableRule": ("ResourceNotFoundException", 400),
        "DisableRule": ("ResourceNotFoundException", 400),
        "RemoveTargets": ("ResourceNotFoundException", 400),
        "DeleteRule": None,  # deleting a rule that is not there succeeds
        "TagResource": ("ResourceNotFoundException", 400),
        "UntagResource": ("ResourceNotFoundException", 400),
        "ListTagsForResource": ("ResourceNotFoundException", 400),
    },
    "servicediscovery": {
        "GetService": ("ServiceNotFound", 400),
        "DeleteService": ("ServiceNotFound", 400),
        "GetNamespace": ("NamespaceNotFound", 400),
        "DeleteNamespace": ("NamespaceNotFound", 400),
        "RegisterInstance": ("ServiceNotFound", 400),
        "DeregisterInstance": ("ServiceNotFound", 400),
        "DiscoverInstances": ("NamespaceNotFound", 400),
        "ListInstances": ("ServiceNotFound", 400),
        "GetInstance": ("ServiceNotFound", 400),
        "GetInstancesHealthStatus": ("ServiceNotFound", 400),
        "UpdateService": ("ServiceNotFound", 400),
        "GetOperation": ("OperationNotFound", 400),
        "TagResource": ("ResourceNotFoundException", 400),
        "UntagResource": ("ResourceNotFoundException", 400),
        "ListTagsForResource": ("ResourceNotFoundException", 400),
    },
    "iam": {
        "GetRole": ("NoSuchEntity", 404),
        "DeleteRole": ("NoSuchEntity", 404),
        "UpdateRole": ("NoSuchEntity", 404),
        "GetRolePolicy": ("NoSuchEntity", 404),
        "PutRolePolicy": ("NoSuchEntity", 404),
        "DeleteRolePolicy": ("NoSuchEntity", 404),
        "AttachRolePolicy": ("NoSuchEntity", 404),
        "DetachRolePolicy": ("NoSuchEntity", 404),
        "ListRolePolicies": ("NoSuchEntity", 404),
        "ListAttachedRolePolicies": ("NoSuchEntity", 404),
        "TagRole": ("NoSuchEntity", 404),
        "UntagRole": ("NoSuchEntity", 404),
        "ListRoleTags": ("NoSuchEntity", 404),
    },
    "ec2": {
        "DeleteSecurityGroup": ("InvalidGroup.NotFound", 400),
        "AuthorizeSecurityGroupIngress": ("InvalidGroup.NotFound", 400),
        "AuthorizeSecurityGroupEgress": ("InvalidGroup.NotFound", 400),
        "RevokeSecurityGroupIngress": ("InvalidGroup.NotFound", 400),
        "RevokeSecurityGroupEgress": ("InvalidGroup.NotFound", 400),
    },
    "cloudwatch": {
        "DeleteAlarms": ("ResourceNotFound", 404),
        "TagResource": ("ResourceNotFoundException", 404),
        "UntagResource": ("ResourceNotFoundException", 404),
        "ListTagsForResource": ("ResourceNotFoundException", 404),
    },
}

# Well-formed ARNs of things that do not exist, by member: AWS refuses a malformed one as
# invalid input before it looks anything up.
ELB = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}"
HEX = "0123456789abcdef"
ARNS = {
    "elbv2": {
        "LoadBalancerArn": ELB + ":loadbalancer/app/{unknown:.32}/" + HEX,
        "LoadBalancerArns": ELB + ":loadbalancer/app/{unknown:.32}/" + HEX,
        "TargetGroupArn": ELB + ":targetgroup/{unknown:.32}/" + HEX,
        "TargetGroupArns": ELB + ":targetgroup/{unknown:.32}/" + HEX,
        "ResourceArns": ELB + ":targetgroup/{unknown:.32}/" + HEX,
        "ListenerArn": ELB + f":listener/app/{{unknown:.32}}/{HEX}/{HEX}",
        "ListenerArns": ELB + f":listener/app/{{unknown:.32}}/{HEX}/{HEX}",
        "RuleArn": ELB + f":listener-rule/app/{{unknown:.32}}/{HEX}/{HEX}/{HEX}",
        "RuleArns": ELB + f":listener-rule/app/{{unknown:.32}}/{HEX}/{HEX}/{HEX}",
    },
    "ecs": {"resourceArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/{{unknown}}"},
}

# Members AWS needs though the model does not mark them required (one of two alternatives),
# added to the request that names unknown things.
ALTERNATIVES = {
    "logs": {op: {"logGroupName": "berth-unknown-group"}
             for op in ("GetLogEvents", "FilterLogEvents", "DescribeLogStreams")},
    "elbv2": {"DescribeRules": {"ListenerArn": ARNS["elbv2"]["ListenerArn"].format(
        unknown="berth-unknown")}},
    "ec2": {op: {"GroupId": "sg-0123456789abcdef0"}
            for op in ("DeleteSecurityGroup", "AuthorizeSecurityGroupIngress",
                       "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
                       "RevokeSecurityGroupEgress")},
}

# Requests written out, for what the generated ones cannot say (a cluster that does not exist
# where the generated request uses the default one): (operation, input, code, HTTP status).
WRITTEN = {
    "ecs": [
        ("UpdateService", {"cluster": "berth-unknown", "service": "api"},
         "ClusterNotFoundException", 400),
        ("DescribeServices", {"cluster": "berth-unknown", "services": ["api"]},
         "ClusterNotFoundException", 400),
        ("ListTasks", {"cluster": "berth-unknown"}, "ClusterNotFoundException", 400),
        ("RunTask", {"cluster": "berth-unknown", "taskDefinition": "api"},
         "ClusterNotFoundException", 400),
        ("DeregisterTaskDefinition", {"taskDefinition": "berth-unknown:1"}, "ClientException",
         400),
    ],
}

# A read of each service that must still succeed once its bad requests are answered.
STILL_SERVING = {
    "ecs": ("list_clusters", {}), "elbv2": ("describe_load_balancers", {}),
    "application-autoscaling": ("describe_scalable_targets", {"ServiceNamespace": "ecs"}),
    "logs": ("describe_log_groups", {}), "events": ("list_rules", {}),
    "servicediscovery": ("list_namespaces", {}), "iam": ("list_roles", {}),
    "ec2": ("describe_security_groups", {}), "cloudwatch": ("describe_alarms", {}),
}

# The server refuses an operation it does not serve with one of these.
UNSERVED = {"UnknownOperationException", "InvalidAction"}
NOT_AN_ENUM_VALUE = "BERTH_NOT_IN_THE_ENUM"
# A value of another JSON type, by the model's scalar type (timestamps and blobs botocore's
# serializer converts itself: not sent wrong).
WRONG_TYPE = {"string": 12345, "integer": "berth-not-a-number", "long": "berth-not-a-number",
              "double": "berth-not-a-number", "float": "berth-not-a-number",
              "boolean": "berth-not-a-boolean"}
EC2_SERVED = re.compile("SecurityGroup|Vpcs?$|Subnets?$|Tags$|AccountAttributes")


def setUpModule():
    SERVER["server"] = Server(SERVER["berth"], "--lb-ports", "auto", region=REGION,
                              account=ACCOUNT, prefix="berth-api-errors-")
    # The generated ECS requests name no cluster: the default one, which must exist.
    client("ecs").create_cluster()


def tearDownModule():
    if "server" in SERVER:
        SERVER["server"].close()


class Requests:
    """Request inputs built from an operation's input shape."""

    def __init__(self, service, operation):
        self.service, self.operation = service, operation
        self.unknown = "berth-unknown-" + operation.name.lower()

    def string(self, name, shape):
        if shape.enum:
            return shape.enum[0]
        if name in ARNS.get(self.service.service_name, {}):
            return ARNS[self.service.service_name][name].format(unknown=self.unknown)
        if name.lower().endswith("arn") or name.lower().endswith("arns"):
            signing = self.service.metadata.get("signingName",
                                                self.service.metadata["endpointPrefix"])
            region = "" if signing == "iam" else REGION
            return f"arn:aws:{signing}:{region}:{ACCOUNT}:{name.lower()}/{self.unknown}"
        if shape.metadata.get("max") is not None and shape.metadata["max"] < len(self.unknown):
            return self.unknown[:shape.metadata["max"]]
        return self.unknown

    def value(self, name, shape, depth=0):
        """A value of `shape` with its required members only, naming nothing that exists."""
        if shape.type_name == "structure":
            members = shape.required_members
            if not members and depth:
                # An empty structure is not sent at all by the query protocols: one member.
                members = [m for m, s in shape.members.items() if s.type_name == "string"][:1]
            return {m: self.value(m, shape.members[m], depth + 1)
                    for m in members} if depth < 8 else {}
        if shape.type_name == "list":
            return [self.value(name, shape.member, depth + 1)]
        if shape.type_name == "map":
            return {"k": self.value(name, shape.value, depth + 1)}
        if shape.type_name == "string":
            return self.string(name, shape)
        if shape.type_name in ("integer", "long"):
            return max(shape.metadata.get("min", 1), 1)
        if shape.type_name in ("double", "float"):
            return 1.0
        if shape.type_name == "boolean":
            return False
        if shape.type_name == "timestamp":
            return datetime.datetime.now(datetime.timezone.utc)
        if shape.type_name == "blob":
            return b"x"
        raise AssertionError(f"no value for {shape.type_name}")

    def complete(self):
        shape = self.operation.input_shape
        return self.value("", shape) if shape else {}

    def missing(self):
        """(path, input) for each required member at any depth of complete()."""
        out = []

        def walk(shape, value, path, root):
            if shape.type_name == "structure" and isinstance(value, dict):
                for member in shape.required_members:
                    changed = copy_without(root, path + [member])
                    out.append((".".join(map(str, path + [member])), changed))
                for member, item in value.items():
                    walk(shape.members[member], item, path + [member], root)
            elif shape.type_name == "list" and isinstance(value, list):
                for i, item in enumerate(value):
                    walk(shape.member, item, path + [i], root)

        root = self.complete()
        if self.operation.input_shape:
            walk(self.operation.input_shape, root, [], root)
        return out

    def wrong_enums(self):
        """(path, input) for each member with an enum within 4 levels: complete() with it set
        to a value not in its enum (the structures and lists on the way made up)."""
        out = []

        def walk(shape, path, seen):
            if shape.type_name == "string" and shape.enum:
                out.append((".".join(map(str, path)), path))
            elif shape.type_name == "structure" and len(path) < 4 and shape.name not in seen:
                for member, member_shape in shape.members.items():
                    walk(member_shape, path + [member], seen | {shape.name})
            elif shape.type_name == "list" and len(path) < 4:
                walk(shape.member, path + [0], seen)

        if self.operation.input_shape:
            walk(self.operation.input_shape, [], frozenset())
        return [(name, self.with_value(path, NOT_AN_ENUM_VALUE)) for name, path in out]

    def wrong_types(self):
        """(member, input) for each top-level scalar member of the input: complete() with it
        given a value of another JSON type (a number for a string, text for the others)."""
        out = []
        shape = self.operation.input_shape
        for member, member_shape in (shape.members.items() if shape else []):
            bad = WRONG_TYPE.get(member_shape.type_name)
            if bad is not None:
                out.append((member, self.with_value([member], bad)))
        return out

    def with_value(self, path, bad):
        root = self.complete()
        shape, node = self.operation.input_shape, root
        for i, key in enumerate(path):
            last = i == len(path) - 1
            if shape.type_name == "structure":
                shape = shape.members[key]
                if last:
                    node[key] = bad
                elif key not in node:
                    node[key] = self.value(key, shape)
            else:  # a list: its first item
                shape = shape.member
                if not node:
                    node.append(self.value(str(key), shape))
                if last:
                    node[0] = bad
            if not last:
                node = node[key]
        return root


def copy_without(root, path):
    out = copy.deepcopy(root)
    node = out
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return out


@functools.cache
def client(service):
    # No client-side validation: the server is what is tested. No retries of a 5xx, and no
    # host prefixes ("data-" of Cloud Map's DiscoverInstances): one endpoint serves all.
    return SERVER["server"].client(service, config=Config(
        parameter_validation=False, retries={"max_attempts": 0}, inject_host_prefix=False))


def call(api, operation, params):
    """(code, HTTP status) of the answer; code None on success."""
    try:
        answer = api._make_api_call(operation, params)
        return None, answer["ResponseMetadata"]["HTTPStatusCode"]
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]


def modeled_errors(operation):
    return {shape.metadata.get("error", {}).get("code", shape.name)
            for shape in operation.error_shapes}


class BadInput(unittest.TestCase):
    def check_service(self, name):
        api = client(name)
        model = api.meta.service_model
        served = []
        counts = [0] * 5  # operations, missing members, wrong enums, wrong types, unknown names
        for op_name in model.operation_names:
            # EC2's model has hundreds of operations: berth serves security groups, VPCs,
            # subnets, tags and account attributes.
            if name == "ec2" and not EC2_SERVED.search(op_name):
                continue
            operation = model.operation_model(op_name)
            requests = Requests(model, operation)
            # Missing members first: nothing is created by a refused request.
            cases = requests.missing()
            code, status = call(api, op_name, cases[0][1] if cases else {})
            if code in UNSERVED:
                continue
            served.append(op_name)
            missing_code, enum_code = VALIDATION[name]
            enums = requests.wrong_enums()
            # Only a JSON body can hold a value of the wrong type: a form's are all text.
            types = requests.wrong_types() if model.protocol == "json" else []
            counts = [c + n for c, n in zip(counts, (1, len(cases), len(enums), len(types), 1))]
            for member, params in types:
                with self.subTest(op=op_name, wrong_type=member):
                    self.assertEqual(call(api, op_name, params), ("SerializationException", 400))
            for path, params in cases:
                with self.subTest(op=op_name, missing=path):
                    self.assertEqual(call(api, op_name, params), (missing_code, 400))
            for path, params in enums:
                with self.subTest(op=op_name, enum=path):
                    self.assertEqual(call(api, op_name, params), (enum_code, 400))
            with self.subTest(op=op_name, unknown=requests.unknown):
                params = requests.complete()
                params.update(ALTERNATIVES.get(name, {}).get(op_name, {}))
                code, status = call(api, op_name, params)
                expected = UNKNOWN[name].get(op_name, "any")
                if expected == "any":
                    self.assertLess(status, 500, code)
                    if code:
                        self.assertIn(code, modeled_errors(operation) | {missing_code, enum_code})
                elif expected is None:
                    self.assertEqual((code, status), (None, 200))
                else:
                    self.assertEqual((code, status), expected)
        for op_name, params, code, status in WRITTEN.get(name, []):
            with self.subTest(op=op_name, written=params):
                self.assertEqual(call(api, op_name, params), (code, status))
        counts[4] += len(WRITTEN.get(name, []))
        print(f"\n{name}: {counts[0]} operations, {counts[1]} missing members, {counts[2]} "
              f"wrong enums, {counts[3]} wrong types, {counts[4]} unknown names",
              file=sys.stderr)
        # Still serving: the process is up and answers a read of the same service.
        self.assertIsNone(SERVER["server"].process.poll())
        read, params = STILL_SERVING[name]
        getattr(client(name), read)(**params)
        self.assertTrue(served, f"berth serve answers no operation of {name}")
        # Each operation named above is served, where the installed model has it: Debian 12's
        # botocore (1.29) predates some (application-autoscaling's TagResource), and only
        # operations of the model are called.
        for listed in UNKNOWN[name]:
            if listed in model.operation_names:
                self.assertIn(listed, served, f"{name} {listed} is not served")
        return served


# Each service a test of its own (api_errors.py BERTH BadInput.test_elbv2 runs one).
for _name in VALIDATION:
    setattr(BadInput, "test_" + _name.replace("-", "_"),
            lambda self, name=_name: self.check_service(name))


if __name__ == "__main__":
    SERVER["berth"] = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0], *sys.argv[2:]], verbosity=2)

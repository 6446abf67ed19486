#!/usr/bin/env python3
"""The APIs `berth serve` stores and answers besides ECS (IAM, EC2 security groups, CloudWatch
Logs, Application Auto Scaling, ELBv2, CloudWatch alarms, EventBridge rules, Cloud Map), and
`berth apply --backend controlplane` of every ECS-shaped example, against a server of its own
with no Docker engine (tasks stay PENDING: nothing here needs dockerd). The AWS CLI and botocore
drive it: a response botocore parses into the model's shape, with the error code and HTTP status
the model gives, is what a real client sees.

Usage: stored_apis.py BERTH [TestCase[.test_name] ...]"""

import http.client
import json
import os
import subprocess
import sys
import unittest
import urllib.error
import urllib.parse
import urllib.request

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from cp_files import copy_example, edit, read
from cp_server import Server

# The examples' stack names this region and account: ARNs compare equal only when the server
# names the same (a role ARN in a task definition, a log group's in a policy).
REGION, ACCOUNT = "ap-northeast-1", "123456789012"
SERVER = {}


def setUpModule():
    server = Server(SERVER["berth"], "--lb-ports", "auto", region=REGION, account=ACCOUNT,
                    prefix="berth-cp-apis-")
    SERVER.update(server=server, data=server.data, endpoint=server.endpoint, key=server.key,
                  secret=server.secret)


def tearDownModule():
    if "server" in SERVER:
        SERVER["server"].close()


def client(service):
    return SERVER["server"].client(service)


def cli_env():
    return SERVER["server"].cli_env()


def aws(service, *args):
    """`aws SERVICE ARGS` against the server: (exit code, parsed stdout or None, stderr)."""
    return SERVER["server"].aws(service, *args, timeout=120)


class ApiTest(unittest.TestCase):
    def assertError(self, code, status, call, *args, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(*args, **kwargs)
        error = raised.exception.response
        self.assertEqual((error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]),
                         (code, status), error)
        return error["Error"]["Message"]


class Iam(ApiTest):
    def test_role_with_policies_and_tags(self):
        iam = client("iam")
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
            "Action": "sts:AssumeRole"}]}
        code, out, err = aws("iam", "create-role", "--role-name", "api-task",
                             "--assume-role-policy-document", json.dumps(trust),
                             "--tags", "Key=app,Value=api")
        self.assertEqual(code, 0, err)
        self.assertEqual(out["Role"]["Arn"], f"arn:aws:iam::{ACCOUNT}:role/api-task")
        role = iam.get_role(RoleName="api-task")["Role"]
        # The CLI and botocore decode IAM's URL-encoded documents: the same object comes back.
        self.assertEqual(role["AssumeRolePolicyDocument"], trust)
        self.assertEqual(role["Tags"], [{"Key": "app", "Value": "api"}])
        self.assertEqual(role["MaxSessionDuration"], 3600)
        self.assertError("EntityAlreadyExists", 409, iam.create_role, RoleName="api-task",
                         AssumeRolePolicyDocument=json.dumps(trust))
        self.assertError("NoSuchEntity", 404, iam.get_role, RoleName="ghost")
        self.assertError("MalformedPolicyDocument", 400, iam.create_role, RoleName="bad",
                         AssumeRolePolicyDocument="{not json")

        # A document over 8 KiB: the form body is read whole (httplib alone refuses those).
        policy = {"Version": "2012-10-17", "Statement": [{
            "Sid": f"S{i}", "Effect": "Allow", "Action": ["s3:GetObject"],
            "Resource": [f"arn:aws:s3:::bucket-{i:04d}/prefix/with/some/length/*"]}
            for i in range(90)]}
        self.assertGreater(len(json.dumps(policy)), 8192)
        iam.put_role_policy(RoleName="api-task", PolicyName="berth-inline",
                            PolicyDocument=json.dumps(policy))
        got = iam.get_role_policy(RoleName="api-task", PolicyName="berth-inline")
        self.assertEqual(got["PolicyDocument"], policy)
        self.assertEqual(iam.list_role_policies(RoleName="api-task")["PolicyNames"],
                         ["berth-inline"])
        arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
        iam.attach_role_policy(RoleName="api-task", PolicyArn=arn)
        attached = iam.list_attached_role_policies(RoleName="api-task")["AttachedPolicies"]
        self.assertEqual(attached, [{"PolicyName": "AmazonECSTaskExecutionRolePolicy",
                                     "PolicyArn": arn}])
        self.assertError("DeleteConflict", 409, iam.delete_role, RoleName="api-task")

        iam.tag_role(RoleName="api-task", Tags=[{"Key": "env", "Value": "prod"},
                                                {"Key": "app", "Value": "web"}])
        iam.untag_role(RoleName="api-task", TagKeys=["env"])
        self.assertEqual(iam.list_role_tags(RoleName="api-task")["Tags"],
                         [{"Key": "app", "Value": "web"}])

        # What berth's live reader lists roles with, from two roles on: one call for all.
        details = iam.get_account_authorization_details(Filter=["Role"])
        self.assertFalse(details["IsTruncated"])
        [detail] = details["RoleDetailList"]
        self.assertEqual(detail["RoleName"], "api-task")
        self.assertEqual(detail["AssumeRolePolicyDocument"], trust)
        self.assertEqual(detail["RolePolicyList"],
                         [{"PolicyName": "berth-inline", "PolicyDocument": policy}])
        self.assertEqual(detail["AttachedManagedPolicies"], attached)
        self.assertEqual(detail["Tags"], [{"Key": "app", "Value": "web"}])
        self.assertEqual(
            iam.get_account_authorization_details(Filter=["User"])["RoleDetailList"], [])
        iam.update_role(RoleName="api-task", Description="the api", MaxSessionDuration=7200)
        self.assertEqual(iam.get_role(RoleName="api-task")["Role"]["MaxSessionDuration"], 7200)

        iam.detach_role_policy(RoleName="api-task", PolicyArn=arn)
        self.assertError("NoSuchEntity", 404, iam.detach_role_policy, RoleName="api-task",
                         PolicyArn=arn)
        iam.delete_role_policy(RoleName="api-task", PolicyName="berth-inline")
        iam.delete_role(RoleName="api-task")
        code, _, err = aws("iam", "get-role", "--role-name", "api-task")
        self.assertNotEqual(code, 0)
        self.assertIn("NoSuchEntity", err)


class Ec2(ApiTest):
    def test_security_groups_and_permissions(self):
        ec2 = client("ec2")
        alb = ec2.create_security_group(
            GroupName="apis-alb", Description="alb", VpcId="vpc-1",
            TagSpecifications=[{"ResourceType": "security-group",
                                "Tags": [{"Key": "app", "Value": "api"}]}])["GroupId"]
        self.assertRegex(alb, r"^sg-[0-9a-f]{17}$")
        tasks = ec2.create_security_group(GroupName="apis-tasks", Description="tasks",
                                          VpcId="vpc-1")["GroupId"]
        self.assertError("InvalidGroup.Duplicate", 400, ec2.create_security_group,
                         GroupName="apis-alb", Description="again", VpcId="vpc-1")
        ec2.authorize_security_group_ingress(GroupId=alb, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
             "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        code, out, err = aws("ec2", "authorize-security-group-ingress", "--group-id", tasks,
                             "--protocol", "tcp", "--port", "8080", "--source-group", alb)
        self.assertEqual(code, 0, err)
        self.assertError("InvalidPermission.Duplicate", 400,
                         ec2.authorize_security_group_ingress, GroupId=alb, IpPermissions=[
                             {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                              "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        groups = ec2.describe_security_groups(
            Filters=[{"Name": "group-name", "Values": ["apis-alb", "apis-tasks"]}])
        by_name = {g["GroupName"]: g for g in groups["SecurityGroups"]}
        self.assertEqual(set(by_name), {"apis-alb", "apis-tasks"})
        self.assertEqual(by_name["apis-alb"]["Tags"], [{"Key": "app", "Value": "api"}])
        self.assertEqual(by_name["apis-alb"]["IpPermissions"][0]["IpRanges"],
                         [{"CidrIp": "0.0.0.0/0"}])
        pair = by_name["apis-tasks"]["IpPermissions"][0]["UserIdGroupPairs"][0]
        self.assertEqual((pair["GroupId"], pair["UserId"]), (alb, ACCOUNT))
        # EC2's default egress rule: everything to anywhere.
        self.assertEqual(by_name["apis-tasks"]["IpPermissionsEgress"][0]["IpProtocol"], "-1")
        self.assertError("DependencyViolation", 400, ec2.delete_security_group, GroupId=alb)
        ec2.revoke_security_group_ingress(GroupId=tasks, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080,
             "UserIdGroupPairs": [{"GroupId": alb}]}])
        self.assertError("InvalidPermission.NotFound", 400, ec2.revoke_security_group_ingress,
                         GroupId=tasks, IpPermissions=[
                             {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080,
                              "UserIdGroupPairs": [{"GroupId": alb}]}])
        ec2.create_tags(Resources=[tasks], Tags=[{"Key": "tier", "Value": "app"}])
        tags = ec2.describe_security_groups(GroupIds=[tasks])["SecurityGroups"][0]["Tags"]
        self.assertEqual(tags, [{"Key": "tier", "Value": "app"}])
        for group in (alb, tasks):
            ec2.delete_security_group(GroupId=group)
        self.assertError("InvalidGroup.NotFound", 400, ec2.describe_security_groups,
                         GroupIds=[alb])


class Logs(ApiTest):
    def test_log_groups(self):
        logs = client("logs")
        logs.create_log_group(logGroupName="/apis/web", tags={"app": "web"})
        self.assertError("ResourceAlreadyExistsException", 400, logs.create_log_group,
                         logGroupName="/apis/web")
        logs.put_retention_policy(logGroupName="/apis/web", retentionInDays=30)
        self.assertError("InvalidParameterException", 400, logs.put_retention_policy,
                         logGroupName="/apis/web", retentionInDays=31)
        groups = logs.describe_log_groups(logGroupNamePrefix="/apis/")["logGroups"]
        self.assertEqual([(g["logGroupName"], g["retentionInDays"], g["arn"]) for g in groups],
                         [("/apis/web", 30,
                           f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/apis/web:*")])
        arn = groups[0]["arn"][:-2]
        logs.tag_resource(resourceArn=arn, tags={"env": "prod"})
        logs.untag_resource(resourceArn=arn, tagKeys=["app"])
        self.assertEqual(logs.list_tags_for_resource(resourceArn=arn)["tags"], {"env": "prod"})
        logs.delete_log_group(logGroupName="/apis/web")
        self.assertError("ResourceNotFoundException", 400, logs.delete_log_group,
                         logGroupName="/apis/web")


class AutoScaling(ApiTest):
    def test_targets_policies_and_scheduled_actions(self):
        aas, ecs = client("application-autoscaling"), client("ecs")
        target = {"ServiceNamespace": "ecs", "ResourceId": "service/apis/web",
                  "ScalableDimension": "ecs:service:DesiredCount"}
        # The ECS service must exist, as in AWS.
        msg = self.assertError("ValidationException", 400, aas.register_scalable_target,
                               MinCapacity=1, MaxCapacity=4, **target)
        self.assertIn("service/apis/web", msg)
        ecs.create_cluster(clusterName="apis")
        ecs.register_task_definition(family="apis-web", containerDefinitions=[
            {"name": "app", "image": "busybox", "memory": 32}])
        ecs.create_service(cluster="apis", serviceName="web", taskDefinition="apis-web",
                           desiredCount=0)
        aas.register_scalable_target(MinCapacity=1, MaxCapacity=4, **target)
        self.assertError("ValidationException", 400, aas.register_scalable_target,
                         MinCapacity=5, MaxCapacity=4, **target)
        self.assertError("ObjectNotFoundException", 400, aas.put_scaling_policy,
                         PolicyName="cpu", PolicyType="TargetTrackingScaling",
                         ServiceNamespace="ecs", ResourceId="service/apis/other",
                         ScalableDimension="ecs:service:DesiredCount",
                         TargetTrackingScalingPolicyConfiguration={"TargetValue": 60.0})
        config = {"TargetValue": 60.0, "PredefinedMetricSpecification": {
            "PredefinedMetricType": "ECSServiceAverageCPUUtilization"}}
        arn = aas.put_scaling_policy(PolicyName="cpu", PolicyType="TargetTrackingScaling",
                                     TargetTrackingScalingPolicyConfiguration=config,
                                     **target)["PolicyARN"]
        self.assertIn(":policyName/cpu", arn)
        aas.put_scheduled_action(ScheduledActionName="night", Schedule="cron(0 22 * * ? *)",
                                 ScalableTargetAction={"MinCapacity": 1, "MaxCapacity": 1},
                                 **target)
        described = aas.describe_scalable_targets(ServiceNamespace="ecs",
                                                  ResourceIds=["service/apis/web"])
        self.assertEqual([(t["MinCapacity"], t["MaxCapacity"])
                          for t in described["ScalableTargets"]], [(1, 4)])
        policies = aas.describe_scaling_policies(ServiceNamespace="ecs",
                                                 ResourceId="service/apis/web")
        self.assertEqual(policies["ScalingPolicies"][0]["TargetTrackingScalingPolicyConfiguration"],
                         config)
        actions = aas.describe_scheduled_actions(ServiceNamespace="ecs")["ScheduledActions"]
        self.assertEqual([a["Schedule"] for a in actions], ["cron(0 22 * * ? *)"])
        # Deregistering a target takes its policies and scheduled actions with it.
        aas.deregister_scalable_target(**target)
        self.assertEqual(aas.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"],
                         [])
        self.assertEqual(aas.describe_scheduled_actions(ServiceNamespace="ecs")["ScheduledActions"],
                         [])
        self.assertError("ObjectNotFoundException", 400, aas.deregister_scalable_target, **target)
        ecs.delete_service(cluster="apis", service="web", force=True)


class Elbv2(ApiTest):
    def test_load_balancer_target_groups_listeners_rules(self):
        elb, ec2 = client("elbv2"), client("ec2")
        sg = ec2.create_security_group(GroupName="apis-lb", Description="lb",
                                       VpcId="vpc-9")["GroupId"]
        tg = elb.create_target_group(Name="apis-web", Protocol="HTTP", Port=8080, VpcId="vpc-9",
                                     TargetType="ip", HealthCheckPath="/health",
                                     Tags=[{"Key": "app", "Value": "web"}])["TargetGroups"][0]
        # ELBv2's defaults, filled in as AWS does.
        self.assertEqual((tg["HealthCheckPath"], tg["HealthCheckIntervalSeconds"],
                          tg["HealthyThresholdCount"], tg["Matcher"], tg["HealthCheckPort"]),
                         ("/health", 30, 5, {"HttpCode": "200"}, "traffic-port"))
        self.assertError("DuplicateTargetGroupName", 400, elb.create_target_group,
                         Name="apis-web", Protocol="HTTP", Port=8080, VpcId="vpc-9")
        elb.modify_target_group_attributes(TargetGroupArn=tg["TargetGroupArn"], Attributes=[
            {"Key": "deregistration_delay.timeout_seconds", "Value": "30"}])
        attributes = {a["Key"]: a["Value"] for a in elb.describe_target_group_attributes(
            TargetGroupArn=tg["TargetGroupArn"])["Attributes"]}
        self.assertEqual((attributes["deregistration_delay.timeout_seconds"],
                          attributes["stickiness.enabled"]), ("30", "false"))
        self.assertError("ValidationError", 400, elb.modify_target_group_attributes,
                         TargetGroupArn=tg["TargetGroupArn"],
                         Attributes=[{"Key": "no.such.attribute", "Value": "1"}])

        lb = elb.create_load_balancer(Name="apis", Subnets=["subnet-a", "subnet-b"],
                                      SecurityGroups=[sg])["LoadBalancers"][0]
        self.assertRegex(lb["LoadBalancerArn"],
                         rf"^arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/"
                         r"apis/[0-9a-f]{16}$")
        self.assertEqual((lb["VpcId"], lb["State"]["Code"], lb["Type"]),
                         ("vpc-9", "active", "application"))
        self.assertError("ValidationError", 400, elb.create_load_balancer, Name="one-subnet",
                         Subnets=["subnet-a"])
        out = elb.modify_load_balancer_attributes(
            LoadBalancerArn=lb["LoadBalancerArn"],
            Attributes=[{"Key": "idle_timeout.timeout_seconds", "Value": "120"}])
        self.assertIn({"Key": "idle_timeout.timeout_seconds", "Value": "120"}, out["Attributes"])

        listener = elb.create_listener(
            LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
            DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}]
        )["Listeners"][0]
        self.assertError("DuplicateListener", 400, elb.create_listener,
                         LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                         DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {
                             "StatusCode": "404"}}])
        self.assertError("CertificateNotFound", 400, elb.create_listener,
                         LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTPS", Port=443,
                         DefaultActions=[{"Type": "forward",
                                          "TargetGroupArn": tg["TargetGroupArn"]}])
        rule = elb.create_rule(ListenerArn=listener["ListenerArn"], Priority=10, Conditions=[
            {"Field": "path-pattern", "PathPatternConfig": {"Values": ["/api/*"]}}],
            Actions=[{"Type": "redirect", "RedirectConfig": {"Path": "/v2/#{path}",
                                                             "StatusCode": "HTTP_301"}}]
        )["Rules"][0]
        self.assertEqual(rule["Priority"], "10")
        self.assertError("PriorityInUse", 400, elb.create_rule,
                         ListenerArn=listener["ListenerArn"], Priority=10,
                         Conditions=[{"Field": "host-header", "Values": ["a.example"]}],
                         Actions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])
        rules = elb.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]
        self.assertEqual([(r["Priority"], r["IsDefault"]) for r in rules],
                         [("10", False), ("default", True)])
        self.assertEqual(rules[0]["Conditions"][0]["Values"], ["/api/*"])
        self.assertEqual(rules[0]["Actions"][0]["RedirectConfig"]["Protocol"], "#{protocol}")
        self.assertEqual(
            elb.describe_target_groups(Names=["apis-web"])["TargetGroups"][0]["LoadBalancerArns"],
            [lb["LoadBalancerArn"]])
        # A group a rule forwards to (ForwardConfig) is the load balancer's too; an unused one
        # has none, whichever groups the describe names.
        by_rule, unused = (elb.create_target_group(
            Name=name, Protocol="HTTP", Port=8080, VpcId="vpc-1")["TargetGroups"][0]
            for name in ("apis-by-rule", "apis-unused"))
        elb.create_rule(ListenerArn=listener["ListenerArn"], Priority=20, Conditions=[
            {"Field": "path-pattern", "PathPatternConfig": {"Values": ["/b/*"]}}],
            Actions=[{"Type": "forward", "ForwardConfig": {"TargetGroups": [
                {"TargetGroupArn": by_rule["TargetGroupArn"]}]}}])
        described = {g["TargetGroupName"]: g["LoadBalancerArns"]
                     for g in elb.describe_target_groups()["TargetGroups"]}
        self.assertEqual(described["apis-by-rule"], [lb["LoadBalancerArn"]])
        self.assertEqual(described["apis-unused"], [])
        self.assertEqual(elb.describe_target_groups(TargetGroupArns=[unused["TargetGroupArn"]])[
            "TargetGroups"][0]["LoadBalancerArns"], [])
        self.assertError("ResourceInUse", 400, elb.delete_target_group,
                         TargetGroupArn=tg["TargetGroupArn"])
        tags = elb.describe_tags(ResourceArns=[tg["TargetGroupArn"]])["TagDescriptions"]
        self.assertEqual(tags[0]["Tags"], [{"Key": "app", "Value": "web"}])
        self.assertError("LoadBalancerNotFound", 400, elb.describe_load_balancers,
                         Names=["apis", "ghost"])
        self.assertError("TargetGroupNotFound", 400, elb.describe_target_groups, Names=["ghost"])

        elb.delete_rule(RuleArn=rule["RuleArn"])
        elb.delete_load_balancer(LoadBalancerArn=lb["LoadBalancerArn"])
        self.assertError("ListenerNotFound", 400, elb.describe_listeners,
                         ListenerArns=[listener["ListenerArn"]])
        elb.delete_target_group(TargetGroupArn=tg["TargetGroupArn"])
        code, out, err = aws("elbv2", "describe-load-balancers", "--names", "apis")
        self.assertNotEqual(code, 0)
        self.assertIn("LoadBalancerNotFound", err)
        ec2.delete_security_group(GroupId=sg)

    def test_target_groups_and_rules_come_in_pages(self):
        """ELBv2's PageSize (1 to 400, the most without one) and Marker: every group and rule
        once, in order, across pages; a describe by name reads only the named group."""
        elb, ec2 = client("elbv2"), client("ec2")
        names = [f"pages-{i}" for i in range(7)]
        arns = {name: elb.create_target_group(Name=name, Protocol="HTTP", Port=80,
                                              VpcId="vpc-9")["TargetGroups"][0]["TargetGroupArn"]
                for name in names}
        seen, marker, pages = [], None, 0
        while True:
            page = elb.describe_target_groups(PageSize=3, **({"Marker": marker} if marker else {}))
            self.assertLessEqual(len(page["TargetGroups"]), 3)
            seen += [g["TargetGroupName"] for g in page["TargetGroups"]]
            pages += 1
            marker = page.get("NextMarker")
            if not marker:
                break
        mine = [name for name in seen if name.startswith("pages-")]
        self.assertEqual(sorted(mine), names)
        self.assertEqual(len(seen), len(set(seen)), seen)
        self.assertGreaterEqual(pages, 3)
        # botocore's paginator (paginators-1.json: Marker, NextMarker) reads them all.
        paged = elb.get_paginator("describe_target_groups").paginate(
            PaginationConfig={"PageSize": 2})
        self.assertEqual([g["TargetGroupName"] for page in paged for g in page["TargetGroups"]],
                         seen)
        named = elb.describe_target_groups(Names=["pages-3", "pages-5"])
        self.assertEqual([g["TargetGroupArn"] for g in named["TargetGroups"]],
                         sorted([arns["pages-3"], arns["pages-5"]]))
        self.assertNotIn("NextMarker", named)
        self.assertError("ValidationError", 400, elb.describe_target_groups, PageSize=401)

        sg = ec2.create_security_group(GroupName="pages-lb", Description="lb",
                                       VpcId="vpc-9")["GroupId"]
        lb = elb.create_load_balancer(Name="pages", Subnets=["subnet-a", "subnet-b"],
                                      SecurityGroups=[sg])["LoadBalancers"][0]["LoadBalancerArn"]
        listener = elb.create_listener(
            LoadBalancerArn=lb, Protocol="HTTP", Port=80,
            DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {
                "StatusCode": "404"}}])["Listeners"][0]["ListenerArn"]
        # Priorities out of order and past 9, so a marker compared as text would skip some.
        for priority, name in zip((30, 2, 11, 100, 7), names):
            elb.create_rule(ListenerArn=listener, Priority=priority, Conditions=[
                {"Field": "path-pattern", "Values": [f"/{priority}/*"]}],
                Actions=[{"Type": "forward", "TargetGroupArn": arns[name]}])
        priorities, marker = [], None
        while True:
            page = elb.describe_rules(ListenerArn=listener, PageSize=2,
                                      **({"Marker": marker} if marker else {}))
            self.assertLessEqual(len(page["Rules"]), 2)
            priorities += [r["Priority"] for r in page["Rules"]]
            marker = page.get("NextMarker")
            if not marker:
                break
        self.assertEqual(priorities, ["2", "7", "11", "30", "100", "default"])
        self.assertEqual([r["Priority"] for r in elb.describe_rules(
            ListenerArn=listener)["Rules"]], priorities)
        # By load balancer: the groups its rules forward to, and only those.
        by_lb = elb.describe_target_groups(LoadBalancerArn=lb)["TargetGroups"]
        self.assertEqual(sorted(g["TargetGroupName"] for g in by_lb), sorted(names[:5]))
        self.assertTrue(all(g["LoadBalancerArns"] == [lb] for g in by_lb))
        elb.delete_load_balancer(LoadBalancerArn=lb)
        for arn in arns.values():
            elb.delete_target_group(TargetGroupArn=arn)
        ec2.delete_security_group(GroupId=sg)


class Others(ApiTest):
    def test_alarms_rules_and_discovery_services(self):
        cloudwatch, events, sd = client("cloudwatch"), client("events"), client("servicediscovery")
        cloudwatch.put_metric_alarm(AlarmName="apis-web-backlog", MetricName="Depth",
                                    Namespace="AWS/SQS", Statistic="Average", Period=60,
                                    EvaluationPeriods=1, Threshold=100.0,
                                    ComparisonOperator="GreaterThanOrEqualToThreshold",
                                    Dimensions=[{"Name": "QueueName", "Value": "jobs"}])
        alarms = cloudwatch.describe_alarms(AlarmNamePrefix="apis-web-")["MetricAlarms"]
        self.assertEqual([(a["AlarmName"], a["Threshold"], a["Dimensions"]) for a in alarms],
                         [("apis-web-backlog", 100.0, [{"Name": "QueueName", "Value": "jobs"}])])
        # The AWS CLI's botocore calls CloudWatch in the query protocol (XML), newer ones in
        # awsJson1_0: both are answered.
        code, out, err = aws("cloudwatch", "describe-alarms", "--alarm-names", "apis-web-backlog")
        self.assertEqual(code, 0, err)
        self.assertEqual(out["MetricAlarms"][0]["ComparisonOperator"],
                         "GreaterThanOrEqualToThreshold")
        cloudwatch.delete_alarms(AlarmNames=["apis-web-backlog"])
        self.assertEqual(cloudwatch.describe_alarms()["MetricAlarms"], [])

        arn = events.put_rule(Name="apis-hourly", ScheduleExpression="rate(1 hour)",
                              Tags=[{"Key": "app", "Value": "etl"}])["RuleArn"]
        events.put_targets(Rule="apis-hourly", Targets=[{"Id": "t", "Arn": "arn:aws:ecs:x"}])
        self.assertEqual(events.describe_rule(Name="apis-hourly")["ScheduleExpression"],
                         "rate(1 hour)")
        self.assertEqual(events.list_tags_for_resource(ResourceARN=arn)["Tags"],
                         [{"Key": "app", "Value": "etl"}])
        self.assertError("ValidationException", 400, events.delete_rule, Name="apis-hourly")
        events.remove_targets(Rule="apis-hourly", Ids=["t"])
        events.delete_rule(Name="apis-hourly")
        self.assertError("ResourceNotFoundException", 400, events.describe_rule,
                         Name="apis-hourly")

        service = sd.create_service(Name="apis", NamespaceId="ns-1", DnsConfig={
            "DnsRecords": [{"Type": "A", "TTL": 10}]})["Service"]
        self.assertEqual(sd.get_service(Id=service["Id"])["Service"]["Arn"], service["Arn"])
        sd.delete_service(Id=service["Id"])
        self.assertError("ServiceNotFound", 400, sd.get_service, Id=service["Id"])


class Protocol(ApiTest):
    def send_form(self, service, body, secret=None):
        endpoint = SERVER["endpoint"]
        request = AWSRequest(method="POST", url=endpoint + "/", data=body.encode(), headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        SigV4Auth(Credentials(SERVER["key"], secret or SERVER["secret"]), service,
                  REGION).add_auth(request)
        prepared = request.prepare()
        req = urllib.request.Request(endpoint + "/", data=body.encode(), method="POST",
                                     headers=dict(prepared.headers))
        try:
            with urllib.request.urlopen(req) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def test_json_scope_must_name_the_targets_service(self):
        endpoint = SERVER["endpoint"]

        def send(scope):
            headers = {"Content-Type": "application/x-amz-json-1.1",
                       "X-Amz-Target": "Logs_20140328.DescribeLogGroups"}
            request = AWSRequest(method="POST", url=endpoint + "/", data=b"{}", headers=headers)
            SigV4Auth(Credentials(SERVER["key"], SERVER["secret"]), scope, REGION).add_auth(
                request)
            req = urllib.request.Request(endpoint + "/", data=b"{}", method="POST",
                                         headers=dict(request.prepare().headers))
            try:
                with urllib.request.urlopen(req) as response:
                    return response.status, json.loads(response.read())
            except urllib.error.HTTPError as e:
                return e.code, json.loads(e.read())

        self.assertEqual(send("logs")[0], 200)
        status, body = send("ecs")
        self.assertEqual((status, body["__type"]), (403, "InvalidSignatureException"))
        self.assertIn("'logs'", body["message"])

    def test_query_errors_are_xml(self):
        status, body = self.send_form("iam", "Action=NoSuchAction&Version=2010-05-08")
        self.assertEqual(status, 400)
        self.assertIn("<Code>InvalidAction</Code>", body)
        status, body = self.send_form("iam", "Action=ListRoles&Version=2010-05-08",
                                      secret="wrong" + SERVER["secret"][5:])
        self.assertEqual(status, 403)
        self.assertIn("<Code>InvalidSignatureException</Code>", body)
        status, body = self.send_form("ec2", "Action=DescribeSecurityGroups&Version=2016-11-15&"
                                             "GroupId.1=sg-0")
        self.assertEqual(status, 400)
        self.assertIn("<Errors><Error><Code>InvalidGroup.NotFound</Code>", body)
        # The server keeps serving after each.
        status, body = self.send_form("iam", "Action=ListRoles&Version=2010-05-08")
        self.assertEqual(status, 200, body)


class Connections(unittest.TestCase):
    """A berth plan keeps 16 keep-alive connections (its read width) and makes thousands of
    calls on them: every connection is answered at once however many others are open, and the
    server keeps a connection for many requests. (httplib's defaults gave 8 threads, each held
    by an idle connection for 5 s, and closed a connection after 5 requests.)"""

    def call(self, connection):
        # Unsigned: answered with an error, which is as good a request/response as any here.
        connection.request("POST", "/", body="{}", headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AmazonEC2ContainerServiceV20141113.ListClusters"})
        response = connection.getresponse()
        response.read()
        self.assertNotEqual(response.getheader("Connection", ""), "close")
        return response

    def test_many_connections_many_requests(self):
        url = urllib.parse.urlsplit(SERVER["endpoint"])
        # 2 s against the 5 s an idle connection held a thread: a queued connection times out.
        held = [http.client.HTTPConnection(url.hostname, url.port, timeout=2) for _ in range(24)]
        try:
            for connection in held:
                self.assertEqual(self.call(connection).status // 100, 4)
            first = held[0].sock
            for _ in range(20):
                self.call(held[0])
            self.assertIs(held[0].sock, first)  # never closed and reopened
        finally:
            for connection in held:
                connection.close()


class Examples(unittest.TestCase):
    """`berth apply --backend controlplane` of each ECS-shaped example creates it all, `plan`
    then says "No changes", and `destroy` removes it all. The services' tasks stay PENDING (the
    server has no engine): what is compared is what the API stored."""

    def berth(self, *args, expect=0):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env["BERTH_CONTROLPLANE_DATA"] = SERVER["data"]
        done = subprocess.run([SERVER["berth"], *args], capture_output=True, text=True, env=env,
                              timeout=300)
        serve_log = read(os.path.join(SERVER["data"], "serve.log"))[-3000:]
        self.assertEqual(done.returncode, expect,
                         f"berth {' '.join(args)}:\n{done.stdout}\n{done.stderr}\n"
                         f"berth serve's log ends:\n{serve_log}")
        return done.stdout

    def round_trip(self, example):
        stack = copy_example(self, example)
        applied = self.berth("apply", stack, "--backend", "controlplane", "--auto-approve")
        self.assertIn("Apply complete", applied)
        plan = self.berth("plan", stack, "--backend", "controlplane", "--detailed-exitcode")
        self.assertIn("No changes", plan)
        destroyed = self.berth("destroy", stack, "--backend", "controlplane", "--auto-approve")
        self.assertIn("destroyed", destroyed)
        # Nothing of the stack is left: a plan would create every resource again.
        plan = self.berth("plan", stack, "--backend", "controlplane", "--detailed-exitcode",
                          expect=2)
        self.assertRegex(plan, r"Plan: \d+ to add, 0 to change, 0 to replace, 0 to destroy")

    def test_fargate_web_api(self):
        self.round_trip("fargate_web_api")

    def test_fargate_web_api_updates_in_place(self):
        """Changes to every kind of the stack are applied by the update calls (ECS and Logs
        tags, ModifyTargetGroup(Attributes), Create/ModifyRule, ModifyListener, Authorize/
        RevokeSecurityGroupIngress, Attach/DetachRolePolicy, PutRolePolicy, UpdateService,
        RegisterScalableTarget again...), and each time `plan` then says "No changes"."""
        stack = copy_example(self, "fargate_web_api")
        self.berth("apply", stack, "--backend", "controlplane", "--auto-approve")
        rounds = [
            [('env = "prod"', 'env = "staging"'), ('path    = "/health"', 'path    = "/healthz"'),
             ("deregistration_delay = 30s", "deregistration_delay = 10s"),
             ("retention = 30d", "retention = 14d"),
             ("desired_count      = 2", "desired_count      = 3"), ("max = 10", "max = 12"),
             ("""    forward {
      target_group = target_group.api
    }
  }""", """    forward {
      target_group = target_group.api
    }
    rule "old" {
      priority = 5
      path     = ["/old/*"]
      redirect {
        path = "/new"
      }
    }
  }""")],
            [("priority = 5", "priority = 7"), ('path     = ["/old/*"]', 'path     = ["/older/*"]'),
             ("""      redirect {
        path = "/new"
      }""", """      fixed_response {
        status_code = 404
      }"""),
             ("""    port = 443
    cidr = ["0.0.0.0/0"]""", """    port = 443
    cidr = ["10.0.0.0/8"]"""),
             ("policy/service-role/AmazonECSTaskExecutionRolePolicy",
              "policy/CloudWatchLogsFullAccess"),
             ('actions   = ["s3:GetObject"]', 'actions   = ["s3:GetObject", "s3:ListBucket"]'),
             ("port     = 80\n", "port     = 8081\n")],
        ]
        for replacements in rounds:
            edit(os.path.join(stack, "main.berth"), *replacements)
            plan = self.berth("plan", stack, "--backend", "controlplane", "--detailed-exitcode",
                              expect=2)
            self.assertRegex(plan, r"Plan: 0 to add, \d+ to change, 0 to replace, 0 to destroy")
            self.berth("apply", stack, "--backend", "controlplane", "--auto-approve")
            plan = self.berth("plan", stack, "--backend", "controlplane", "--detailed-exitcode")
            self.assertIn("No changes", plan)
        elb = client("elbv2")
        lb = elb.describe_load_balancers(Names=["sample-api"])["LoadBalancers"][0]
        listeners = {l["Port"]: l for l in
                     elb.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]}
        self.assertEqual(sorted(listeners), [443, 8081])
        rules = elb.describe_rules(ListenerArn=listeners[443]["ListenerArn"])["Rules"]
        self.assertEqual([(r["Priority"], r["Actions"][0]["Type"]) for r in rules],
                         [("7", "fixed-response"), ("default", "forward")])
        self.berth("destroy", stack, "--backend", "controlplane", "--auto-approve")

    def test_import_from_live(self):
        """`berth import --from-live --backend controlplane` (ecspresso's init) reads a service
        the server holds and writes a stack that plans "No changes" against it; an edited image
        then plans exactly that."""
        stack = copy_example(self, "fargate_web_api")
        self.berth("apply", stack, "--backend", "controlplane", "--auto-approve")
        out = os.path.join(os.path.dirname(stack), "imported")
        self.berth("import", "--from-live", "--cluster", "sample-api-prod", "--service",
                   "sample-api", "--out", out, "--backend", "controlplane")
        with open(os.path.join(out, "main.berth")) as f:
            source = f.read()
        for expected in ('service "sample_api" {', "redirect {", 'target "cpu" {',
                         '"awslogs-group"         = "/ecs/sample-api"', f'region = "{REGION}"'):
            self.assertIn(expected, source)
        plan = self.berth("plan", out, "--backend", "controlplane", "--detailed-exitcode")
        self.assertIn("No changes", plan)
        edit(os.path.join(out, "main.berth"), ('sample-api:1.4.2"', 'sample-api:1.4.3"'))
        plan = self.berth("plan", out, "--backend", "controlplane", "--detailed-exitcode",
                          expect=2)
        self.assertRegex(plan, r"Plan: 0 to add, \d+ to change, 1 to replace, 0 to destroy")
        self.berth("destroy", stack, "--backend", "controlplane", "--auto-approve")

    def test_multi_service(self):
        self.round_trip("multi_service")

    def test_ec2_bridge(self):
        self.round_trip("ec2_bridge")

    def test_scheduled_batch(self):
        self.round_trip("scheduled_batch")

    def test_sqs_worker(self):
        self.round_trip("sqs_worker")

    def test_web_fluentbit_sidecar(self):
        self.round_trip("web_fluentbit_sidecar")


if __name__ == "__main__":
    SERVER["berth"] = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0], "-v", *sys.argv[2:]])

// Where the table comes from: the AWS Service Authorization Reference ("Actions, resources, and
// condition keys for <service>"), whose Actions table leaves the Resource types column empty for
// an action that supports no resource-level permissions: "you must specify all resources ("*")".
// The table holds those actions of the services an ECS stack's roles commonly call (registry
// login, logs, metrics, traces, ECS Exec, service discovery, secrets and parameters, KMS, STS,
// ELB and Application Auto Scaling reads). tests/unit/lint/iam_actions_test.cpp checks every
// entry against cfn-lint's machine-readable copy of that reference (Policies.json) where
// cfn-lint is installed.
#include "compiler/lint/iam_actions.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace berth::lint {

const std::vector<std::string_view>& ActionsTakingOnlyEveryResource() {
  static const std::vector<std::string_view> kActions = {
      // Amazon ECR: registry-level calls; pulls (BatchGetImage, GetDownloadUrlForLayer) take
      // repository ARNs.
      "ecr:getauthorizationtoken",
      "ecr:describeregistry",
      "ecr:getregistrypolicy",
      "ecr:getregistryscanningconfiguration",
      "ecr:describepullthroughcacherules",
      // Amazon ECS
      "ecs:describetaskdefinition",
      "ecs:deregistertaskdefinition",
      "ecs:discoverpollendpoint",
      "ecs:listaccountsettings",
      "ecs:listclusters",
      "ecs:listservices",
      "ecs:listservicesbynamespace",
      "ecs:listtaskdefinitionfamilies",
      "ecs:listtaskdefinitions",
      // CloudWatch Logs: account-level reads; writes (PutLogEvents) take log group ARNs.
      "logs:describeloggroups",
      "logs:describeexporttasks",
      "logs:describequeries",
      "logs:describequerydefinitions",
      "logs:describeresourcepolicies",
      "logs:stopquery",
      // CloudWatch: metrics are not resources (scope PutMetricData with cloudwatch:namespace).
      "cloudwatch:putmetricdata",
      "cloudwatch:getmetricdata",
      "cloudwatch:getmetricstatistics",
      "cloudwatch:getmetricwidgetimage",
      "cloudwatch:listmetrics",
      "cloudwatch:describealarmsformetric",
      "cloudwatch:listdashboards",
      // AWS X-Ray daemon and SDKs
      "xray:puttracesegments",
      "xray:puttelemetryrecords",
      "xray:getsamplingrules",
      "xray:getsamplingtargets",
      "xray:getsamplingstatisticsummaries",
      // ECS Exec (Session Manager channels)
      "ssmmessages:createcontrolchannel",
      "ssmmessages:createdatachannel",
      "ssmmessages:opencontrolchannel",
      "ssmmessages:opendatachannel",
      // Secrets Manager, Systems Manager Parameter Store
      "secretsmanager:getrandompassword",
      "secretsmanager:listsecrets",
      "secretsmanager:batchgetsecretvalue",
      "ssm:describeparameters",
      // AWS KMS
      "kms:createkey",
      "kms:generaterandom",
      "kms:listaliases",
      "kms:listkeys",
      // AWS STS
      "sts:getcalleridentity",
      "sts:getsessiontoken",
      "sts:decodeauthorizationmessage",
      "sts:getservicebearertoken",
      // Listing calls of data services
      "s3:listallmybuckets",
      "sqs:listqueues",
      "sns:listtopics",
      "dynamodb:listtables",
      "dynamodb:describelimits",
      "dynamodb:describeendpoints",
      "events:listrules",
      "events:listeventbuses",
      "events:testeventpattern",
      "iam:listroles",
      "iam:listpolicies",
      // Service discovery (Cloud Map)
      "servicediscovery:listnamespaces",
      "servicediscovery:listservices",
      "servicediscovery:listoperations",
      // Reads of ELB and Application Auto Scaling: every Describe call.
      "elasticloadbalancing:describe*",
      "application-autoscaling:describe*",
      // Amazon EC2 reads ECS agents and service meshes make.
      "ec2:describeavailabilityzones",
      "ec2:describeinstances",
      "ec2:describenetworkinterfaces",
      "ec2:describeregions",
      "ec2:describesecuritygroups",
      "ec2:describesubnets",
      "ec2:describetags",
      "ec2:describevpcs",
  };
  return kActions;
}

bool TakesOnlyEveryResource(std::string_view action) {
  std::string lower;
  for (char c : action) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // A pattern the statement writes ("elasticloadbalancing:DescribeTarget*") stands for every
  // action it matches: all of them must be in the table, so its prefix must be inside one of
  // the table's prefixes.
  bool pattern = lower.ends_with('*');
  std::string_view written =
      pattern ? std::string_view(lower).substr(0, lower.size() - 1) : std::string_view(lower);
  if (written.find('*') != std::string_view::npos || written.find('?') != std::string_view::npos)
    return false;
  const auto& table = ActionsTakingOnlyEveryResource();
  return std::any_of(table.begin(), table.end(), [&](std::string_view entry) {
    if (entry.ends_with('*')) return written.starts_with(entry.substr(0, entry.size() - 1));
    return !pattern && written == entry;
  });
}

}  // namespace berth::lint

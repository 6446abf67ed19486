// target_group -> elbv2 create-target-group (+ modify-target-group-attributes for the
// deregistration delay and slow start), modify-target-group / -attributes on update,
// delete-target-group on remove. Values equal to AWS's own default are left out of creates.
#include <fmt/format.h>

#include "backends/aws/elbv2_common.h"
#include "backends/aws/emitters.h"
#include "backends/aws/ir_access.h"

namespace berth::aws {

namespace {

bool IsHttp(std::string_view protocol) { return protocol == "HTTP" || protocol == "HTTPS"; }

// The protocol health checks use: the declared one, else the target group's for HTTP and
// HTTPS and TCP for the network protocols (AWS's defaults).
std::string HealthCheckProtocol(const Value& group, const Value* check) {
  std::string declared = check ? StringField(*check, "protocol") : "";
  if (!declared.empty()) return declared;
  std::string protocol = StringField(group, "protocol");
  return IsHttp(protocol) ? protocol : "TCP";
}

// AWS's timeout when none is given: 5s for HTTP, 6s for HTTPS, 10s for TCP.
long long DefaultTimeoutSeconds(std::string_view check_protocol) {
  if (check_protocol == "HTTP") return 5;
  if (check_protocol == "HTTPS") return 6;
  return 10;
}

// HealthCheck* members. `complete` writes every setting (updates: ModifyTargetGroup keeps what
// it is not given, so leaving a setting out could not bring it back to its default); otherwise
// only those that differ from AWS's defaults.
void HealthCheckMembers(Json& body, const Value& group, bool complete, const EmitContext& context) {
  const Value* check = Field(group, "health_check");
  if (check == nullptr) return;
  std::string check_protocol = HealthCheckProtocol(group, check);
  std::string protocol = StringField(group, "protocol");
  if (complete || Field(*check, "protocol")) Put(body, "HealthCheckProtocol", check_protocol);
  if (const Value* port = Field(*check, "port")) {
    Put(body, "HealthCheckPort", std::to_string(Integer(*port)));  // a string in the API
  } else if (complete) {
    Put(body, "HealthCheckPort", "traffic-port");
  }
  const bool http_check = IsHttp(check_protocol);
  std::string path = StringField(*check, "path");
  if (http_check && (complete || path != "/")) Put(body, "HealthCheckPath", std::move(path));
  long long interval = WholeSeconds(*Field(*check, "interval"));
  if (complete || interval != 30) Put(body, "HealthCheckIntervalSeconds", interval);
  if (const Value* timeout = Field(*check, "timeout")) {
    Put(body, "HealthCheckTimeoutSeconds", WholeSeconds(*timeout));
  } else if (complete) {
    Put(body, "HealthCheckTimeoutSeconds", DefaultTimeoutSeconds(check_protocol));
  }
  long long healthy = Integer(*Field(*check, "healthy_threshold"));
  if (complete || healthy != 5) Put(body, "HealthyThresholdCount", healthy);
  long long unhealthy = Integer(*Field(*check, "unhealthy_threshold"));
  if (complete || unhealthy != 2) Put(body, "UnhealthyThresholdCount", unhealthy);
  if (http_check) {
    std::string matcher = StringField(*check, "matcher");
    if (StringField(group, "protocol_version") == "GRPC") {
      if (complete || matcher != "200") Put(body, "Matcher", JsonObject("GrpcCode", matcher));
    } else if (complete || matcher != "200" || !IsHttp(protocol)) {
      // Behind a network load balancer AWS's own default is 200-399, not the schema's 200.
      Put(body, "Matcher", JsonObject("HttpCode", matcher));
    }
  }
}

// modify-target-group-attributes entries; only those differing from AWS's defaults unless
// `complete`.
Json TargetGroupAttributeEntries(const Value& group, bool complete) {
  Json attributes = JsonArray();
  long long delay = WholeSeconds(*Field(group, "deregistration_delay"));
  if (complete || delay != 300) {
    attributes.push_back(
        JsonObject("Key", "deregistration_delay.timeout_seconds", "Value", std::to_string(delay)));
  }
  // Slow start exists for HTTP and HTTPS target groups only (application load balancers).
  if (IsHttp(StringField(group, "protocol"))) {
    long long slow_start = WholeSeconds(*Field(group, "slow_start"));
    if (complete || slow_start != 0) {
      attributes.push_back(
          JsonObject("Key", "slow_start.duration_seconds", "Value", std::to_string(slow_start)));
    }
  }
  return attributes;
}

AwsCall ModifyAttributes(const ir::Resource& group, Json attributes) {
  return {.service = "elbv2",
          .operation = "modify-target-group-attributes",
          .address = group.address,
          .body = JsonObject("TargetGroupArn", Placeholder(group.address, "arn"), "Attributes",
                             std::move(attributes))};
}

std::vector<AwsCall> CreateTargetGroup(const ir::Resource& group, const EmitContext& context) {
  const Value& a = group.attributes;
  Json body = JsonObject();
  Put(body, "Name", StringField(a, "name"));
  // Protocol, port and VPC are required for ip and instance targets.
  Put(body, "Protocol", StringField(a, "protocol"));
  std::string version = StringField(a, "protocol_version");
  if (IsHttp(StringField(a, "protocol")) && version != "HTTP1")
    Put(body, "ProtocolVersion", std::move(version));
  CopyIfSet(body, "Port", a, "port", context);
  CopyIfSet(body, "VpcId", a, "vpc", context);
  HealthCheckMembers(body, a, /*complete=*/false, context);
  // ECS registers instance targets with each task's host port, dynamic in bridge mode: the
  // health check must go to the port each target receives traffic on. That is AWS's default,
  // stated so that it is seen (cfn-lint E3049 requires it of templates with dynamic ports).
  if (!body.contains("HealthCheckPort") && StringField(a, "target_type") == "instance")
    Put(body, "HealthCheckPort", "traffic-port");
  // Always written: the schema's default (ip) is not AWS's (instance).
  Put(body, "TargetType", StringField(a, "target_type"));
  if (std::optional<Json> tags = CapitalizedTags(Field(a, "tags") ? *Field(a, "tags") : Value()))
    Put(body, "Tags", std::move(*tags));

  std::vector<AwsCall> calls;
  std::string prefix = group.address + ".";
  calls.push_back(
      {.service = "elbv2",
       .operation = "create-target-group",
       .address = group.address,
       .body = std::move(body),
       .captures = {{prefix + "arn", "TargetGroups[0].TargetGroupArn"},
                    {prefix + "arn_suffix", "TargetGroups[0].TargetGroupArn", "targetgroup/"}}});
  if (Json attributes = TargetGroupAttributeEntries(a, /*complete=*/false); !attributes.empty()) {
    calls.push_back(ModifyAttributes(group, std::move(attributes)));
  }
  return calls;
}

std::vector<AwsCall> UpdateTargetGroup(const ir::Resource& group, const Value& before,
                                       const EmitContext& context) {
  const Value& a = group.attributes;
  std::vector<AwsCall> changes;
  if (Changed(before, a, "health_check")) {
    Json body = JsonObject("TargetGroupArn", Placeholder(group.address, "arn"));
    HealthCheckMembers(body, a, /*complete=*/true, context);
    changes.push_back({.service = "elbv2",
                       .operation = "modify-target-group",
                       .address = group.address,
                       .body = std::move(body)});
  }
  if (Changed(before, a, "deregistration_delay") || Changed(before, a, "slow_start")) {
    changes.push_back(ModifyAttributes(group, TargetGroupAttributeEntries(a, /*complete=*/true)));
  }
  for (AwsCall& call : Elbv2TagUpdates(group.address, Placeholder(group.address, "arn"), before, a))
    changes.push_back(std::move(call));
  if (changes.empty()) return {};
  std::vector<AwsCall> calls = {DescribeTargetGroup(group.address, StringField(a, "name"))};
  for (AwsCall& call : changes) calls.push_back(std::move(call));
  return calls;
}

std::vector<AwsCall> RemoveTargetGroup(const ir::Resource& before, const EmitContext& context) {
  return {DescribeTargetGroup(before.address, StringField(before.attributes, "name")),
          {.service = "elbv2",
           .operation = "delete-target-group",
           .address = before.address,
           .body = {{"TargetGroupArn", Placeholder(before.address, "arn")}}}};
}

}  // namespace

const KindEmitter kTargetGroupEmitter = {"target_group", CreateTargetGroup, UpdateTargetGroup,
                                         RemoveTargetGroup};

}  // namespace berth::aws

// target_group: an elbv2 target group (CreateTargetGroup) that services register tasks in.
#include "compiler/schema/tables.h"

namespace berth::schema {

namespace {

const BlockSpec& HealthCheckBlock() {
  static const BlockSpec spec{
      .name = "health_check",
      .attributes =
          {
              {.name = "path",
               .type = &String(),
               .default_value = Str("/"),
               .doc = "Path requested by HTTP and HTTPS checks (HealthCheckPath)."},
              {.name = "protocol",
               .type = &EnumOf({"HTTP", "HTTPS", "TCP"}),
               .doc = "Protocol of the check (HealthCheckProtocol); the target group's when "
                      "omitted."},
              {.name = "port",
               .type = &Number(),
               .doc = "Port checked (HealthCheckPort); the port traffic goes to when omitted."},
              {.name = "interval",
               .type = &Duration(),
               .default_value = Seconds(30),
               .min = Seconds(5),
               .max = Seconds(300),
               .doc = "Time between checks (HealthCheckIntervalSeconds): 5s to 300s."},
              {.name = "timeout",
               .type = &Duration(),
               .min = Seconds(2),
               .max = Seconds(120),
               .doc = "Time without answer that fails a check (HealthCheckTimeoutSeconds): "
                      "2s to 120s; 5s for HTTP, 6s for HTTPS, 10s for TCP when omitted."},
              {.name = "healthy_threshold",
               .type = &Number(),
               .default_value = Num(5),
               .min = Num(2),
               .max = Num(10),
               .doc = "Consecutive successes that make a target healthy "
                      "(HealthyThresholdCount): 2 to 10."},
              {.name = "unhealthy_threshold",
               .type = &Number(),
               .default_value = Num(2),
               .min = Num(2),
               .max = Num(10),
               .doc = "Consecutive failures that make a target unhealthy "
                      "(UnhealthyThresholdCount): 2 to 10."},
              {.name = "matcher",
               .type = &String(),
               .default_value = Str("200"),
               .doc = "HTTP codes that count as healthy (Matcher.HttpCode), e.g. \"200-299\"."},
          },
      .doc = "How the load balancer checks targets (HealthCheck*).",
  };
  return spec;
}

}  // namespace

const BlockSpec& TargetGroupSchema() {
  static const BlockSpec spec{
      .name = "target_group",
      .labeled = true,
      .attributes =
          {
              {.name = "name",
               .type = &String(),
               .default_is_label = true,
               .forces_replacement = true,
               .doc = "Target group name (Name): up to 32 letters, digits and hyphens. "
                      "Defaults to the block's label."},
              {.name = "port",
               .type = &Number(),
               .required = true,
               .forces_replacement = true,
               .doc = "Port targets receive traffic on (Port); ECS registers each task with "
                      "its container port, which overrides it."},
              {.name = "protocol",
               .type = &EnumOf({"HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP"}),
               .default_value = Str("HTTP"),
               .forces_replacement = true,
               .doc = "Protocol to the targets (Protocol): HTTP/HTTPS behind an application "
                      "load balancer, TCP/TLS/UDP/TCP_UDP behind a network one."},
              {.name = "protocol_version",
               .type = &EnumOf({"HTTP1", "HTTP2", "GRPC"}),
               .default_value = Str("HTTP1"),
               .forces_replacement = true,
               .doc = "HTTP version to the targets (ProtocolVersion); HTTP and HTTPS only."},
              {.name = "target_type",
               .type = &EnumOf({"ip", "instance"}),
               .default_value = Str("ip"),
               .forces_replacement = true,
               .doc = "ip for awsvpc tasks (Fargate), instance for bridge and host networking "
                      "(TargetType)."},
              {.name = "vpc",
               .type = &String(),
               .required = true,
               .forces_replacement = true,
               .doc = "VPC id of the targets (VpcId), e.g. \"vpc-0123456789abcdef0\"."},
              {.name = "deregistration_delay",
               .type = &Duration(),
               .default_value = Seconds(300),
               .min = Seconds(0),
               .max = Seconds(3600),
               .doc = "How long a deregistering target keeps its in-flight requests "
                      "(deregistration_delay.timeout_seconds): 0s to 3600s."},
              {.name = "slow_start",
               .type = &Duration(),
               .default_value = Seconds(0),
               // 0s or 30s to 900s: the bounds say the upper half of that.
               .max = Seconds(900),
               .doc = "Ramp-up time of a new target's share of traffic "
                      "(slow_start.duration_seconds): 0s, or 30s to 900s."},
              TagsAttribute(),
          },
      .blocks = {&HealthCheckBlock()},
      .computed = {"arn"},
      .doc = "A target group: the set of tasks a listener forwards to, with its health check.",
  };
  return spec;
}

}  // namespace berth::schema

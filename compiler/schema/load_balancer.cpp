// load_balancer: an Application or Network Load Balancer (elbv2 CreateLoadBalancer) with its
// listeners (CreateListener) and listener rules (CreateRule).
#include "compiler/schema/tables.h"

namespace berth::schema {

// The three actions a listener or rule may take; each says exactly one. Shared with
// listener_rule.cpp, so a stand-alone rule reads exactly like a nested one.
const BlockSpec& ForwardBlock() {
  static const BlockSpec spec{
      .name = "forward",
      .attributes =
          {
              {.name = "target_group",
               .type = &RefTo({"target_group"}),
               .required = true,
               .doc = "Target group that receives the requests (TargetGroupArn)."},
          },
      .doc = "Forward to a target group (Type forward).",
  };
  return spec;
}

const BlockSpec& RedirectBlock() {
  static const BlockSpec spec{
      .name = "redirect",
      .attributes =
          {
              {.name = "protocol",
               .type = &EnumOf({"HTTP", "HTTPS"}),
               .doc = "Protocol to redirect to (Protocol); the request's when omitted."},
              {.name = "port",
               .type = &Number(),
               .doc = "Port to redirect to (Port); the request's when omitted."},
              {.name = "host",
               .type = &String(),
               .doc = "Host to redirect to (Host); the request's when omitted."},
              {.name = "path",
               .type = &String(),
               .doc = "Path to redirect to, starting with / (Path); the request's when "
                      "omitted."},
              {.name = "query",
               .type = &String(),
               .doc = "Query string, without the ? (Query); the request's when omitted."},
              {.name = "status_code",
               .type = &EnumOf({"HTTP_301", "HTTP_302"}),
               .default_value = Str("HTTP_301"),
               .doc = "Permanent (HTTP_301) or temporary (HTTP_302) (StatusCode)."},
          },
      .doc = "Redirect the client (Type redirect); application load balancers only.",
  };
  return spec;
}

const BlockSpec& FixedResponseBlock() {
  static const BlockSpec spec{
      .name = "fixed_response",
      .attributes =
          {
              {.name = "status_code",
               .type = &Number(),
               .required = true,
               .doc = "HTTP status, 2XX, 4XX or 5XX (StatusCode)."},
              {.name = "content_type",
               .type = &EnumOf({"text/plain", "text/css", "text/html", "application/javascript",
                                "application/json"}),
               .default_value = Str("text/plain"),
               .doc = "Content-Type of the body (ContentType)."},
              {.name = "body",
               .type = &String(),
               .doc = "Response body, up to 1024 characters (MessageBody)."},
          },
      .doc = "Answer directly (Type fixed-response); application load balancers only.",
  };
  return spec;
}

// A rule's priority and conditions, the same nested in a listener or stand-alone.
std::vector<AttributeSpec> RuleAttributes() {
  return {
      {.name = "priority",
       .type = &Number(),
       .required = true,
       .doc = "Evaluation order, lowest first, unique in the listener: 1 to 50000 "
              "(Priority)."},
      {.name = "path",
       .type = &ListOf(String()),
       .doc = "Path patterns, any of which matches (path-pattern), e.g. "
              "[\"/api/*\"]."},
      {.name = "host",
       .type = &ListOf(String()),
       .doc = "Host headers, any of which matches (host-header), e.g. "
              "[\"api.example.com\"]."},
  };
}

namespace {

const BlockSpec& RuleBlock() {
  static const BlockSpec spec{
      .name = "rule",
      .labeled = true,
      .repeated = true,
      .ir_key = "rules",
      .attributes = RuleAttributes(),
      .blocks = {&ForwardBlock(), &RedirectBlock(), &FixedResponseBlock()},
      .doc =
          "A listener rule (CreateRule): when path and host match, take its action. "
          "Application load balancers only.",
  };
  return spec;
}

const BlockSpec& ListenerBlock() {
  static const BlockSpec spec{
      .name = "listener",
      .labeled = true,
      .repeated = true,
      .ir_key = "listeners",
      .attributes =
          {
              {.name = "port",
               .type = &Number(),
               .required = true,
               .doc = "Port the load balancer listens on (Port)."},
              {.name = "protocol",
               .type = &EnumOf({"HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP"}),
               .required = true,
               .doc = "HTTP or HTTPS on an application load balancer; TCP, TLS, UDP or "
                      "TCP_UDP on a network load balancer (Protocol)."},
              {.name = "certificate_arn",
               .type = &String(),
               .doc = "ACM certificate for HTTPS and TLS (Certificates[0].CertificateArn)."},
              {.name = "ssl_policy",
               .type = &String(),
               .doc = "TLS negotiation policy for HTTPS and TLS (SslPolicy), e.g. "
                      "\"ELBSecurityPolicy-TLS13-1-2-2021-06\"."},
          },
      .blocks = {&ForwardBlock(), &RedirectBlock(), &FixedResponseBlock(), &RuleBlock()},
      .doc =
          "A listener (CreateListener): its default action is the one forward, redirect or "
          "fixed_response block; rules take precedence by priority.",
  };
  return spec;
}

}  // namespace

const BlockSpec& LoadBalancerSchema() {
  static const BlockSpec spec{
      .name = "load_balancer",
      .labeled = true,
      .attributes =
          {
              {.name = "name",
               .type = &String(),
               .default_is_label = true,
               .forces_replacement = true,
               .doc = "Load balancer name (Name): up to 32 letters, digits and hyphens. "
                      "Defaults to the block's label."},
              {.name = "type",
               .type = &EnumOf({"application", "network"}),
               .default_value = Str("application"),
               .forces_replacement = true,
               .doc = "application (HTTP/HTTPS, layer 7) or network (TCP/UDP/TLS, layer 4) "
                      "(Type)."},
              {.name = "internal",
               .type = &Bool(),
               .default_value = Flag(false),
               .forces_replacement = true,
               .doc = "Reachable only inside the VPC (Scheme internal) instead of "
                      "internet-facing."},
              {.name = "subnets",
               .type = &ListOf(String()),
               .required = true,
               .doc = "Subnet ids, in at least two availability zones for an application load "
                      "balancer (Subnets)."},
              {.name = "security_groups",
               .type = &ListOf(String()),
               .doc = "Security group ids (SecurityGroups): \"sg-...\" strings or "
                      "`security_group.NAME.id`."},
              {.name = "idle_timeout",
               .type = &Duration(),
               .default_value = Seconds(60),
               .min = Seconds(1),
               .max = Seconds(4000),
               .doc = "Idle connection timeout of an application load balancer "
                      "(idle_timeout.timeout_seconds): 1s to 4000s."},
              {.name = "ip_address_type",
               .type = &EnumOf({"ipv4", "dualstack"}),
               .default_value = Str("ipv4"),
               .doc = "IPv4 only, or IPv4 and IPv6 (IpAddressType)."},
              {.name = "deletion_protection",
               .type = &Bool(),
               .default_value = Flag(false),
               .doc = "Refuse deletion until turned off "
                      "(deletion_protection.enabled)."},
              TagsAttribute(),
          },
      .blocks = {&ListenerBlock()},
      // vpc: AWS derives it from the subnets; target groups behind the load balancer need it.
      .computed = {"arn", "dns_name", "zone_id", "vpc"},
      .doc = "An Elastic Load Balancing v2 load balancer with its listeners and rules.",
  };
  return spec;
}

}  // namespace berth::schema

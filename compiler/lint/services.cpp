// Service availability and exposure: deployments that stop themselves, more than one subnet,
// capacity kept during deployments, no public addresses, a current Fargate platform.
#include <cstdio>

#include "compiler/lint/rule_context.h"
#include "compiler/rules/ir_view.h"

namespace berth::lint {

namespace {

// "1.3.0" -> {1, 3, 0}; false for LATEST or anything that is not a dotted version.
bool ParseVersion(std::string_view text, int (&parts)[3]) {
  parts[0] = parts[1] = parts[2] = 0;
  std::string s(text);
  int n = std::sscanf(s.c_str(), "%d.%d.%d", &parts[0], &parts[1], &parts[2]);
  return n >= 2;
}

void CheckDeployment(const ir::Resource& service, Sink& sink) {
  const Value* deployment = rules::Block(service.attributes, "deployment");
  if (!deployment) return;
  SourceRange at = rules::RangeOf(deployment, service.range);
  const Value* breaker = rules::Attr(*deployment, "circuit_breaker");
  if (rules::StrAttr(*deployment, "circuit_breaker") == "off") {
    sink.Add("BRT004", service, rules::RangeOf(breaker, at),
             service.address +
                 " turns the deployment circuit breaker off: a deployment whose "
                 "tasks keep failing retries forever; use circuit_breaker = rollback");
  }
  const Value* min_healthy = rules::NumAttr(*deployment, "min_healthy_percent");
  if (min_healthy && min_healthy->number() == 0 &&
      !rules::Blocks(service.attributes, "load_balancers").empty()) {
    sink.Add("BRT006", service, rules::RangeOf(min_healthy, at),
             service.address +
                 " has min_healthy_percent 0 behind a load balancer: a deployment "
                 "may stop every task before new ones pass health checks");
  }
}

void CheckNetwork(const ir::Resource& service, Sink& sink) {
  const Value* network = rules::Block(service.attributes, "network");
  if (!network) return;
  SourceRange at = rules::RangeOf(network, service.range);
  const Value* subnets = rules::Attr(*network, "subnets");
  // A subnet list built from references is only known after apply.
  if (subnets && subnets->is(ValueKind::kList) && !subnets->ContainsRef() &&
      subnets->list().size() == 1) {
    sink.Add("BRT005", service, rules::RangeOf(subnets, at),
             service.address +
                 " runs in a single subnet, so in one availability zone: list "
                 "subnets of at least two zones");
  }
  const Value* public_ip = rules::Attr(*network, "assign_public_ip");
  if (public_ip && public_ip->is(ValueKind::kBool) && public_ip->as_bool()) {
    sink.Add("BRT013", service, rules::RangeOf(public_ip, at),
             service.address +
                 " assigns public IP addresses to its tasks: run them in private "
                 "subnets and reach them through a load balancer");
  }
}

void CheckPlatformVersion(const ir::Resource& service, Sink& sink) {
  const Value* version = rules::Attr(service.attributes, "platform_version");
  if (!version || !version->is(ValueKind::kString)) return;
  int parts[3];
  if (!ParseVersion(version->str(), parts)) return;
  if (parts[0] > 1 || (parts[0] == 1 && parts[1] >= 4)) return;
  sink.Add("BRT016", service, rules::RangeOf(version, service.range),
           service.address + " pins Fargate platform version " + version->str() +
               ", older than 1.4.0 (no EFS, no ephemeral storage setting, no security fixes "
               "since): use LATEST or 1.4.0");
}

}  // namespace

void CheckServices(const ir::Program& program, Sink& sink) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind != "service") continue;
    CheckDeployment(r, sink);
    CheckNetwork(r, sink);
    CheckPlatformVersion(r, sink);
  }
}

}  // namespace berth::lint

// ELBv2's target registration: RegisterTargets, DeregisterTargets and DescribeTargetHealth
// (botocore model elbv2/2015-12-01), over the "elbv2_target" documents of
// controlplane/lb/targets_store.h. A registered target starts `initial`; the health checker
// (controlplane/targets/health_checker.h) moves it. A deregistered one drains for the group's
// deregistration_delay.timeout_seconds, then goes.
#include "controlplane/api/api.h"
#include "controlplane/lb/targets_store.h"
#include "controlplane/targets/target_health.h"

namespace berth::controlplane::api {

namespace elbv2_targets_impl {
namespace {

json RequireGroup(Context& context, const json& input) {
  std::string arn = RequireString(input, "TargetGroupArn", "ValidationError");
  auto tg = context.tx.Get(store::kTargetGroup, arn);
  if (!tg) throw ApiError("TargetGroupNotFound", "Target groups '" + arn + "' not found");
  return *tg;
}

// The targets named by the request, each with its port (the group's when not given).
std::vector<std::pair<std::string, int>> Named(const json& tg, const json& targets) {
  std::vector<std::pair<std::string, int>> out;
  for (const json& target : targets.is_array() ? targets : json::array()) {
    std::string id = target.value("Id", "");
    if (id.empty()) throw ApiError("ValidationError", "A target ID must be specified");
    int port = target.value("Port", tg.value("Port", 0));
    if (port < 1 || port > 65535) {
      throw ApiError("ValidationError", "Port must be between 1 and 65535");
    }
    out.emplace_back(id, port);
  }
  return out;
}

}  // namespace
}  // namespace elbv2_targets_impl

json RegisterTargets(Context& context, const json& input) {
  using namespace elbv2_targets_impl;
  json tg = RequireGroup(context, input);
  if (tg.value("TargetType", "instance") == "lambda") {
    throw ApiError("InvalidTarget", "Lambda targets are not supported by berth serve");
  }
  auto targets = Named(tg, input.value("Targets", json::array()));
  if (targets.empty()) throw ApiError("ValidationError", "At least one target must be specified");
  double now = model::Now();
  std::string arn = tg["TargetGroupArn"];
  for (const auto& [id, port] : targets) {
    auto held = lb::GetTarget(context.tx, arn, id, port);
    // Registering a registered target changes nothing; a draining one is registered afresh.
    if (held && (*held)["State"] != "draining") continue;
    lb::PutTarget(context.tx, targets::NewTarget(arn, id, port, now));
  }
  return json::object();
}

json DeregisterTargets(Context& context, const json& input) {
  using namespace elbv2_targets_impl;
  json tg = RequireGroup(context, input);
  auto targets = Named(tg, input.value("Targets", json::array()));
  if (targets.empty()) throw ApiError("ValidationError", "At least one target must be specified");
  std::string arn = tg["TargetGroupArn"];
  double now = model::Now();
  for (const auto& [id, port] : targets) {
    auto held = lb::GetTarget(context.tx, arn, id, port);
    if (!held) {
      throw ApiError("InvalidTarget", "The following targets are not registered: '" + id + ":" +
                                          std::to_string(port) + "'");
    }
    targets::Deregister(context.tx, tg, *held, now);
  }
  return json::object();
}

json DescribeTargetHealth(Context& context, const json& input) {
  using namespace elbv2_targets_impl;
  json tg = RequireGroup(context, input);
  std::string arn = tg["TargetGroupArn"];
  json out = json::array();
  if (input.contains("Targets") && !input["Targets"].empty()) {
    for (const auto& [id, port] : Named(tg, input["Targets"])) {
      auto held = lb::GetTarget(context.tx, arn, id, port);
      out.push_back(
          targets::HealthDescription(tg, held ? *held : targets::Unregistered(arn, id, port)));
    }
  } else {
    for (const json& target : lb::ListTargets(context.tx, &arn)) {
      out.push_back(targets::HealthDescription(tg, target));
    }
  }
  return {{"TargetHealthDescriptions", out}};
}

}  // namespace berth::controlplane::api

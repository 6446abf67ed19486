#include "controlplane/targets/target_health.h"

#include <map>

#include "controlplane/lb/targets_store.h"

namespace berth::controlplane::targets {

namespace {

// The reason codes' descriptions, as ELBv2 writes them (ALB user guide, "Health check reason
// codes"). ResponseCodeMismatch's names the codes seen, added by SetFailure.
const std::map<std::string, std::string>& Descriptions() {
  static const std::map<std::string, std::string> descriptions = {
      {"Elb.RegistrationInProgress", "Target registration is in progress"},
      {"Elb.InitialHealthChecking", "Initial health checks in progress"},
      {"Target.DeregistrationInProgress", "Target deregistration is in progress"},
      {"Target.FailedHealthChecks", "Health checks failed"},
      {"Target.NotInUse",
       "Target group is not configured to receive traffic from the load balancer"},
      {"Target.NotRegistered", "Target is not registered to the target group"},
      {"Target.ResponseCodeMismatch", "Health checks failed"},
      {"Target.Timeout", "Request timed out"},
  };
  return descriptions;
}

int IntOf(const json& value, int fallback) {
  if (value.is_number_integer()) return value.get<int>();
  if (value.is_string()) {
    try {
      return std::stoi(value.get<std::string>());
    } catch (const std::exception&) {
    }
  }
  return fallback;
}

}  // namespace

void SetState(json& target, const std::string& state, const std::string& reason) {
  target["State"] = state;
  target["Reason"] = reason;
  auto found = Descriptions().find(reason);
  target["Description"] = found == Descriptions().end() ? "" : found->second;
}

json NewTarget(const std::string& target_group_arn, const std::string& id, int port, double now) {
  json target = {{"TargetGroupArn", target_group_arn},
                 {"Id", id},
                 {"Port", port},
                 {"RegisteredAt", now},
                 {"DrainingUntil", 0.0}};
  SetState(target, "initial", "Elb.RegistrationInProgress");
  return target;
}

json Unregistered(const std::string& target_group_arn, const std::string& id, int port) {
  json target = NewTarget(target_group_arn, id, port, 0);
  SetState(target, "unused", "Target.NotRegistered");
  return target;
}

std::string Attribute(const json& target_group, const std::string& key,
                      const std::string& fallback) {
  for (const json& attribute :
       target_group.value("x-berth", json::object()).value("attributes", json::array())) {
    if (attribute.value("Key", "") == key) return attribute.value("Value", fallback);
  }
  return fallback;
}

void Deregister(store::Tx& tx, const json& target_group, json target, double now) {
  if (target["State"] == "draining") return;
  int delay = IntOf(Attribute(target_group, "deregistration_delay.timeout_seconds", "300"), 300);
  if (delay <= 0) {
    lb::DeleteTarget(tx, target);
    return;
  }
  SetState(target, "draining", "Target.DeregistrationInProgress");
  target["DrainingUntil"] = now + delay;
  lb::PutTarget(tx, target);
}

int HealthCheckPort(const json& target_group, const json& target) {
  json port = target_group.value("HealthCheckPort", json("traffic-port"));
  if (port == "traffic-port") return target.value("Port", 0);
  return IntOf(port, target.value("Port", 0));
}

json HealthDescription(const json& target_group, const json& target) {
  json health = {{"State", target.value("State", "initial")}};
  std::string reason = target.value("Reason", "");
  if (!reason.empty()) {
    health["Reason"] = reason;
    health["Description"] = target.value("Description", "");
  }
  return {{"Target", {{"Id", target["Id"]}, {"Port", target["Port"]}}},
          {"HealthCheckPort", std::to_string(HealthCheckPort(target_group, target))},
          {"TargetHealth", health}};
}

bool CodeMatches(const std::string& matcher, int code) {
  size_t start = 0;
  while (start <= matcher.size()) {
    size_t comma = matcher.find(',', start);
    std::string part =
        matcher.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    try {
      size_t dash = part.find('-');
      if (dash == std::string::npos) {
        if (!part.empty() && std::stoi(part) == code) return true;
      } else if (std::stoi(part.substr(0, dash)) <= code &&
                 code <= std::stoi(part.substr(dash + 1))) {
        return true;
      }
    } catch (const std::exception&) {
      return false;
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

bool ApplyCheck(json& target, const json& target_group, const CheckResult& result, int streak) {
  std::string state = target.value("State", "initial");
  if (state == "draining") return false;
  json before = target;
  if (result.ok) {
    int needed = target_group.value("HealthyThresholdCount", 5);
    if (state == "initial" || state == "unused" || streak >= needed)
      SetState(target, "healthy", "");
  } else {
    int needed = target_group.value("UnhealthyThresholdCount", 2);
    if (state == "unhealthy" || streak >= needed) {
      SetState(target, "unhealthy", result.reason);
      if (result.reason == "Target.ResponseCodeMismatch") {
        target["Description"] =
            "Health checks failed with these codes: [" + std::to_string(result.code) + "]";
      }
    } else if (state == "initial" || state == "unused") {
      SetState(target, "initial", "Elb.InitialHealthChecking");
    }
  }
  return target != before;
}

}  // namespace berth::controlplane::targets

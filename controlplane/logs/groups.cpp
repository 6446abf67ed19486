#include "controlplane/logs/groups.h"

namespace berth::controlplane::logs {

std::string GroupArn(const model::Origin& origin, const std::string& name) {
  return "arn:aws:logs:" + origin.region + ":" + origin.account + ":log-group:" + name;
}

nlohmann::json NewGroup(const model::Origin& origin, const std::string& name,
                        const nlohmann::json& input) {
  std::string arn = GroupArn(origin, name);
  nlohmann::json group = {{"logGroupName", name},
                          {"creationTime", static_cast<long long>(model::Now() * 1000)},
                          {"metricFilterCount", 0},
                          {"arn", arn + ":*"},
                          {"logGroupArn", arn},
                          {"storedBytes", 0},
                          {"logGroupClass", input.value("logGroupClass", "STANDARD")},
                          {"x-berth", {{"tags", input.value("tags", nlohmann::json::object())}}}};
  if (input.contains("kmsKeyId")) group["kmsKeyId"] = input["kmsKeyId"];
  return group;
}

}  // namespace berth::controlplane::logs

#include "controlplane/scaling/activities.h"

#include <cstdio>

namespace berth::controlplane::scaling {

// Named (and anonymous within): the build compiles several files as one unit.
namespace activities_impl {
namespace {

// Activities kept per target: DescribeScalingActivities pages 50 at a time by default.
constexpr size_t kKeptActivities = 100;

std::string Uuid() {
  return api::RandomHex(8) + "-" + api::RandomHex(4) + "-" + api::RandomHex(4) + "-" +
         api::RandomHex(4) + "-" + api::RandomHex(12);
}

void Record(api::Context& context, const json& target, json activity) {
  std::string key = TargetKey(target);
  double now = model::Now();
  activity["ActivityId"] = Uuid();
  activity["ServiceNamespace"] = target["ServiceNamespace"];
  activity["ResourceId"] = target["ResourceId"];
  activity["ScalableDimension"] = target["ScalableDimension"];
  activity["StartTime"] = now;
  activity["EndTime"] = now;
  // Keyed by time, so the store's key order is the order they happened in.
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%017.6f", now);
  context.tx.Put(store::kScalingActivity,
                 key + "|" + stamp + "|" + activity["ActivityId"].get<std::string>(), key,
                 activity);
  std::vector<json> all = context.tx.List(store::kScalingActivity, &key);
  for (size_t i = 0; i + kKeptActivities < all.size(); ++i) {
    char old[32];
    std::snprintf(old, sizeof old, "%017.6f", all[i]["StartTime"].get<double>());
    context.tx.Delete(store::kScalingActivity,
                      key + "|" + old + "|" + all[i]["ActivityId"].get<std::string>());
  }
}

}  // namespace
}  // namespace activities_impl

using namespace activities_impl;

std::string TargetKey(const json& target) {
  return target["ServiceNamespace"].get<std::string>() + "|" +
         target["ResourceId"].get<std::string>() + "|" +
         target["ScalableDimension"].get<std::string>();
}

std::optional<json> ServiceOf(store::Tx& tx, const json& target) {
  std::string resource = target["ResourceId"];
  if (target["ServiceNamespace"] != "ecs" || resource.rfind("service/", 0) != 0) return {};
  auto service = tx.Get(store::kService, resource.substr(8));
  if (!service || (*service)["status"] != "ACTIVE") return {};
  return service;
}

bool Deploying(const json& service) {
  const json& deployments = service["deployments"];
  return deployments.size() > 1 ||
         (!deployments.empty() && deployments[0].value("rolloutState", "") == "IN_PROGRESS");
}

bool SetDesiredCount(api::Context& context, const json& target, int desired,
                     const std::string& cause) {
  std::string resource = target["ResourceId"].get<std::string>().substr(8);  // CLUSTER/NAME
  size_t slash = resource.find('/');
  std::string count = std::to_string(desired);
  json activity = {{"Description", "Setting desired count to " + count + "."}, {"Cause", cause}};
  try {
    api::UpdateService(context, {{"cluster", resource.substr(0, slash)},
                                 {"service", resource.substr(slash + 1)},
                                 {"desiredCount", desired}});
  } catch (const std::exception& e) {
    activity["StatusCode"] = "Failed";
    activity["StatusMessage"] = "Failed to set desired count to " + count + ". " + e.what();
    Record(context, target, activity);
    return false;
  }
  activity["StatusCode"] = "Successful";
  activity["StatusMessage"] =
      "Successfully set desired count to " + count + ". Change successfully fulfilled by ecs.";
  Record(context, target, activity);
  return true;
}

}  // namespace berth::controlplane::scaling

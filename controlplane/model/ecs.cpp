#include "controlplane/model/ecs.h"

#include <array>
#include <chrono>
#include <random>

namespace berth::controlplane::model {

namespace {

std::mt19937_64& Rng() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  return rng;
}

std::string RandomDigits(int count, const char* alphabet, int base) {
  std::string out;
  std::uniform_int_distribution<int> pick(0, base - 1);
  for (int i = 0; i < count; ++i) out += alphabet[pick(Rng())];
  return out;
}

}  // namespace

std::string Arn(const Origin& origin, const std::string& resource) {
  return "arn:aws:ecs:" + origin.region + ":" + origin.account + ":" + resource;
}

std::string NameOf(const std::string& arn_or_name) {
  auto slash = arn_or_name.rfind('/');
  if (arn_or_name.rfind("arn:", 0) != 0 || slash == std::string::npos) return arn_or_name;
  return arn_or_name.substr(slash + 1);
}

std::string NewTaskId() { return RandomDigits(32, "0123456789abcdef", 16); }

std::string NewDeploymentId() { return "ecs-svc/" + RandomDigits(19, "0123456789", 10); }

double Now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count() / 1000.0;
}

void AddEvent(json& service, const std::string& message) {
  json& events = service["events"];
  if (!events.is_array()) events = json::array();
  if (!events.empty() && events[0].value("message", "") == message) return;
  json event = {{"id", NewTaskId().substr(0, 8) + "-" + NewTaskId().substr(0, 4) + "-" +
                           NewTaskId().substr(0, 4) + "-" + NewTaskId().substr(0, 4) + "-" +
                           NewTaskId().substr(0, 12)},
                {"createdAt", Now()},
                {"message", message}};
  events.insert(events.begin(), event);
  if (events.size() > 100) events.erase(events.begin() + 100, events.end());
}

json Public(const json& doc) {
  json out = doc;
  if (out.is_object()) out.erase("x-berth");
  return out;
}

int StatusRank(const std::string& status) {
  static const std::array<const char*, 8> kOrder = {"PROVISIONING",   "PENDING",      "ACTIVATING",
                                                    "RUNNING",        "DEACTIVATING", "STOPPING",
                                                    "DEPROVISIONING", "STOPPED"};
  for (size_t i = 0; i < kOrder.size(); ++i) {
    if (status == kOrder[i]) return static_cast<int>(i);
  }
  return 0;
}

}  // namespace berth::controlplane::model

namespace berth::controlplane::model {

json NewDeployment(const std::string& task_definition, int desired, const std::string& reason) {
  std::string id = NewDeploymentId();
  double now = Now();
  return {
      {"id", id},
      {"status", "PRIMARY"},
      {"taskDefinition", task_definition},
      {"desiredCount", desired},
      {"pendingCount", 0},
      {"runningCount", 0},
      {"failedTasks", 0},
      {"createdAt", now},
      {"updatedAt", now},
      {"launchType", "EC2"},
      {"rolloutState", "IN_PROGRESS"},
      {"rolloutStateReason", reason.empty() ? "ECS deployment " + id + " in progress." : reason}};
}

json DeploymentConfiguration(const json& given) {
  json out = {{"deploymentCircuitBreaker", {{"enable", false}, {"rollback", false}}},
              {"maximumPercent", 200},
              {"minimumHealthyPercent", 100}};
  if (given.is_object()) {
    for (auto& [key, value] : given.items()) out[key] = value;
  }
  return out;
}

}  // namespace berth::controlplane::model

// The reconciler's pure steps, over store documents and one observation of the engines: what
// reconciler.cpp runs inside its transaction. Kept apart so each reads as the ECS rule it
// implements.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "controlplane/engines/engine.h"
#include "controlplane/model/ecs.h"
#include "controlplane/reconciler/reconciler.h"
#include "controlplane/store/store.h"

namespace berth::controlplane::reconciler {

using nlohmann::json;

// What one engine showed at the start of the tick.
struct EngineView {
  bool ok = false;
  std::map<std::string, std::vector<engines::Observed>> by_task;  // task id -> its containers
};

struct StopOrder {
  std::string task;
  std::string instance;
  std::vector<std::string> containers;
  int timeout = 30;
};

// A created container whose dependsOn conditions are now met.
struct StartOrder {
  std::string task;
  std::string instance;
  std::string container;  // its id on the engine
};

// What the tick does on the engines once its decisions are committed.
struct Actions {
  std::vector<std::string> launch;  // task ids
  std::vector<StartOrder> start;
  std::vector<StopOrder> stop;
  std::vector<std::pair<std::string, std::string>> remove;  // instance, container id
};

// Task definitions by ARN, read once per tick.
class Definitions {
 public:
  explicit Definitions(store::Tx& tx) : tx_(tx) {}
  const json* Get(const std::string& arn);

 private:
  store::Tx& tx_;
  std::map<std::string, json> cache_;
};

// The task's id: the last part of its ARN.
std::string TaskId(const json& task);

// True when an essential container of the task's definition declares a health check.
bool HasHealthCheck(const json& definition);

struct TickContext {
  store::Tx& tx;
  const model::Origin& origin;
  const Options& options;
  const std::map<std::string, EngineView>& views;
  const std::map<std::string, json>& instances;  // id -> instance document
  const std::set<std::string>& in_flight;        // tasks being stopped
  Definitions& definitions;
  double now;
  Actions actions;
};

// Moves one task along its lifecycle from what its engine shows; true when it changed.
bool AdvanceTask(TickContext& context, json& task, int grace_seconds);

// Steps one service; `tasks` holds every task of its cluster (new ones are appended). True when
// the service document changed.
bool StepService(TickContext& context, json& service, std::vector<json>& tasks);

// A task counted healthy towards minimumHealthyPercent.
bool CountsHealthy(TickContext& context, const json& task);

}  // namespace berth::controlplane::reconciler

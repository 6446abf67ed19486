#include "controlplane/schedules/event_rules.h"

#include "controlplane/schedules/expression.h"

namespace berth::controlplane::schedules {

// Named (and anonymous within): the build compiles several files as one unit.
namespace event_rules_impl {
namespace {

// ECS caps startedBy at 36 characters (ECS model `RunTaskRequest.startedBy`).
std::string StartedBy(const std::string& rule) { return ("events-rule/" + rule).substr(0, 36); }

json RunTaskInput(const std::string& rule, const json& target) {
  const json& ecs = target["EcsParameters"];
  json input = {{"cluster", target["Arn"]},
                {"taskDefinition", ecs.value("TaskDefinitionArn", "")},
                {"count", ecs.value("TaskCount", 1)},
                {"startedBy", StartedBy(rule)}};
  if (ecs.contains("Group")) input["group"] = ecs["Group"];
  if (ecs.contains("PlacementStrategy")) {
    json strategy = json::array();
    for (const json& s : ecs["PlacementStrategy"])
      strategy.push_back({{"type", s.value("type", "")}, {"field", s.value("field", "")}});
    input["placementStrategy"] = strategy;
  }
  if (ecs.contains("PlacementConstraints")) {
    json constraints = json::array();
    for (const json& c : ecs["PlacementConstraints"]) {
      json constraint = {{"type", c.value("type", "")}};
      if (c.contains("expression")) constraint["expression"] = c["expression"];
      constraints.push_back(constraint);
    }
    input["placementConstraints"] = constraints;
  }
  if (target.contains("Input")) {
    json overrides = json::parse(target["Input"].get<std::string>(), nullptr, false);
    if (overrides.is_object()) input["overrides"] = overrides;
  }
  return input;
}

Fired Run(store::Tx& tx, const std::string& rule, const json& target, const RunTaskFn& run_task) {
  Fired fired{rule, target.value("Id", ""), {}, ""};
  try {
    json answer = run_task(tx, RunTaskInput(rule, target));
    for (const json& task : answer["tasks"]) fired.tasks.push_back(task["taskArn"]);
    for (const json& failure : answer["failures"]) {
      fired.error += (fired.error.empty() ? "" : "; ") + failure.value("reason", "");
    }
  } catch (const std::exception& e) {
    fired.error = e.what();
  }
  return fired;
}

}  // namespace
}  // namespace event_rules_impl

using namespace event_rules_impl;

std::vector<Fired> FireDueRules(store::Tx& tx, double now, const RunTaskFn& run_task) {
  std::vector<Fired> fired;
  for (json& rule : tx.List(store::kEventRule)) {
    if (!rule.contains("ScheduleExpression")) continue;
    json before = rule;
    json& state = rule["x-berth"]["schedule"];
    std::string text = rule["ScheduleExpression"];
    if (rule.value("State", "ENABLED") != "ENABLED") {
      // Disabled: the next time is counted afresh when the rule is enabled again.
      if (state.is_object()) state.erase("next");
    } else {
      std::string error;
      auto expression = Parse(text, false, error);
      if (!state.is_object() || state.value("expression", "") != text) {
        state = {{"expression", text}, {"origin", now}};
      }
      if (expression && state.contains("next") && state["next"].get<double>() <= now) {
        for (const json& target : rule["x-berth"]["targets"]) {
          if (target.contains("EcsParameters")) {
            fired.push_back(Run(tx, rule["Name"], target, run_task));
          }
        }
        state["last"] = now;
        state.erase("next");
      }
      if (expression && !state.contains("next")) {
        auto next = NextFire(*expression, now, state["origin"].get<double>());
        if (next) state["next"] = *next;
      }
    }
    if (rule != before) tx.Put(store::kEventRule, rule["Name"], "", rule);
  }
  return fired;
}

}  // namespace berth::controlplane::schedules

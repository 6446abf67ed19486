#include "controlplane/scaling/driver.h"

#include <cmath>
#include <cstdio>
#include <set>

#include "controlplane/api/api.h"
#include "controlplane/engines/registered.h"
#include "controlplane/lb/targets_store.h"
#include "controlplane/scaling/activities.h"
#include "controlplane/scaling/step_scaling.h"
#include "controlplane/scaling/target_tracking.h"
#include "controlplane/schedules/event_rules.h"
#include "controlplane/schedules/expression.h"
#include "controlplane/store/task_definitions.h"

namespace berth::controlplane::scaling {

// Named (and anonymous within): the build compiles several files as one unit.
namespace driver_impl {
namespace {

// Datapoints kept per service: enough for a step alarm's evaluation periods.
constexpr size_t kKeptDatapoints = 30;

bool Suspended(const json& target, const char* what) {
  return target.value("SuspendedState", json::object()).value(what, false);
}

std::string ServiceKeyOf(const json& service) {
  return model::NameOf(service["clusterArn"]) + "/" + service["serviceName"].get<std::string>();
}

// The predefined metric a target tracking policy follows (ECSServiceAverageCPUUtilization...).
std::string TrackedMetric(const json& policy) {
  const json& config = policy.value("TargetTrackingScalingPolicyConfiguration", json::object());
  return config.value("PredefinedMetricSpecification", json::object())
      .value("PredefinedMetricType", "");
}

std::string ResourceLabel(const json& policy) {
  return policy["TargetTrackingScalingPolicyConfiguration"]
      .value("PredefinedMetricSpecification", json::object())
      .value("ResourceLabel", "");
}

// The name of the policy's high (0) or low (1) alarm, as PutScalingPolicy made it.
std::string TrackingAlarm(const json& policy, int which) {
  const json& alarms = policy.value("Alarms", json::array());
  return alarms.size() > static_cast<size_t>(which)
             ? alarms[which].value("AlarmName", "")
             : "TargetTracking-" + policy.value("ResourceId", "");
}

// ALB divides RequestCount by the group's healthy targets; with none healthy (fail-open, or no
// health checks yet) the service's RUNNING tasks stand for them.
int HealthyTargets(const store::Tx& tx, const std::string& group, int running) {
  int healthy = 0;
  for (const json& target : lb::ListTargets(tx, &group)) healthy += target["State"] == "healthy";
  return healthy > 0 ? healthy : running;
}

std::string Percent(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

}  // namespace
}  // namespace driver_impl

using namespace driver_impl;

Driver::Driver(store::Store& store, model::Origin origin, std::vector<std::string> engine_sockets,
               DriverOptions options)
    : store_(store), origin_(std::move(origin)), options_(std::move(options)) {
  for (const std::string& socket : engine_sockets) {
    engines_.push_back(std::make_unique<engines::Engine>(socket));
  }
}

Driver::~Driver() { Stop(); }

void Driver::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void Driver::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Driver::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      Tick(model::Now());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "berth serve: scaling: %s\n", e.what());
    }
    lock.lock();
    wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
  }
}

void Driver::Tick(double now) {
  FireSchedules(now);
  if (now >= next_measure_) {
    next_measure_ = now + options_.metrics_interval;
    Measure(now);
    Scale(now);
  }
}

void Driver::FireSchedules(double now) {
  bool changed = false;
  std::vector<schedules::Fired> fired;
  store_.Transaction([&](store::Tx& tx) {
    api::Context context{tx, origin_};
    fired = schedules::FireDueRules(
        tx, now, [&](store::Tx&, const json& input) { return api::RunTask(context, input); });
    // Scheduled actions: new capacity bounds at their time, not held back by any cooldown.
    for (json& action : tx.List(store::kScheduledAction)) {
      std::string key = TargetKey(action);
      auto target = tx.Get(store::kScalableTarget, key);
      if (!target || Suspended(*target, "ScheduledScalingSuspended")) continue;
      json before = action;
      json& state = action["x-berth"]["schedule"];
      std::string text = action.value("Schedule", "");
      if (!state.is_object() || state.value("expression", "") != text) {
        state = {{"expression", text}, {"origin", now}};
      }
      std::string error;
      auto expression = schedules::Parse(text, true, error);
      bool in_window = now >= action.value("StartTime", 0.0) &&
                       (!action.contains("EndTime") || now <= action["EndTime"].get<double>());
      if (expression && in_window && state.contains("next") && state["next"].get<double>() <= now) {
        const json& bounds = action.value("ScalableTargetAction", json::object());
        for (const char* member : {"MinCapacity", "MaxCapacity"}) {
          if (bounds.contains(member)) (*target)[member] = bounds[member];
        }
        (*target)["x-berth"]["scheduled"] = action["ScheduledActionName"];
        tx.Put(store::kScalableTarget, key, "", *target);
        state.erase("next");
      }
      if (expression && !state.contains("next")) {
        auto next = schedules::NextFire(*expression, now, state["origin"].get<double>());
        if (next) state["next"] = *next;
      }
      if (action != before)
        tx.Put(store::kScheduledAction, key + "|" + action["x-berth"]["name"].get<std::string>(),
               key, action);
    }
    // Capacity bounds that changed (RegisterScalableTarget, a scheduled action) move the desired
    // count into them at once, as Application Auto Scaling does.
    for (json& target : tx.List(store::kScalableTarget)) {
      auto service = ServiceOf(tx, target);
      if (!service) continue;
      json bounds = {target["MinCapacity"], target["MaxCapacity"]};
      if (target["x-berth"].value("bounds", json()) == bounds) continue;
      int current = (*service)["desiredCount"];
      int wanted =
          std::clamp(current, target["MinCapacity"].get<int>(), target["MaxCapacity"].get<int>());
      std::string scheduled = target["x-berth"].value("scheduled", "");
      target["x-berth"]["bounds"] = bounds;
      target["x-berth"].erase("scheduled");
      tx.Put(store::kScalableTarget, TargetKey(target), "", target);
      if (wanted == current) continue;
      std::string cause = (scheduled.empty() ? std::string("the scalable target's")
                                             : "scheduled action name " + scheduled + " set the") +
                          (wanted > current ? " minimum capacity to " : " maximum capacity to ") +
                          std::to_string(wanted);
      SetDesiredCount(context, target, wanted, cause);
      changed = true;
    }
  });
  for (const schedules::Fired& f : fired) {
    changed = changed || !f.tasks.empty();
    std::fprintf(stderr, "berth serve: rule %s: target %s: %zu task(s) started%s%s\n",
                 f.rule.c_str(), f.target.c_str(), f.tasks.size(), f.error.empty() ? "" : ": ",
                 f.error.c_str());
  }
  if (changed && options_.after_write) options_.after_write();
}

void Driver::Measure(double now) {
  // What to measure: the RUNNING tasks of the services a policy or an alarm follows.
  std::set<std::string> followed;
  struct TaskView {
    std::string service, instance;
    double cpu = 0, memory = 0;  // reserved
  };
  std::map<std::string, TaskView> tasks;  // by task id
  std::vector<std::string> registered;    // engines registered through the API
  store_.Transaction([&](store::Tx& tx) {
    registered = engines::RegisteredSockets(tx.List(store::kInstance));
    for (const json& policy : tx.List(store::kScalingPolicy)) {
      if (policy["ServiceNamespace"] == "ecs" &&
          policy["ResourceId"].get<std::string>().rfind("service/", 0) == 0) {
        followed.insert(policy["ResourceId"].get<std::string>().substr(8));
      }
    }
    for (const json& alarm : tx.List(store::kAlarm)) {
      std::string key = AlarmService(alarm);
      if (!key.empty()) followed.insert(key);
    }
    if (followed.empty()) return;
    std::map<std::string, json> definitions;
    for (const json& task : tx.List(store::kTask)) {
      if (task["lastStatus"] != "RUNNING" || task["desiredStatus"] != "RUNNING") continue;
      std::string group = task.value("group", "");
      if (group.rfind("service:", 0) != 0) continue;
      std::string key = model::NameOf(task["clusterArn"]) + "/" + group.substr(8);
      if (!followed.count(key)) continue;
      std::string arn = task["taskDefinitionArn"];
      if (!definitions.count(arn)) {
        definitions[arn] = store::FindTaskDefinition(tx, arn).value_or(json::object());
      }
      tasks[model::NameOf(task["taskArn"])] = {key, task["x-berth"].value("instance", ""),
                                               ReservedCpu(definitions[arn]),
                                               ReservedMemory(definitions[arn])};
    }
  });
  // Sample every container of those tasks.
  struct Use {
    double cpu = 0, memory = 0;
    bool cpu_known = true;
  };
  std::map<std::string, Use> use;  // by task id
  std::map<std::string, Sample> seen;
  std::vector<std::unique_ptr<engines::Engine>> added;
  for (const std::string& socket : registered) {
    added.push_back(std::make_unique<engines::Engine>(socket));
  }
  std::vector<const engines::Engine*> all;
  for (const auto* list : {&engines_, &added}) {
    for (const auto& engine : *list) all.push_back(engine.get());
  }
  for (const engines::Engine* engine : all) {
    bool wanted = false;
    for (const auto& [id, task] : tasks) wanted = wanted || task.instance == engine->Id();
    if (!wanted) continue;
    std::vector<engines::Observed> containers;
    std::string error;
    if (!engine->List(containers, error)) continue;
    for (const engines::Observed& o : containers) {
      if (!tasks.count(o.task) || o.state != "running") continue;
      json stats;
      auto sample = engine->Stats(o.id, stats, error) ? SampleOf(stats) : std::nullopt;
      if (!sample) continue;
      Use& u = use[o.task];
      auto previous = samples_.find(o.id);
      if (previous == samples_.end()) {
        u.cpu_known = false;  // the first sample of a container: no interval to divide yet
      } else {
        u.cpu += CpuUnits(previous->second, *sample);
      }
      u.memory += sample->memory_mib;
      seen[o.id] = *sample;
    }
  }
  samples_ = std::move(seen);
  if (options_.request_counts) {
    std::map<std::string, std::uint64_t> counts = options_.request_counts();
    requests_.clear();
    for (const auto& [arn, count] : counts) {
      auto before = counts_.find(arn);
      if (before != counts_.end() && counts_at_ > 0) {
        requests_[arn] = {before->second, count, now - counts_at_};
      }
    }
    counts_ = std::move(counts);
    counts_at_ = now;
  }
  // One datapoint per followed service: ECS's percentages over its measured tasks.
  std::map<std::string, std::pair<double, double>> cpu, memory;  // used, reserved
  for (const auto& [id, u] : use) {
    const TaskView& task = tasks[id];
    if (u.cpu_known && task.cpu > 0) {
      cpu[task.service].first += u.cpu;
      cpu[task.service].second += task.cpu;
    }
    if (task.memory > 0) {
      memory[task.service].first += u.memory;
      memory[task.service].second += task.memory;
    }
  }
  for (auto it = datapoints_.begin(); it != datapoints_.end();) {
    it = followed.count(it->first) ? std::next(it) : datapoints_.erase(it);
  }
  for (const std::string& service : followed) {
    Datapoint point{now, {}, {}, 0};
    for (const auto& [id, task] : tasks) point.tasks += task.service == service;
    if (cpu.count(service)) point.cpu = cpu[service].first * 100 / cpu[service].second;
    if (memory.count(service)) point.memory = memory[service].first * 100 / memory[service].second;
    auto& series = datapoints_[service];
    series.push_back(point);
    while (series.size() > kKeptDatapoints) series.pop_front();
  }
}

void Driver::Scale(double now) {
  bool changed = false;
  store_.Transaction([&](store::Tx& tx) {
    api::Context context{tx, origin_};
    for (json& target : tx.List(store::kScalableTarget)) {
      auto service = ServiceOf(tx, target);
      if (!service) continue;
      auto series = datapoints_.find(ServiceKeyOf(*service));
      if (series == datapoints_.end() || series->second.empty()) continue;
      const Datapoint& latest = series->second.back();
      if (latest.at != now) continue;
      std::string key = TargetKey(target);
      std::vector<PolicyView> views;
      std::map<std::string, json> by_name;
      for (const json& policy : tx.List(store::kScalingPolicy, &key)) {
        if (policy["PolicyType"] != "TargetTrackingScaling") continue;
        const json& config = policy["TargetTrackingScalingPolicyConfiguration"];
        PolicyView view;
        view.name = policy["PolicyName"];
        view.target = config.value("TargetValue", 0.0);
        std::string metric = TrackedMetric(policy);
        if (metric == "ECSServiceAverageCPUUtilization") view.metric = latest.cpu;
        if (metric == "ECSServiceAverageMemoryUtilization") view.metric = latest.memory;
        if (metric == "ALBRequestCountPerTarget") {
          // The group's requests over its healthy targets.
          std::string group = TargetGroupOfLabel(ResourceLabel(policy));
          for (const auto& [arn, window] : requests_) {
            if (!group.empty() && arn.size() > group.size() &&
                arn.compare(arn.size() - group.size(), group.size(), group) == 0 &&
                arn[arn.size() - group.size() - 1] == ':') {
              view.metric = RequestsPerTarget(window.before, window.after, window.seconds,
                                              HealthyTargets(tx, arn, latest.tasks));
            }
          }
        }
        int& below = below_[policy["PolicyARN"]];
        below = view.metric && *view.metric < kScaleInTolerance * view.target ? below + 1 : 0;
        view.below = below;
        view.disable_scale_in =
            config.value("DisableScaleIn", false) || Suspended(target, "DynamicScalingInSuspended");
        // ECS's default cooldowns: 300 s each (API reference,
        // TargetTrackingScalingPolicyConfiguration).
        view.scale_out_cooldown = config.value("ScaleOutCooldown", 300);
        view.scale_in_cooldown = config.value("ScaleInCooldown", 300);
        views.push_back(view);
        by_name[view.name] = policy;
      }
      int current = (*service)["desiredCount"];
      json& state = target["x-berth"]["scaling"];
      double last_out = state.is_object() ? state.value("last_out", 0.0) : 0.0;
      double last_in = state.is_object() ? state.value("last_in", 0.0) : 0.0;
      Decision decision = Decide(current, target["MinCapacity"], target["MaxCapacity"], views, now,
                                 last_out, last_in, Deploying(*service));
      if (decision.direction == Decision::kOut && Suspended(target, "DynamicScalingOutSuspended"))
        decision = {};
      if (decision.direction != Decision::kNone && !decision.policy.empty() &&
          decision.desired != current) {
        bool out = decision.direction == Decision::kOut;
        std::string cause = "monitor alarm " +
                            TrackingAlarm(by_name[decision.policy], out ? 0 : 1) +
                            " in state ALARM triggered policy " + decision.policy + " (metric " +
                            Percent(decision.metric) + (out ? " > target " : " < target ") +
                            Percent(decision.target) + ")";
        if (SetDesiredCount(context, target, decision.desired, cause)) {
          state[out ? "last_out" : "last_in"] = now;
          tx.Put(store::kScalableTarget, key, "", target);
          changed = true;
        }
        continue;
      }
    }
    // Step scaling: the alarms on the services' utilization, evaluated on the datapoints.
    for (json& alarm : tx.List(store::kAlarm)) {
      std::string service_key = AlarmService(alarm);
      if (service_key.empty()) continue;
      auto series = datapoints_.find(service_key);
      if (series == datapoints_.end() || series->second.empty() ||
          series->second.back().at != now) {
        continue;
      }
      std::vector<std::optional<double>> values;
      bool cpu = alarm.value("MetricName", "") == "CPUUtilization";
      for (const Datapoint& p : series->second) values.push_back(cpu ? p.cpu : p.memory);
      if (EvaluateAlarm(alarm, values, now)) tx.Put(store::kAlarm, alarm["AlarmName"], "", alarm);
      if (alarm["StateValue"] != "ALARM" || !alarm.value("ActionsEnabled", true) ||
          !values.back()) {
        continue;
      }
      for (const json& arn : alarm.value("AlarmActions", json::array())) {
        for (const json& policy : tx.List(store::kScalingPolicy)) {
          if (policy["PolicyARN"] != arn || policy["PolicyType"] != "StepScaling") continue;
          std::string key = TargetKey(policy);
          auto target = tx.Get(store::kScalableTarget, key);
          if (!target) continue;
          auto service = ServiceOf(tx, *target);
          if (!service) continue;
          int current = (*service)["desiredCount"];
          json& state = (*target)["x-berth"]["scaling"];
          double last = state.is_object()
                            ? std::max(state.value("last_out", 0.0), state.value("last_in", 0.0))
                            : 0.0;
          const json& config = policy["StepScalingPolicyConfiguration"];
          if (now < last + config.value("Cooldown", 300)) continue;
          int wanted = std::clamp(
              StepCapacity(config, current, *values.back() - alarm.value("Threshold", 0.0)),
              (*target)["MinCapacity"].get<int>(), (*target)["MaxCapacity"].get<int>());
          bool out = wanted > current;
          if (wanted == current) continue;
          if (!out && (Deploying(*service) || Suspended(*target, "DynamicScalingInSuspended")))
            continue;
          if (out && Suspended(*target, "DynamicScalingOutSuspended")) continue;
          std::string cause = "monitor alarm " + alarm["AlarmName"].get<std::string>() +
                              " in state ALARM triggered policy " +
                              policy["PolicyName"].get<std::string>();
          if (SetDesiredCount(context, *target, wanted, cause)) {
            state[out ? "last_out" : "last_in"] = now;
            tx.Put(store::kScalableTarget, key, "", *target);
            changed = true;
          }
        }
      }
    }
  });
  if (changed && options_.after_write) options_.after_write();
}

}  // namespace berth::controlplane::scaling

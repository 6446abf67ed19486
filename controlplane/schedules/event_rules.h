// EventBridge schedules, run: each ENABLED rule of the default bus with a ScheduleExpression
// fires its targets when its time comes. Targets with EcsParameters (a cluster ARN in `Arn`) run
// tasks as RunTask does (the task definition ARN without a revision is the newest ACTIVE one;
// the target's `Input`, a JSON string, is RunTask's `overrides`, as EventBridge passes it), with
// startedBy "events-rule/NAME". A fire and the tasks it starts are one store transaction, so a
// server killed in between neither loses nor repeats a run. A fire that was missed (the rule was
// disabled, the server was down) is not caught up: the next one is counted from now, as
// EventBridge does.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "controlplane/store/store.h"

namespace berth::controlplane::schedules {

using nlohmann::json;

// RunTask's handler (api::RunTask), given by the server: this folder does not know the API.
using RunTaskFn = std::function<json(store::Tx&, const json& input)>;

struct Fired {
  std::string rule, target;
  std::vector<std::string> tasks;  // ARNs of the tasks started
  std::string error;               // why the target did not run (or not every task)
};

// Fires every due rule at `now` (epoch seconds) and schedules its next time in the rule's
// x-berth.schedule ({expression, origin, next}); what fired, for the server's log.
std::vector<Fired> FireDueRules(store::Tx& tx, double now, const RunTaskFn& run_task);

}  // namespace berth::controlplane::schedules

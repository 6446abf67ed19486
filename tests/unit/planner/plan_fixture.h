// Hand-built desired programs and live resources for planner tests: a small Fargate service
// with two containers, environment, a secret and a sensitive variable.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "planner/plan.h"

namespace berth::planner::testing {

// A value no output may ever contain.
inline constexpr const char* kSecretValue = "hunter2-do-not-print";

Value Container(const std::string& name, const std::string& image, ValueMap env);
// task.api: containers app and sidecar; app's env has APP_ENV and a sensitive DB_PASS.
Value TaskAttributes(const std::string& app_env = "prod");
// service.api on cluster.main; with `autoscaled`, an autoscaling block.
Value ServiceAttributes(int desired_count, bool autoscaled,
                        const std::string& cluster = "cluster.main");

ir::Resource Resource(const std::string& address, const std::string& kind, Value attributes,
                      std::vector<std::string> depends_on = {});
// Sorts resources by address, as the IR keeps them.
ir::Program Program(std::vector<ir::Resource> resources);
LiveResource Live(const ir::Resource& r);
// Every resource of the program, live as declared.
std::vector<LiveResource> LiveOf(const ir::Program& program);
LiveResource Live(const std::string& address, const std::string& kind, Value attributes,
                  std::vector<std::string> depends_on = {});

// The stack most tests plan: cluster.main, task.api, service.api.
ir::Program Stack(const std::string& app_env = "prod", int desired_count = 2,
                  bool autoscaled = false);

const ResourceChange* Find(const Plan& plan, const std::string& address);

}  // namespace berth::planner::testing

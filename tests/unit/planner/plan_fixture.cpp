#include "tests/unit/planner/plan_fixture.h"

#include <algorithm>

namespace berth::planner::testing {

Value Container(const std::string& name, const std::string& image, ValueMap env) {
  return Value::Map(
      {{"name", Value::String(name)},
       {"image", Value::String(image)},
       {"env", Value::Map(std::move(env))},
       {"port_mappings", Value::List({Value::Map({{"container_port", Value::Number(8080)},
                                                  {"protocol", Value::String("tcp")}})})}});
}

Value TaskAttributes(const std::string& app_env) {
  Value app = Container("app", "registry/api:1.0",
                        {{"APP_ENV", Value::String(app_env)},
                         {"DB_PASS", Value::String(kSecretValue).MarkSensitive()},
                         {"LOG_LEVEL", Value::String("info")}});
  app.Set("secrets",
          Value::Map({{"API_KEY", Value::Secret("arn:aws:secretsmanager:x:1:secret:k")}}));
  Value sidecar = Container("sidecar", "registry/proxy:2.0", {});
  return Value::Map({{"family", Value::String("api")},
                     {"cpu", Value::Cpu(256)},
                     {"memory", Value::Size(512.0 * 1024 * 1024)},
                     {"execution_role", Value::Ref("role.exec", "arn")},
                     {"containers", Value::List({app, sidecar})}});
}

Value ServiceAttributes(int desired_count, bool autoscaled, const std::string& cluster) {
  Value service = Value::Map({{"name", Value::String("api")},
                              {"cluster", Value::Ref(cluster)},
                              {"task", Value::Ref("task.api")},
                              {"desired_count", Value::Number(desired_count)},
                              {"health_check_grace", Value::Duration(30000)}});
  if (autoscaled) {
    service.Set("autoscaling", Value::Map({{"min", Value::Number(2)}, {"max", Value::Number(10)}}));
  }
  return service;
}

ir::Resource Resource(const std::string& address, const std::string& kind, Value attributes,
                      std::vector<std::string> depends_on) {
  ir::Resource r;
  r.address = address;
  r.kind = kind;
  r.name = address.substr(address.find('.') + 1);
  r.attributes = std::move(attributes);
  r.depends_on = std::move(depends_on);
  return r;
}

ir::Program Program(std::vector<ir::Resource> resources) {
  ir::Program program;
  std::sort(resources.begin(), resources.end(),
            [](const ir::Resource& a, const ir::Resource& b) { return a.address < b.address; });
  program.resources = std::move(resources);
  return program;
}

LiveResource Live(const ir::Resource& r) { return {r.address, r.kind, r.attributes, r.depends_on}; }

std::vector<LiveResource> LiveOf(const ir::Program& program) {
  std::vector<LiveResource> live;
  for (const ir::Resource& r : program.resources) live.push_back(Live(r));
  return live;
}

LiveResource Live(const std::string& address, const std::string& kind, Value attributes,
                  std::vector<std::string> depends_on) {
  return {address, kind, std::move(attributes), std::move(depends_on)};
}

ir::Program Stack(const std::string& app_env, int desired_count, bool autoscaled) {
  return Program({
      Resource("cluster.main", "cluster", Value::Map({{"name", Value::String("main")}})),
      Resource("task.api", "task", TaskAttributes(app_env), {"role.exec"}),
      Resource("service.api", "service", ServiceAttributes(desired_count, autoscaled),
               {"cluster.main", "task.api"}),
  });
}

const ResourceChange* Find(const Plan& plan, const std::string& address) {
  for (const ResourceChange& c : plan.changes) {
    if (c.address == address) return &c;
  }
  return nullptr;
}

}  // namespace berth::planner::testing

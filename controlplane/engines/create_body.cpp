#include "controlplane/engines/create_body.h"

#include <map>
#include <string>

#include "controlplane/engines/engine.h"

namespace berth::controlplane::engines {

namespace {

int64_t Nanoseconds(int seconds) { return static_cast<int64_t>(seconds) * 1000000000LL; }

// ECS's healthCheck (seconds) as Docker's Healthcheck (nanoseconds); the defaults are ECS's
// (ECS model `HealthCheck`: interval 30, timeout 5, retries 3).
json Healthcheck(const json& check) {
  json out = {{"Test", check["command"]},
              {"Interval", Nanoseconds(check.value("interval", 30))},
              {"Timeout", Nanoseconds(check.value("timeout", 5))},
              {"Retries", check.value("retries", 3)}};
  if (check.contains("startPeriod")) out["StartPeriod"] = Nanoseconds(check["startPeriod"]);
  return out;
}

json Overrides(const json& task, const std::string& name) {
  for (const json& o : task["overrides"].value("containerOverrides", json::array())) {
    if (o.value("name", "") == name) return o;
  }
  return json::object();
}

bool Bridged(const json& task) {
  return task.value("x-berth", json::object()).value("network", "") == "bridge";
}

}  // namespace

json CreateBody(const json& task, const json& spec, const json& container_status) {
  std::string name = spec["name"];
  json overrides = Overrides(task, name);
  json body = {{"Image", spec["image"]}};
  json command = overrides.value("command", spec.value("command", json()));
  if (command.is_array()) body["Cmd"] = command;
  if (spec.contains("entryPoint")) body["Entrypoint"] = spec["entryPoint"];
  if (spec.contains("workingDirectory")) body["WorkingDir"] = spec["workingDirectory"];
  if (spec.contains("user")) body["User"] = spec["user"];
  std::map<std::string, std::string> env;
  for (const json& pair : spec.value("environment", json::array())) {
    env[pair.value("name", "")] = pair.value("value", "");
  }
  for (const json& pair : overrides.value("environment", json::array())) {
    env[pair.value("name", "")] = pair.value("value", "");
  }
  // The port each container port is served at inside the container, as the docker backend hands
  // them out (docs/docker.md): a program listens where BERTH_PORT says. On the host network that
  // is the task's host port; behind a bridge's mapping it is the container port itself.
  bool bridge = Bridged(task);
  bool first = true;
  json exposed = json::object(), published = json::object();
  for (const json& binding : container_status.value("networkBindings", json::array())) {
    int container_port = binding["containerPort"].get<int>();
    std::string host = std::to_string(binding["hostPort"].get<int>());
    std::string inside = bridge ? std::to_string(container_port) : host;
    if (first) env["BERTH_PORT"] = inside;
    first = false;
    env["BERTH_PORT_" + std::to_string(container_port)] = inside;
    std::string key = std::to_string(container_port) + "/" + binding.value("protocol", "tcp");
    exposed[key] = json::object();
    published[key] =
        json::array({{{"HostIp", binding.value("bindIP", "127.0.0.1")}, {"HostPort", host}}});
  }
  json env_list = json::array();
  for (auto& [k, v] : env) env_list.push_back(k + "=" + v);
  body["Env"] = env_list;
  std::string task_id = task["taskArn"].get<std::string>();
  task_id = task_id.substr(task_id.rfind('/') + 1);
  body["Labels"] = {{labels::kTask, task_id},
                    {labels::kContainer, name},
                    {labels::kCluster, task["x-berth"].value("cluster", "")},
                    {labels::kService, task["x-berth"].value("service", "")}};
  if (spec.contains("healthCheck")) body["Healthcheck"] = Healthcheck(spec["healthCheck"]);
  // ECS stops a container with SIGTERM, then SIGKILL after stopTimeout (default 30 s).
  body["StopTimeout"] = spec.value("stopTimeout", 30);
  json host = {{"NetworkMode", bridge ? "bridge" : "host"}};
  if (bridge && !published.empty()) {
    body["ExposedPorts"] = exposed;
    host["PortBindings"] = published;
  }
  if (spec.contains("memory")) host["Memory"] = spec["memory"].get<int64_t>() << 20;
  if (spec.contains("memoryReservation")) {
    host["MemoryReservation"] = spec["memoryReservation"].get<int64_t>() << 20;
  }
  if (spec.value("cpu", 0) > 1) host["CpuShares"] = spec["cpu"];
  // linuxParameters.initProcessEnabled "maps to the --init option to docker run" (ECS
  // ContainerDefinition): an init as PID 1 forwards SIGTERM, so the stop does not wait out
  // stopTimeout for a program that, as PID 1, ignores it.
  if (spec.contains("linuxParameters") &&
      spec["linuxParameters"].value("initProcessEnabled", false))
    host["Init"] = true;
  // extraHosts is Docker's --add-host (ECS ContainerDefinition); Cloud Map names are added
  // this way too (controlplane/discovery/environment.h).
  json extra = json::array();
  for (const json& entry : spec.value("extraHosts", json::array())) {
    extra.push_back(entry.value("hostname", "") + ":" + entry.value("ipAddress", ""));
  }
  if (!extra.empty()) host["ExtraHosts"] = extra;
  body["HostConfig"] = host;
  return body;
}

}  // namespace berth::controlplane::engines

#include "controlplane/engines/engine.h"

#include "controlplane/engines/dependencies.h"

#include <cstdio>
#include <map>
#include <set>

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

// Dependencies first (dependsOn), otherwise the task definition's order.
std::vector<const json*> StartOrder(const json& definitions) {
  std::vector<const json*> order;
  std::set<std::string> placed;
  std::vector<const json*> left;
  for (const json& d : definitions) left.push_back(&d);
  while (!left.empty()) {
    size_t before = left.size();
    for (auto it = left.begin(); it != left.end();) {
      bool ready = true;
      for (const json& dep : (*it)->value("dependsOn", json::array())) {
        if (!placed.count(dep.value("containerName", ""))) ready = false;
      }
      if (ready) {
        placed.insert((**it)["name"].get<std::string>());
        order.push_back(*it);
        it = left.erase(it);
      } else {
        ++it;
      }
    }
    if (left.size() == before) {  // a cycle: ECS rejects it at registration; start in order
      for (const json* d : left) order.push_back(d);
      break;
    }
  }
  return order;
}

json Overrides(const json& task, const std::string& name) {
  for (const json& o : task["overrides"].value("containerOverrides", json::array())) {
    if (o.value("name", "") == name) return o;
  }
  return json::object();
}

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
  // The host port of each container port, as the docker backend hands them out (docs/docker.md):
  // a program on the host network listens where BERTH_PORT says.
  bool first = true;
  for (const json& binding : container_status.value("networkBindings", json::array())) {
    std::string host = std::to_string(binding["hostPort"].get<int>());
    if (first) env["BERTH_PORT"] = host;
    first = false;
    env["BERTH_PORT_" + std::to_string(binding["containerPort"].get<int>())] = host;
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
  json host = {{"NetworkMode", "host"}};
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

std::string ContainerName(const json& task, const json& definition, const std::string& name) {
  std::string id = task["taskArn"].get<std::string>();
  id = id.substr(id.rfind('/') + 1);
  // The ECS agent's naming: ecs-FAMILY-REVISION-CONTAINER-ID.
  return "ecs-" + definition["family"].get<std::string>() + "-" +
         std::to_string(definition["revision"].get<int>()) + "-" + name + "-" + id;
}

int ExitCode(const std::string& status) {
  // "Exited (137) 3 seconds ago"
  auto open = status.find('(');
  if (status.rfind("Exited", 0) != 0 || open == std::string::npos) return -1;
  return std::atoi(status.c_str() + open + 1);
}

std::string Health(const std::string& status) {
  if (status.find("(healthy)") != std::string::npos) return "healthy";
  if (status.find("(unhealthy)") != std::string::npos) return "unhealthy";
  if (status.find("(health: starting)") != std::string::npos) return "starting";
  return "";
}

}  // namespace

std::string Engine::Id() const {
  // FNV-1a of the socket path: the same engine keeps its id across restarts of the server.
  uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : socket()) hash = (hash ^ c) * 1099511628211ULL;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "i-%017llx",
                static_cast<unsigned long long>(hash & 0xfffffffffffffffULL));
  return buffer;
}

bool Engine::Capacity(engines::Capacity& capacity, std::string& error) const {
  docker::EngineResponse info = client_.Get("/info");
  if (!info.ok()) {
    error = info.Describe();
    return false;
  }
  capacity.cpu = info.body.value("NCPU", 0) * 1024;
  capacity.memory = static_cast<int>(info.body.value("MemTotal", int64_t{0}) >> 20);
  capacity.version = info.body.value("ServerVersion", "");
  capacity.bridge = client_.Get("/networks/bridge").ok();
  return true;
}

bool Engine::List(std::vector<Observed>& containers, std::string& error) const {
  json filters = {{"label", {labels::kTask}}};
  docker::EngineResponse list =
      client_.Get("/containers/json?all=1&filters=" + docker::UrlEncode(filters.dump()));
  if (!list.ok() || !list.body.is_array()) {
    error = list.Describe();
    return false;
  }
  containers.clear();
  for (const json& entry : list.body) {
    Observed o;
    o.id = entry.value("Id", "");
    json labels = entry.value("Labels", json::object());
    o.task = labels.value(labels::kTask, "");
    o.container = labels.value(labels::kContainer, "");
    o.state = entry.value("State", "");
    std::string status = entry.value("Status", "");
    o.health = Health(status);
    o.exit_code = ExitCode(status);
    containers.push_back(o);
  }
  return true;
}

bool Engine::Launch(const json& task, const json& definition, std::string& error) const {
  std::map<std::string, const json*> status_by_name;
  for (const json& c : task["containers"]) status_by_name[c["name"]] = &c;
  std::set<std::string> deferred = DeferredContainers(definition["containerDefinitions"]);
  for (const json* spec : StartOrder(definition["containerDefinitions"])) {
    std::string name = (*spec)["name"];
    std::string container_name = ContainerName(task, definition, name);
    json body = CreateBody(task, *spec, *status_by_name[name]);
    docker::EngineResponse created =
        client_.Post("/containers/create?name=" + docker::UrlEncode(container_name), body);
    std::string id;
    if (created.status == 409) {
      // Made by this task before the server was killed: adopt it.
      docker::EngineResponse existing = client_.Get("/containers/" + container_name + "/json");
      if (!existing.ok()) {
        error = "CannotCreateContainerError: " + existing.Describe();
        return false;
      }
      id = existing.body.value("Id", "");
      if (existing.body["State"].value("Running", false)) continue;
    } else if (created.status == 404) {
      // berth serve never pulls: images must be on the engine already.
      error = "CannotPullContainerError: pull image manifest has been retried 1 time(s): " +
              created.Describe();
      return false;
    } else if (!created.ok()) {
      error = "CannotCreateContainerError: " + created.Describe();
      return false;
    } else {
      id = created.body.value("Id", "");
    }
    // Created now, started by the reconciler once its dependencies' conditions are met.
    if (deferred.count(name)) continue;
    if (!Start(id, error)) return false;
  }
  return true;
}

bool Engine::Start(const std::string& id, std::string& error) const {
  docker::EngineResponse started = client_.Post("/containers/" + id + "/start");
  if (!started.ok() && started.status != 304) {
    error = "CannotStartContainerError: " + started.Describe();
    return false;
  }
  return true;
}

void Engine::Stop(const std::string& id, int timeout) const {
  client_.Post("/containers/" + id + "/stop?t=" + std::to_string(timeout));
}

void Engine::Remove(const std::string& id) const {
  client_.Delete("/containers/" + id + "?force=1&v=1");
}

bool Engine::Stats(const std::string& id, json& stats, std::string& error) const {
  docker::EngineResponse answer =
      client_.Get("/containers/" + id + "/stats?stream=false&one-shot=true");
  if (!answer.ok()) {
    error = answer.Describe();
    return false;
  }
  stats = std::move(answer.body);
  return true;
}

}  // namespace berth::controlplane::engines

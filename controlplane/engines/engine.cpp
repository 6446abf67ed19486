#include "controlplane/engines/engine.h"

#include "controlplane/engines/create_body.h"
#include "controlplane/engines/dependencies.h"

#include <cstdio>
#include <map>
#include <set>

namespace berth::controlplane::engines {

namespace {

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

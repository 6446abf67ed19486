#include "backends/docker/replicas.h"

#include <random>
#include <thread>

#include "backends/docker/labels.h"

namespace berth::docker {

namespace {

using nlohmann::json;

constexpr auto kPollInterval = std::chrono::milliseconds(100);
// A container without a health check counts as ready once it has kept running this long: one
// that crashes on start is caught instead of being reported healthy.
constexpr auto kSettleTime = std::chrono::milliseconds(1000);

// Engine names allow [a-zA-Z0-9][a-zA-Z0-9_.-]*: addresses like module.web.service.api["x"]
// keep their letters and digits and lose the rest.
std::string EngineName(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    out += plain ? c : '-';
  }
  if (out.empty() || !std::isalnum(static_cast<unsigned char>(out[0]))) out = "b" + out;
  return out;
}

std::string RandomId() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  char out[9];
  std::snprintf(out, sizeof out, "%08x", static_cast<unsigned>(random() & 0xffffffffu));
  return out;
}

std::string LabelFilter(const std::string& label, const std::string& value) {
  return UrlEncode(json{{"label", {label + "=" + value}}}.dump());
}

std::string Label(const json& labels, const char* key) {
  auto it = labels.find(key);
  return it != labels.end() && it->is_string() ? it->get<std::string>() : "";
}

// "Up 3 seconds (healthy)" -> "healthy"; the listing carries health only in this text.
std::string HealthFromStatus(const std::string& status) {
  if (status.find("(unhealthy)") != std::string::npos) return "unhealthy";
  if (status.find("(healthy)") != std::string::npos) return "healthy";
  if (status.find("(health: starting)") != std::string::npos) return "starting";
  return "";
}

std::string VolumeName(const LaunchOptions& options, const std::string& replica_id,
                       const VolumeSpec& volume) {
  const ReplicaOwner& o = options.owner;
  return volume.shared
             ? EngineName(o.stack + "_" + volume.label)
             : EngineName(o.stack + "_" + o.service_name + "_" + replica_id + "_" + volume.label);
}

json BaseLabels(const LaunchOptions& options, const Replica& replica) {
  const ReplicaOwner& o = options.owner;
  return {{labels::kStack, o.stack},
          {labels::kAddress, o.address},
          {labels::kService, o.service_name},
          {labels::kRevision, o.task_address + "@" + replica.config_hash},
          {labels::kConfigHash, replica.config_hash},
          {labels::kReplica, replica.id},
          {labels::kSlot, std::to_string(replica.slot)}};
}

bool CreateVolumes(const EngineClient& engine, const LaunchOptions& options, const Replica& replica,
                   std::string& error) {
  for (const VolumeSpec& volume : options.spec->volumes) {
    json labels = {{labels::kStack, options.owner.stack}};
    if (!volume.shared) labels = BaseLabels(options, replica);
    json body = {{"Name", VolumeName(options, replica.id, volume)}, {"Driver", "local"}};
    if (volume.driver.is_object()) {
      body["Driver"] = volume.driver["Driver"];
      body["DriverOpts"] = volume.driver["DriverOpts"];
      for (auto& [k, v] : volume.driver["Labels"].items()) labels[k] = v;
    }
    body["Labels"] = labels;
    EngineResponse r = engine.Post("/volumes/create", body);
    if (!r.ok()) {
      error = "creating volume " + body["Name"].get<std::string>() + ": " + r.Describe();
      return false;
    }
  }
  return true;
}

bool EnsureStackNetwork(const EngineClient& engine, const std::string& stack, std::string& error) {
  std::string name = StackNetworkName(stack);
  if (engine.Get("/networks/" + name).ok()) return true;
  EngineResponse r = engine.Post("/networks/create", {{"Name", name},
                                                      {"Driver", "bridge"},
                                                      {"CheckDuplicate", true},
                                                      {"Labels", {{labels::kStack, stack}}}});
  if (r.ok() || r.status == 409) return true;
  error = "creating network " + name + ": " + r.Describe();
  return false;
}

// What the engine says about one container's state.
struct Observed {
  std::string status;  // running, exited...
  std::string health;
  bool restarting = false;
  int restart_count = 0;
  int exit_code = 0;
  bool found = false;
};

Observed Inspect(const EngineClient& engine, const std::string& id, std::string& error) {
  Observed o;
  EngineResponse r = engine.Get("/containers/" + id + "/json");
  if (!r.ok()) {
    error = r.Describe();
    return o;
  }
  const json& state = r.body["State"];
  o.found = true;
  o.status = state.value("Status", "");
  o.restarting = state.value("Restarting", false);
  o.exit_code = state.value("ExitCode", 0);
  o.restart_count = r.body.value("RestartCount", 0);
  if (state.contains("Health") && state["Health"].is_object()) {
    o.health = state["Health"].value("Status", "");
  }
  return o;
}

// Waits for `condition` (START, HEALTHY, COMPLETE, SUCCESS) of a started container.
bool WaitCondition(const EngineClient& engine, const std::string& id, const std::string& name,
                   const std::string& condition, Clock::time_point deadline, std::string& error) {
  while (true) {
    std::string inspect_error;
    Observed o = Inspect(engine, id, inspect_error);
    if (!o.found) {
      error = "container " + name + ": " + inspect_error;
      return false;
    }
    bool exited = o.status == "exited" || o.status == "dead";
    if (condition == "START" && (o.status == "running" || exited)) return true;
    if (condition == "HEALTHY") {
      if (o.health == "healthy") return true;
      if (o.health == "unhealthy" || exited) {
        error = "container " + name + " did not become healthy, which others depend on";
        return false;
      }
    }
    if ((condition == "COMPLETE" || condition == "SUCCESS") && exited) {
      if (condition == "COMPLETE" || o.exit_code == 0) return true;
      error = "container " + name + " exited with code " + std::to_string(o.exit_code) +
              ", and others depend on its success";
      return false;
    }
    if (Clock::now() >= deadline) {
      error = "timed out waiting for container " + name + " to reach " + condition;
      return false;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

void AddPortEnv(const LaunchOptions& options, const ContainerSpec& container, bool host,
                json& env) {
  const TaskSpec& spec = *options.spec;
  int shift = host ? options.slot : 0;
  env.push_back("BERTH_SLOT=" + std::to_string(options.slot));
  if (spec.ports.empty()) return;
  int own = container.ports.empty() ? spec.ports.front() : container.ports.front();
  env.push_back("BERTH_PORT=" + std::to_string(own + shift));
  for (int port : spec.ports) {
    env.push_back("BERTH_PORT_" + std::to_string(port) + "=" + std::to_string(port + shift));
  }
}

// The bridge-mode replica's front container publishes every port of the task on 127.0.0.1.
void PublishPorts(const TaskSpec& spec, int slot, json& body) {
  json exposed = json::object();
  json bindings = json::object();
  for (const ContainerSpec& c : spec.containers) {
    for (size_t i = 0; i < c.ports.size(); ++i) {
      std::string key = std::to_string(c.ports[i]) + "/tcp";
      exposed[key] = json::object();
      std::string host_port = c.host_ports[i] > 0 ? std::to_string(c.host_ports[i] + slot) : "";
      bindings[key] = json::array({{{"HostIp", "127.0.0.1"}, {"HostPort", host_port}}});
    }
  }
  body["ExposedPorts"] = exposed;
  body["HostConfig"]["PortBindings"] = bindings;
}

json ContainerBody(const LaunchOptions& options, const Replica& replica, size_t index,
                   const std::string& front_id) {
  const TaskSpec& spec = *options.spec;
  const ContainerSpec& c = spec.containers[index];
  json body = c.body;
  bool host = spec.network_mode == "host";
  AddPortEnv(options, c, host, body["Env"]);
  if (index < options.secret_env.size()) {
    for (const std::string& entry : options.secret_env[index]) body["Env"].push_back(entry);
  }
  json base_labels = BaseLabels(options, replica);  // items() does not keep a temporary alive
  for (auto& [k, v] : base_labels.items()) body["Labels"][k] = v;
  body["Labels"][labels::kContainer] = c.name;
  body["Labels"][labels::kEssential] = c.essential ? "true" : "false";
  json& host_config = body["HostConfig"];
  if (host_config.contains("Mounts")) {
    for (json& mount : host_config["Mounts"]) {
      std::string source = mount.value("Source", "");
      if (source.rfind("{volume:", 0) != 0) continue;
      std::string label = source.substr(8, source.size() - 9);
      for (const VolumeSpec& v : spec.volumes) {
        if (v.label == label) mount["Source"] = VolumeName(options, replica.id, v);
      }
    }
  }
  if (spec.network_mode == "bridge") {
    if (front_id.empty()) {
      host_config["NetworkMode"] = StackNetworkName(options.owner.stack);
      PublishPorts(spec, options.slot, body);
    } else {
      host_config["NetworkMode"] = "container:" + front_id;  // sidecars share the namespace
    }
  } else {
    host_config["NetworkMode"] = spec.network_mode;
  }
  return body;
}

}  // namespace

bool Replica::Up() const {
  for (const ReplicaContainer& c : containers) {
    if (!c.essential) continue;
    if (c.state != "running" || c.health == "unhealthy") return false;
  }
  return !containers.empty();
}

std::string StackNetworkName(const std::string& stack) { return EngineName("berth_" + stack); }

bool ListStackReplicas(const EngineClient& engine, const std::string& stack,
                       std::map<std::string, std::vector<Replica>>& by_address,
                       std::string& error) {
  EngineResponse r =
      engine.Get("/containers/json?all=1&filters=" + LabelFilter(labels::kStack, stack));
  if (!r.ok() || !r.body.is_array()) {
    error = "listing containers: " + r.Describe();
    return false;
  }
  std::map<std::string, std::map<std::string, Replica>> grouped;
  for (const json& item : r.body) {
    const json& l = item["Labels"];
    std::string address = Label(l, labels::kAddress);
    std::string replica_id = Label(l, labels::kReplica);
    if (address.empty() || replica_id.empty()) continue;
    Replica& replica = grouped[address][replica_id];
    replica.id = replica_id;
    replica.config_hash = Label(l, labels::kConfigHash);
    replica.slot = std::atoi(Label(l, labels::kSlot).c_str());
    ReplicaContainer c;
    c.id = item.value("Id", "");
    c.container = Label(l, labels::kContainer);
    c.essential = Label(l, labels::kEssential) != "false";
    c.state = item.value("State", "");
    c.health = HealthFromStatus(item.value("Status", ""));
    replica.containers.push_back(std::move(c));
  }
  for (auto& [address, replicas] : grouped) {
    std::vector<Replica>& list = by_address[address];
    for (auto& [id, replica] : replicas) list.push_back(std::move(replica));
  }
  return true;
}

bool StartReplica(const EngineClient& engine, const LaunchOptions& options, Replica& replica,
                  std::string& error) {
  const TaskSpec& spec = *options.spec;
  replica = Replica{};
  replica.id = RandomId();
  replica.slot = options.slot;
  replica.config_hash = spec.config_hash;
  auto fail = [&](std::string message) {
    error = std::move(message);
    std::string ignored;
    RemoveReplica(engine, options.owner.stack, replica, ignored);
    return false;
  };
  if (!CreateVolumes(engine, options, replica, error)) return fail(error);
  if (spec.network_mode == "bridge" && !EnsureStackNetwork(engine, options.owner.stack, error)) {
    return fail(error);
  }
  std::string front_id;
  for (size_t i = 0; i < spec.containers.size(); ++i) {
    const ContainerSpec& c = spec.containers[i];
    Clock::time_point deadline = options.deadline;
    if (c.start_timeout_ms > 0) {
      deadline = std::min(deadline, Clock::now() + std::chrono::milliseconds(
                                                       static_cast<int64_t>(c.start_timeout_ms)));
    }
    for (const auto& [name, condition] : c.depends_on) {
      for (const ReplicaContainer& started : replica.containers) {
        if (started.container != name) continue;
        if (!WaitCondition(engine, started.id, name, condition, deadline, error)) {
          return fail(error);
        }
      }
    }
    json body = ContainerBody(options, replica, i, front_id);
    std::string name = EngineName(options.owner.stack + "-" + options.owner.service_name + "-" +
                                  replica.id + "-" + c.name);
    EngineResponse created = engine.Post("/containers/create?name=" + UrlEncode(name), body);
    if (!created.ok()) {
      std::string why = created.Describe();
      if (created.status == 404) {
        why += " (berth never pulls images: `docker pull` or `docker load` it first)";
      }
      return fail("container " + c.name + ": " + why);
    }
    ReplicaContainer rc;
    rc.id = created.body.value("Id", "");
    rc.container = c.name;
    rc.essential = c.essential;
    replica.containers.push_back(rc);
    EngineResponse started = engine.Post("/containers/" + rc.id + "/start");
    if (!started.ok() && started.status != 304) {
      return fail("starting container " + c.name + ": " + started.Describe());
    }
    if (front_id.empty()) front_id = rc.id;
  }
  return true;
}

Readiness WaitReady(const EngineClient& engine, const Replica& replica, Clock::time_point deadline,
                    std::string& reason) {
  Clock::time_point started = Clock::now();
  while (true) {
    bool all_ready = true;
    for (const ReplicaContainer& c : replica.containers) {
      if (!c.essential) continue;
      std::string error;
      Observed o = Inspect(engine, c.id, error);
      if (!o.found) {
        reason = "container " + c.container + " is gone: " + error;
        return Readiness::kFailed;
      }
      if (o.status == "exited" || o.status == "dead" || o.restarting || o.restart_count > 0) {
        reason = "container " + c.container + " exited with code " + std::to_string(o.exit_code);
        return Readiness::kFailed;
      }
      if (o.health == "unhealthy") {
        reason = "container " + c.container + " failed its health check";
        return Readiness::kFailed;
      }
      bool ready =
          o.status == "running" &&
          (o.health.empty() ? Clock::now() - started >= kSettleTime : o.health == "healthy");
      all_ready = all_ready && ready;
    }
    if (all_ready) return Readiness::kReady;
    if (Clock::now() >= deadline) {
      reason = "not healthy before the wait timeout (--wait-timeout)";
      return Readiness::kTimedOut;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

bool RemoveReplica(const EngineClient& engine, const std::string& stack, const Replica& replica,
                   std::string& error) {
  bool ok = true;
  // Sidecars first: the front container holds the network namespace they share.
  for (auto it = replica.containers.rbegin(); it != replica.containers.rend(); ++it) {
    EngineResponse stopped = engine.Post("/containers/" + it->id + "/stop");
    if (!stopped.ok() && stopped.status != 304 && stopped.status != 404) {
      error = "stopping container " + it->container + ": " + stopped.Describe();
      ok = false;
    }
    EngineResponse removed = engine.Delete("/containers/" + it->id + "?force=1");
    if (!removed.ok() && removed.status != 404) {
      error = "removing container " + it->container + ": " + removed.Describe();
      ok = false;
    }
  }
  EngineResponse volumes =
      engine.Get("/volumes?filters=" + LabelFilter(labels::kReplica, replica.id));
  if (volumes.ok() && volumes.body.contains("Volumes") && volumes.body["Volumes"].is_array()) {
    for (const json& v : volumes.body["Volumes"]) {
      if (Label(v.value("Labels", json::object()), labels::kStack) != stack) continue;
      EngineResponse removed = engine.Delete("/volumes/" + v.value("Name", ""));
      if (!removed.ok() && removed.status != 404) {
        error = "removing volume " + v.value("Name", "") + ": " + removed.Describe();
        ok = false;
      }
    }
  }
  return ok;
}

bool RemoveStackLeftovers(const EngineClient& engine, const std::string& stack,
                          std::string& error) {
  EngineResponse volumes = engine.Get("/volumes?filters=" + LabelFilter(labels::kStack, stack));
  if (!volumes.ok()) {
    error = "listing volumes: " + volumes.Describe();
    return false;
  }
  if (volumes.body.contains("Volumes") && volumes.body["Volumes"].is_array()) {
    for (const json& v : volumes.body["Volumes"]) {
      EngineResponse removed = engine.Delete("/volumes/" + v.value("Name", ""));
      if (!removed.ok() && removed.status != 404) {
        error = "removing volume " + v.value("Name", "") + ": " + removed.Describe();
        return false;
      }
    }
  }
  EngineResponse removed = engine.Delete("/networks/" + StackNetworkName(stack));
  if (!removed.ok() && removed.status != 404) {
    error = "removing network " + StackNetworkName(stack) + ": " + removed.Describe();
    return false;
  }
  return true;
}

bool RemoveReplicas(const EngineClient& engine, const std::string& stack,
                    const std::vector<Replica>& replicas, std::string& error) {
  std::vector<std::string> errors(replicas.size());
  std::vector<char> results(replicas.size(), 1);
  {
    std::vector<std::jthread> workers;
    for (size_t i = 0; i < replicas.size(); ++i) {
      workers.emplace_back(
          [&, i] { results[i] = RemoveReplica(engine, stack, replicas[i], errors[i]); });
    }
  }
  for (size_t i = 0; i < replicas.size(); ++i) {
    if (!results[i]) {
      error = errors[i];
      return false;
    }
  }
  return true;
}

}  // namespace berth::docker

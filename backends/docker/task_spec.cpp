#include "backends/docker/task_spec.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

namespace berth::docker {

namespace {

using nlohmann::json;

// The mapping's version: bump it when the same task starts running differently, so containers
// made by an older berth show as drift and roll.
constexpr const char* kMappingVersion = "berth-docker-1";

const std::string* GetString(const Value& map, const char* key) {
  const Value* v = map.Get(key);
  return v && (v->is(ValueKind::kString) || v->is(ValueKind::kSymbol)) ? &v->str() : nullptr;
}

std::optional<double> GetNumber(const Value& map, const char* key) {
  const Value* v = map.Get(key);
  if (v && v->is_numeric()) return v->number();
  return std::nullopt;
}

bool GetBool(const Value& map, const char* key) {
  const Value* v = map.Get(key);
  return v && v->is(ValueKind::kBool) && v->as_bool();
}

const ValueList& GetList(const Value& map, const char* key) {
  static const ValueList kEmpty;
  const Value* v = map.Get(key);
  return v && v->is(ValueKind::kList) ? v->list() : kEmpty;
}

json Strings(const ValueList& list) {
  json out = json::array();
  for (const Value& v : list) {
    if (v.is(ValueKind::kString)) out.push_back(v.str());
  }
  return out;
}

json StringMap(const Value* map) {
  json out = json::object();
  if (map && map->is(ValueKind::kMap)) {
    for (const auto& [k, v] : map->map()) {
      if (v.is(ValueKind::kString)) out[k] = v.str();
    }
  }
  return out;
}

int64_t Nanoseconds(double ms) { return static_cast<int64_t>(ms * 1000000.0); }

// Container ports (the `port` shorthand and every port_mapping) and the host ports asked for.
void AddPorts(const Value& container, ContainerSpec& spec) {
  if (auto port = GetNumber(container, "port")) {
    spec.ports.push_back(static_cast<int>(*port));
    spec.host_ports.push_back(0);
  }
  for (const Value& mapping : GetList(container, "port_mappings")) {
    auto port = GetNumber(mapping, "container_port");
    if (!port) continue;
    spec.ports.push_back(static_cast<int>(*port));
    spec.host_ports.push_back(static_cast<int>(GetNumber(mapping, "host_port").value_or(0)));
  }
}

json Healthcheck(const Value& health) {
  json check = {{"Test", Strings(GetList(health, "command"))}};
  if (auto v = GetNumber(health, "interval")) check["Interval"] = Nanoseconds(*v);
  if (auto v = GetNumber(health, "timeout")) check["Timeout"] = Nanoseconds(*v);
  if (auto v = GetNumber(health, "retries")) check["Retries"] = static_cast<int>(*v);
  if (auto v = GetNumber(health, "start_period")) check["StartPeriod"] = Nanoseconds(*v);
  return check;
}

// The task's volumes by label, and the spec of each named (non-bind) one.
struct TaskVolumes {
  std::map<std::string, const Value*> by_label;
};

bool AddMounts(const Value& container, const TaskVolumes& volumes, json& host_config,
               std::string& error) {
  json mounts = json::array();
  for (const Value& mount : GetList(container, "mounts")) {
    const std::string* volume = GetString(mount, "volume");
    const std::string* path = GetString(mount, "path");
    if (!volume || !path) continue;
    auto it = volumes.by_label.find(*volume);
    if (it == volumes.by_label.end()) {
      error = "mount of volume `" + *volume + "`: the task has no volume block with that label";
      return false;
    }
    json m = {{"Target", *path}, {"ReadOnly", GetBool(mount, "read_only")}};
    if (const std::string* host_path = GetString(*it->second, "host_path")) {
      m["Type"] = "bind";
      m["Source"] = *host_path;
    } else {
      // The source is filled per replica (task-scoped volumes are named after the replica).
      m["Type"] = "volume";
      m["Source"] = "{volume:" + *volume + "}";
    }
    mounts.push_back(std::move(m));
  }
  if (!mounts.empty()) host_config["Mounts"] = std::move(mounts);
  return true;
}

void AddLimits(const Value& task, const Value& container, json& host_config) {
  if (auto cpu = GetNumber(container, "cpu")) {
    host_config["CpuShares"] = std::max<int64_t>(2, static_cast<int64_t>(*cpu));
  }
  // The task's CPU is a hard limit for the task as a whole: each container gets at most that.
  if (auto cpu = GetNumber(task, "cpu")) {
    host_config["NanoCpus"] = static_cast<int64_t>(*cpu / 1024.0 * 1e9);
  }
  std::optional<double> memory = GetNumber(container, "memory");
  if (!memory) memory = GetNumber(task, "memory");
  if (memory) host_config["Memory"] = static_cast<int64_t>(*memory);
  if (auto reservation = GetNumber(container, "memory_reservation")) {
    host_config["MemoryReservation"] = static_cast<int64_t>(*reservation);
  }
  json ulimits = json::array();
  for (const Value& u : GetList(container, "ulimits")) {
    const std::string* name = GetString(u, "name");
    auto soft = GetNumber(u, "soft");
    auto hard = GetNumber(u, "hard");
    if (name && soft && hard) {
      ulimits.push_back({{"Name", *name},
                         {"Soft", static_cast<int64_t>(*soft)},
                         {"Hard", static_cast<int64_t>(*hard)}});
    }
  }
  if (!ulimits.empty()) host_config["Ulimits"] = std::move(ulimits);
}

void AddLinuxParameters(const Value& container, json& host_config) {
  const Value* params = container.Get("linux_parameters");
  if (!params || !params->is(ValueKind::kMap)) return;
  if (GetBool(*params, "init_process_enabled")) host_config["Init"] = true;
  if (auto shm = GetNumber(*params, "shared_memory_size")) {
    host_config["ShmSize"] = static_cast<int64_t>(*shm);
  }
  if (const Value* caps = params->Get("capabilities"); caps && caps->is(ValueKind::kMap)) {
    if (!GetList(*caps, "add").empty()) host_config["CapAdd"] = Strings(GetList(*caps, "add"));
    if (!GetList(*caps, "drop").empty()) host_config["CapDrop"] = Strings(GetList(*caps, "drop"));
  }
}

// The first reference in `value` (inside a template too), or nullptr.
const Value* FirstReference(const Value& value) {
  if (value.is(ValueKind::kRef)) return &value;
  const ValueList* items = value.is(ValueKind::kTemplate) ? &value.parts()
                           : value.is(ValueKind::kList)   ? &value.list()
                                                          : nullptr;
  if (items) {
    for (const Value& item : *items)
      if (const Value* ref = FirstReference(item)) return ref;
  } else if (value.is(ValueKind::kMap)) {
    for (const auto& [key, item] : value.map())
      if (const Value* ref = FirstReference(item)) return ref;
  }
  return nullptr;
}

// What the engine runs cannot wait for a value only AWS makes (a load balancer's DNS name, a
// generated id): nothing here creates its resource, so it is an error, never a value left out.
bool KnownLocally(const Value& container, std::string& error) {
  const std::string* name = GetString(container, "name");
  for (const char* key : {"image", "command", "entry_point", "working_dir", "user", "env",
                          "secrets", "docker_labels", "health"}) {
    const Value* value = container.Get(key);
    if (value == nullptr) continue;
    std::string where = key;
    if (value->is(ValueKind::kMap) && std::string_view(key) != "health") {
      for (const auto& [entry, item] : value->map()) {
        if (FirstReference(item)) {
          where += "." + entry;
          value = &item;
          break;
        }
      }
    }
    const Value* ref = FirstReference(*value);
    if (ref == nullptr) continue;
    error = "container " + (name ? *name : std::string("?")) + ": " + where + " = " +
            value->ToSource() + " is known only after apply, from " + ref->ref().address +
            ", which the docker backend records without creating (docs/docker.md): give it a "
            "value the local engine can use";
    return false;
  }
  return true;
}

bool BuildContainer(const Value& task, const Value& container, const TaskVolumes& volumes,
                    ContainerSpec& spec, std::string& error) {
  if (!KnownLocally(container, error)) return false;
  const std::string* name = GetString(container, "name");
  spec.name = name ? *name : "";
  const Value* essential = container.Get("essential");
  spec.essential = !essential || !essential->is(ValueKind::kBool) || essential->as_bool();
  AddPorts(container, spec);
  if (auto timeout = GetNumber(container, "start_timeout")) spec.start_timeout_ms = *timeout;

  json& body = spec.body;
  const std::string* image = GetString(container, "image");
  body["Image"] = image ? *image : "";
  if (container.Get("command")) body["Cmd"] = Strings(GetList(container, "command"));
  if (container.Get("entry_point")) body["Entrypoint"] = Strings(GetList(container, "entry_point"));
  if (const std::string* dir = GetString(container, "working_dir")) body["WorkingDir"] = *dir;
  if (const std::string* user = GetString(container, "user")) body["User"] = *user;
  json env = json::array();
  if (const Value* vars = container.Get("env"); vars && vars->is(ValueKind::kMap)) {
    for (const auto& [k, v] : vars->map()) {
      if (v.is(ValueKind::kString)) env.push_back(k + "=" + v.str());
    }
  }
  body["Env"] = std::move(env);
  if (const Value* secrets = container.Get("secrets"); secrets && secrets->is(ValueKind::kMap)) {
    for (const auto& [k, v] : secrets->map()) {
      if (v.is(ValueKind::kString) || v.is(ValueKind::kSecret))
        spec.secrets.emplace_back(k, v.str());
    }
  }
  body["Labels"] = StringMap(container.Get("docker_labels"));
  if (const Value* health = container.Get("health"); health && health->is(ValueKind::kMap)) {
    body["Healthcheck"] = Healthcheck(*health);
    spec.has_health = true;
  }
  if (auto stop = GetNumber(container, "stop_timeout")) {
    body["StopTimeout"] = static_cast<int>(*stop / 1000);
  }

  json host_config = json::object();
  host_config["ReadonlyRootfs"] = GetBool(container, "read_only_root");
  host_config["Privileged"] = GetBool(container, "privileged");
  // Essential containers come back when they exit, as ECS replaces a stopped task; a container
  // stopped or killed by hand stays down and shows as drift.
  host_config["RestartPolicy"] = {{"Name", spec.essential ? "unless-stopped" : "no"}};
  // awslogs and the other drivers need AWS or a collector: locally the engine keeps the log.
  host_config["LogConfig"] = {{"Type", "json-file"}, {"Config", json::object()}};
  if (const std::string* pid = GetString(task, "pid_mode"); pid && *pid == "host") {
    host_config["PidMode"] = "host";
  }
  if (const std::string* ipc = GetString(task, "ipc_mode"); ipc && *ipc == "host") {
    host_config["IpcMode"] = "host";
  }
  AddLimits(task, container, host_config);
  AddLinuxParameters(container, host_config);
  if (!AddMounts(container, volumes, host_config, error)) {
    error = "container " + spec.name + ": " + error;
    return false;
  }
  body["HostConfig"] = std::move(host_config);

  for (const Value& dep : GetList(container, "depends_on")) {
    const std::string* other = GetString(dep, "container");
    const std::string* condition = GetString(dep, "condition");
    if (other) spec.depends_on.emplace_back(*other, condition ? *condition : "START");
  }
  return true;
}

// Dependencies first, otherwise the task's order; false on a cycle.
bool StartOrder(std::vector<ContainerSpec>& containers, std::string& error) {
  std::vector<ContainerSpec> ordered;
  std::set<std::string> started;
  while (!containers.empty()) {
    auto ready = std::find_if(containers.begin(), containers.end(), [&](const ContainerSpec& c) {
      return std::all_of(c.depends_on.begin(), c.depends_on.end(), [&](const auto& dep) {
        // A name the task does not have is the checker's to report, not an ordering to wait on.
        bool known = std::any_of(containers.begin(), containers.end(),
                                 [&](const ContainerSpec& o) { return o.name == dep.first; });
        return started.count(dep.first) > 0 || !known;
      });
    });
    if (ready == containers.end()) {
      error = "the depends_on of container " + containers.front().name + " form a cycle";
      return false;
    }
    started.insert(ready->name);
    ordered.push_back(std::move(*ready));
    containers.erase(ready);
  }
  containers = std::move(ordered);
  return true;
}

}  // namespace

bool BuildTaskSpec(const Value& task, TaskSpec& spec, std::string& error) {
  const std::string* mode = GetString(task, "network_mode");
  // awsvpc gives every ECS task its own address; locally the host network with a port slot per
  // replica is the closest match (docs/docker.md).
  spec.network_mode = !mode || *mode == "awsvpc" ? "host" : *mode;

  TaskVolumes volumes;
  for (const Value& volume : GetList(task, "volumes")) {
    const std::string* label = GetString(volume, "name");
    if (!label) continue;
    volumes.by_label[*label] = &volume;
    if (const Value* efs = volume.Get("efs"); efs && !efs->is_null()) {
      error = "volume " + *label + " is an EFS volume, which a local Docker engine cannot mount";
      return false;
    }
    if (GetString(volume, "host_path")) continue;
    VolumeSpec v;
    v.label = *label;
    if (const Value* docker = volume.Get("docker"); docker && docker->is(ValueKind::kMap)) {
      const std::string* scope = GetString(*docker, "scope");
      v.shared = scope && *scope == "shared";
      v.driver = {
          {"Driver", GetString(*docker, "driver") ? *GetString(*docker, "driver") : "local"},
          {"DriverOpts", StringMap(docker->Get("driver_options"))},
          {"Labels", StringMap(docker->Get("labels"))}};
    }
    spec.volumes.push_back(std::move(v));
  }

  for (const Value& container : GetList(task, "containers")) {
    ContainerSpec c;
    if (!BuildContainer(task, container, volumes, c, error)) return false;
    for (int port : c.ports) {
      if (std::find(spec.ports.begin(), spec.ports.end(), port) == spec.ports.end()) {
        spec.ports.push_back(port);
      }
    }
    spec.containers.push_back(std::move(c));
  }
  if (spec.containers.empty()) {
    error = "the task has no containers";
    return false;
  }
  if (!StartOrder(spec.containers, error)) return false;
  spec.config_hash = ConfigHash(task);
  return true;
}

std::string ConfigHash(const Value& task) {
  // Tags change in place in ECS (no new revision), and nothing of a container depends on them:
  // they stay out of the hash, so retagging a task restarts nothing.
  ValueMap entries;
  if (task.is(ValueKind::kMap)) {
    for (const auto& [key, value] : task.map()) {
      if (key != "tags") entries.emplace_back(key, value);
    }
  }
  // FNV-1a over the canonical source text: stable across runs and builds, unlike std::hash.
  std::string text =
      std::string(kMappingVersion) + "\n" + Value::Map(std::move(entries)).ToSource(false);
  uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash));
  return out;
}

}  // namespace berth::docker

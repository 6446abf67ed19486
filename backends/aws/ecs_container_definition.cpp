// A task's `container` block as a containerDefinitions[] entry of RegisterTaskDefinition, in the
// API model's member order. Units: cpu in CPU units (integer), memory sizes in MiB, timeouts in
// seconds.
#include <fmt/format.h>

#include "backends/aws/ecs_requests.h"
#include "backends/aws/ir_access.h"

namespace berth::aws::ecs {

namespace {

const Value kTrue = Value::Bool(true);

// Every entry of a repeated block, as `to_json` makes it.
Json PortMappings(const Value& c, const EmitContext& context) {
  Json list = JsonArray();
  if (const Value* port = Field(c, "port"))
    list.push_back(JsonObject("containerPort", Integer(*port)));
  if (const Value* mappings = Field(c, "port_mappings")) {
    for (const Value& m : mappings->list()) {
      Json entry = JsonObject();
      CopyIfSet(entry, "containerPort", m, "container_port", context);
      CopyIfSet(entry, "hostPort", m, "host_port", context);
      CopyUnless(entry, "protocol", m, "protocol", Value::String("tcp"), context);
      CopyIfSet(entry, "name", m, "name", context);
      CopyIfSet(entry, "appProtocol", m, "app_protocol", context);
      CopyIfSet(entry, "containerPortRange", m, "container_port_range", context);
      list.push_back(std::move(entry));
    }
  }
  return list;
}

Json RestartPolicy(const Value& policy, const EmitContext& context) {
  const Value* enabled = Field(policy, "enabled");
  Json body = JsonObject("enabled", enabled == nullptr || enabled->as_bool());
  CopyIfSet(body, "ignoredExitCodes", policy, "ignored_exit_codes", context);
  CopyIfSet(body, "restartAttemptPeriod", policy, "attempt_period", context);
  return body;
}

Json LinuxParameters(const Value& lp, const EmitContext& context) {
  Json body = JsonObject();
  if (const Value* caps = Field(lp, "capabilities")) {
    Json capabilities = JsonObject();
    CopyIfSet(capabilities, "add", *caps, "add", context);
    CopyIfSet(capabilities, "drop", *caps, "drop", context);
    Put(body, "capabilities", std::move(capabilities));
  }
  CopyBlocks(body, "devices", lp, "devices", [&](const Value& d) {
    Json device = JsonObject();
    CopyIfSet(device, "hostPath", d, "host_path", context);
    CopyIfSet(device, "containerPath", d, "container_path", context);
    CopyIfSet(device, "permissions", d, "permissions", context);
    return device;
  });
  CopyUnless(body, "initProcessEnabled", lp, "init_process_enabled", kFalse, context);
  CopyIfSet(body, "sharedMemorySize", lp, "shared_memory_size", context);
  CopyBlocks(body, "tmpfs", lp, "tmpfs", [&](const Value& t) {
    Json tmpfs = JsonObject();
    CopyIfSet(tmpfs, "containerPath", t, "path", context);
    CopyIfSet(tmpfs, "size", t, "size", context);
    CopyIfSet(tmpfs, "mountOptions", t, "mount_options", context);
    return tmpfs;
  });
  CopyIfSet(body, "maxSwap", lp, "max_swap", context);
  CopyIfSet(body, "swappiness", lp, "swappiness", context);
  return body;
}

Json HealthCheck(const Value& health, const EmitContext& context) {
  Json body = JsonObject();
  CopyIfSet(body, "command", health, "command", context);
  // AWS's defaults: 30 s interval, 5 s timeout, 3 retries, no start period.
  CopyUnless(body, "interval", health, "interval", Value::Duration(30000), context);
  CopyUnless(body, "timeout", health, "timeout", Value::Duration(5000), context);
  CopyUnless(body, "retries", health, "retries", Value::Number(3), context);
  CopyUnless(body, "startPeriod", health, "start_period", Value::Duration(0), context);
  return body;
}

Json ResourceRequirements(const Value& c) {
  Json list = JsonArray();
  if (const Value* gpu = Field(c, "gpu")) {
    list.push_back(JsonObject("value", std::to_string(Integer(*gpu)), "type", "GPU"));
  }
  if (const Value* accelerators = Field(c, "inference_accelerators")) {
    for (const Value& name : accelerators->list()) {
      list.push_back(JsonObject("value", name.str(), "type", "InferenceAccelerator"));
    }
  }
  return list;
}

}  // namespace

Json NameValueList(const Value& map, const char* name_key, const char* value_key,
                   std::string_view address, std::string_view path, const EmitContext& context) {
  Json list = JsonArray();
  list.get_ref<Json::array_t&>().reserve(map.map().size());
  for (const auto& [name, value] : map.map()) {
    list.push_back(
        JsonObject(name_key, name, value_key, GuardedJson(value, context, address, path, name)));
  }
  return list;
}

Json LogConfiguration(const Value& logs, std::string_view address, std::string_view path,
                      const EmitContext& context) {
  Json body = JsonObject();
  CopyIfSet(body, "logDriver", logs, "driver", context);
  if (const Value* options = Field(logs, "options")) {
    Put(body, "options", GuardedJson(*options, context, address, path, "options"));
  }
  if (const Value* secrets = Field(logs, "secret_options")) {
    Put(body, "secretOptions",
        NameValueList(*secrets, "name", "valueFrom", address,
                      fmt::format("{}.secret_options", path), context));
  }
  return body;
}

Json ContainerDefinition(const Value& c, std::string_view address, const EmitContext& context) {
  const std::string& name = Field(c, "name")->str();
  const std::string path = fmt::format("containers.{}", name);
  auto guarded = [&](Json& body, const char* key, const char* attribute) {
    if (const Value* v = Field(c, attribute)) {
      Put(body, key, GuardedJson(*v, context, address, path, attribute));
    }
  };
  Json d = JsonObject();
  Put(d, "name", name);
  guarded(d, "image", "image");
  if (const Value* credentials = Field(c, "repository_credentials")) {
    Put(d, "repositoryCredentials",
        JsonObject("credentialsParameter", ToJson(*credentials, context)));
  }
  CopyIfSet(d, "cpu", c, "cpu", context);
  CopyIfSet(d, "memory", c, "memory", context);
  CopyIfSet(d, "memoryReservation", c, "memory_reservation", context);
  CopyIfSet(d, "links", c, "links", context);
  if (Json ports = PortMappings(c, context); !ports.empty())
    Put(d, "portMappings", std::move(ports));
  CopyUnless(d, "essential", c, "essential", kTrue, context);
  if (const Value* policy = Field(c, "restart_policy")) {
    Put(d, "restartPolicy", RestartPolicy(*policy, context));
  }
  guarded(d, "entryPoint", "entry_point");
  guarded(d, "command", "command");
  if (const Value* env = Field(c, "env"); env && !env->map().empty()) {
    Put(d, "environment", NameValueList(*env, "name", "value", address, path + ".env", context));
  }
  if (const Value* files = Field(c, "env_files")) {
    Json list = JsonArray();
    for (const Value& file : files->list())
      list.push_back(JsonObject("value", file.str(), "type", "s3"));
    Put(d, "environmentFiles", std::move(list));
  }
  CopyBlocks(d, "mountPoints", c, "mounts", [&](const Value& m) {
    Json mount = JsonObject();
    CopyIfSet(mount, "sourceVolume", m, "volume", context);
    CopyIfSet(mount, "containerPath", m, "path", context);
    CopyUnless(mount, "readOnly", m, "read_only", kFalse, context);
    return mount;
  });
  CopyBlocks(d, "volumesFrom", c, "volumes_from", [&](const Value& v) {
    Json from = JsonObject();
    CopyIfSet(from, "sourceContainer", v, "container", context);
    CopyUnless(from, "readOnly", v, "read_only", kFalse, context);
    return from;
  });
  if (const Value* lp = Field(c, "linux_parameters")) {
    if (Json params = LinuxParameters(*lp, context); !params.empty()) {
      Put(d, "linuxParameters", std::move(params));
    }
  }
  if (const Value* secrets = Field(c, "secrets"); secrets && !secrets->map().empty()) {
    Put(d, "secrets",
        NameValueList(*secrets, "name", "valueFrom", address, path + ".secrets", context));
  }
  CopyBlocks(d, "dependsOn", c, "depends_on", [&](const Value& dep) {
    return JsonObject("containerName", Field(dep, "container")->str(), "condition",
                      Field(dep, "condition")->str());
  });
  CopyIfSet(d, "startTimeout", c, "start_timeout", context);
  CopyIfSet(d, "stopTimeout", c, "stop_timeout", context);
  CopyIfSet(d, "versionConsistency", c, "version_consistency", context);
  CopyIfSet(d, "hostname", c, "hostname", context);
  CopyIfSet(d, "user", c, "user", context);
  CopyIfSet(d, "workingDirectory", c, "working_dir", context);
  CopyIfSet(d, "disableNetworking", c, "disable_networking", context);
  CopyUnless(d, "privileged", c, "privileged", kFalse, context);
  CopyUnless(d, "readonlyRootFilesystem", c, "read_only_root", kFalse, context);
  CopyIfSet(d, "dnsServers", c, "dns_servers", context);
  CopyIfSet(d, "dnsSearchDomains", c, "dns_search_domains", context);
  if (const Value* hosts = Field(c, "extra_hosts"); hosts && !hosts->map().empty()) {
    Put(d, "extraHosts",
        NameValueList(*hosts, "hostname", "ipAddress", address, path + ".extra_hosts", context));
  }
  CopyIfSet(d, "dockerSecurityOptions", c, "docker_security_options", context);
  CopyIfSet(d, "interactive", c, "interactive", context);
  CopyIfSet(d, "pseudoTerminal", c, "pseudo_terminal", context);
  guarded(d, "dockerLabels", "docker_labels");
  CopyBlocks(d, "ulimits", c, "ulimits", [&](const Value& u) {
    return JsonObject("name", Field(u, "name")->str(), "softLimit", Integer(*Field(u, "soft")),
                      "hardLimit", Integer(*Field(u, "hard")));
  });
  if (const Value* logs = Field(c, "logs")) {
    Put(d, "logConfiguration", LogConfiguration(*logs, address, path + ".logs", context));
  }
  if (const Value* health = Field(c, "health"))
    Put(d, "healthCheck", HealthCheck(*health, context));
  if (const Value* sysctls = Field(c, "system_controls"); sysctls && !sysctls->map().empty()) {
    Put(d, "systemControls",
        NameValueList(*sysctls, "namespace", "value", address, path + ".system_controls", context));
  }
  if (Json requirements = ResourceRequirements(c); !requirements.empty()) {
    Put(d, "resourceRequirements", std::move(requirements));
  }
  if (const Value* firelens = Field(c, "firelens")) {
    Json config = JsonObject();
    CopyIfSet(config, "type", *firelens, "type", context);
    CopyIfSet(config, "options", *firelens, "options", context);
    Put(d, "firelensConfiguration", std::move(config));
  }
  CopyIfSet(d, "credentialSpecs", c, "credential_specs", context);
  return d;
}

}  // namespace berth::aws::ecs

// A task definition's JSON (RegisterTaskDefinition request or DescribeTaskDefinition output) as
// the IR of a `task` block: the inverse of ecs_task_definition.cpp and
// ecs_container_definition.cpp, member by member of the API model.
#include <fmt/format.h>

#include <cmath>

#include "backends/aws/ecs_decode_reader.h"

namespace berth::aws {

namespace {

using decode::Block;
using namespace decode;  // the reading helpers of ecs_decode_reader.h
using decode::Fail;
using decode::Object;

// Set by AWS, never by a request.
const std::initializer_list<std::string_view> kTaskDefinitionReadOnly = {
    "taskDefinitionArn", "revision",     "status",       "requiresAttributes",
    "compatibilities",   "registeredAt", "registeredBy", "deregisteredAt"};

// Task cpu: "256", or "1 vCPU" / "0.25 vcpu" as the API also accepts.
Value TaskCpu(const std::string& text, const std::string& path) {
  char* end = nullptr;
  double n = std::strtod(text.c_str(), &end);
  std::string rest = end ? std::string(end) : "";
  while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
  for (char& c : rest) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (end == text.c_str() || n < 0)
    Fail(path, "expected CPU units such as \"256\", got \"" + text + "\"");
  if (rest.empty()) return Value::Cpu(n);
  if (rest == "vcpu") return Value::Cpu(n * 1024);
  Fail(path, "expected CPU units such as \"256\" or \"1 vCPU\", got \"" + text + "\"");
}

// Task memory: "512" (MiB), or "1 GB" / "2gb" as the API also accepts.
Value TaskMemory(const std::string& text, const std::string& path) {
  char* end = nullptr;
  double n = std::strtod(text.c_str(), &end);
  std::string rest = end ? std::string(end) : "";
  while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
  for (char& c : rest) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (end == text.c_str() || n < 0)
    Fail(path, "expected MiB such as \"512\", got \"" + text + "\"");
  if (rest.empty()) return decode::Mebibytes(n);
  if (rest == "gb") return decode::Gibibytes(n);
  Fail(path, "expected MiB such as \"512\" or \"1 GB\", got \"" + text + "\"");
}

Value PortMapping(Object& m) {
  Block b;
  CopyNumber(b, "container_port", m, "containerPort");
  CopyNumber(b, "host_port", m, "hostPort");
  CopyString(b, "protocol", m, "protocol");
  CopyString(b, "name", m, "name");
  CopyString(b, "app_protocol", m, "appProtocol");
  CopyString(b, "container_port_range", m, "containerPortRange");
  return b.Build();
}

// portMappings: the first one as `port` when it says nothing but its container port (what
// `port = N` emits); under awsvpc a hostPort equal to the containerPort is what AWS fills in.
void PortMappings(Block& out, Object& c, bool awsvpc) {
  ValueList mappings;
  EachObject(c, "portMappings", [&](Object& m) {
    Value mapping = PortMapping(m);
    const Value* container = mapping.Get("container_port");
    const Value* host = mapping.Get("host_port");
    if (awsvpc && container && host && *container == *host) {
      std::erase_if(mapping.mutable_map(), [](const auto& e) { return e.first == "host_port"; });
    }
    mappings.push_back(std::move(mapping));
  });
  auto simple = [](const Value& m) {
    for (const auto& [key, value] : m.map()) {
      if (key == "protocol" && value == Value::String("tcp")) continue;
      if (key != "container_port") return false;
    }
    return m.Get("container_port") != nullptr;
  };
  if (!mappings.empty() && simple(mappings.front())) {
    out.Set("port", *mappings.front().Get("container_port"));
    mappings.erase(mappings.begin());
  }
  if (!mappings.empty()) out.Set("port_mappings", Value::List(std::move(mappings)));
}

void LinuxParameters(Object& lp, Block& b) {
  NestedBlock(b, "capabilities", lp, "capabilities", [](Object& caps, Block& cb) {
    CopyStrings(cb, "add", caps, "add");
    CopyStrings(cb, "drop", caps, "drop");
  });
  RepeatedBlock(b, "devices", lp, "devices", [](Object& d) {
    Block db;
    CopyString(db, "host_path", d, "hostPath");
    CopyString(db, "container_path", d, "containerPath");
    CopyStrings(db, "permissions", d, "permissions");
    return db.Build();
  });
  CopyBool(b, "init_process_enabled", lp, "initProcessEnabled");
  CopyMebibytes(b, "shared_memory_size", lp, "sharedMemorySize");
  RepeatedBlock(b, "tmpfs", lp, "tmpfs", [](Object& t) {
    Block tb;
    CopyString(tb, "path", t, "containerPath");
    CopyMebibytes(tb, "size", t, "size");
    CopyStrings(tb, "mount_options", t, "mountOptions");
    return tb.Build();
  });
  CopyMebibytes(b, "max_swap", lp, "maxSwap");
  CopyNumber(b, "swappiness", lp, "swappiness");
}

void LogConfigurationInto(Object& logs, Block& b) {
  CopyString(b, "driver", logs, "logDriver");
  CopyStringMap(b, "options", logs, "options");
  CopyNameValues(b, "secret_options", logs, "secretOptions", "name", "valueFrom", true);
}

Value Container(Object& c, bool awsvpc) {
  Block b;
  std::optional<std::string> name = c.String("name");
  if (!name) Fail(c.path(), "missing `name`");
  b.Set("name", Value::String(*name));
  CopyString(b, "image", c, "image");
  NestedBlock(b, "repository_credentials_block", c, "repositoryCredentials",
              [](Object& r, Block& rb) {
                if (auto p = r.String("credentialsParameter")) rb.Set("p", Value::Secret(*p));
              });
  // A container `cpu` of 0 is what AWS reports when none was reserved.
  if (auto cpu = c.Number("cpu"); cpu && *cpu != 0) b.Set("cpu", Value::Cpu(*cpu));
  CopyMebibytes(b, "memory", c, "memory");
  CopyMebibytes(b, "memory_reservation", c, "memoryReservation");
  CopyStrings(b, "links", c, "links");
  PortMappings(b, c, awsvpc);
  CopyBool(b, "essential", c, "essential");
  NestedBlock(b, "restart_policy", c, "restartPolicy", [](Object& r, Block& rb) {
    CopyBool(rb, "enabled", r, "enabled");
    if (const Json* codes = r.Array("ignoredExitCodes"); codes && !codes->empty()) {
      rb.Set("ignored_exit_codes", decode::NumberList(*codes, r.PathOf("ignoredExitCodes")));
    }
    CopySeconds(rb, "attempt_period", r, "restartAttemptPeriod");
  });
  CopyStrings(b, "entry_point", c, "entryPoint");
  CopyStrings(b, "command", c, "command");
  CopyNameValues(b, "env", c, "environment", "name", "value");
  if (const Json* files = c.Array("environmentFiles"); files && !files->empty()) {
    ValueList list;
    std::string path = c.PathOf("environmentFiles");
    for (size_t i = 0; i < files->size(); ++i) {
      Object file((*files)[i], Index(path, i));
      std::optional<std::string> type = file.String("type");
      if (type && *type != "s3")
        Fail(file.PathOf("type"), "expected \"s3\", got \"" + *type + "\"");
      std::optional<std::string> value = file.String("value");
      if (!value) Fail(file.path(), "missing `value`");
      file.Done();
      list.push_back(Value::String(*value));
    }
    b.Set("env_files", Value::List(std::move(list)));
  }
  RepeatedBlock(b, "mounts", c, "mountPoints", [](Object& m) {
    Block mb;
    CopyString(mb, "volume", m, "sourceVolume");
    CopyString(mb, "path", m, "containerPath");
    CopyBool(mb, "read_only", m, "readOnly");
    return mb.Build();
  });
  RepeatedBlock(b, "volumes_from", c, "volumesFrom", [](Object& v) {
    Block vb;
    CopyString(vb, "container", v, "sourceContainer");
    CopyBool(vb, "read_only", v, "readOnly");
    return vb.Build();
  });
  NestedBlock(b, "linux_parameters", c, "linuxParameters", LinuxParameters);
  CopyNameValues(b, "secrets", c, "secrets", "name", "valueFrom", true);
  RepeatedBlock(b, "depends_on", c, "dependsOn", [](Object& d) {
    Block db;
    CopyString(db, "container", d, "containerName");
    CopyString(db, "condition", d, "condition");
    return db.Build();
  });
  CopySeconds(b, "start_timeout", c, "startTimeout");
  CopySeconds(b, "stop_timeout", c, "stopTimeout");
  CopyString(b, "version_consistency", c, "versionConsistency");
  CopyString(b, "hostname", c, "hostname");
  CopyString(b, "user", c, "user");
  CopyString(b, "working_dir", c, "workingDirectory");
  CopyBool(b, "disable_networking", c, "disableNetworking");
  CopyBool(b, "privileged", c, "privileged");
  CopyBool(b, "read_only_root", c, "readonlyRootFilesystem");
  CopyStrings(b, "dns_servers", c, "dnsServers");
  CopyStrings(b, "dns_search_domains", c, "dnsSearchDomains");
  CopyNameValues(b, "extra_hosts", c, "extraHosts", "hostname", "ipAddress");
  CopyStrings(b, "docker_security_options", c, "dockerSecurityOptions");
  CopyBool(b, "interactive", c, "interactive");
  CopyBool(b, "pseudo_terminal", c, "pseudoTerminal");
  CopyStringMap(b, "docker_labels", c, "dockerLabels");
  RepeatedBlock(b, "ulimits", c, "ulimits", [](Object& u) {
    Block ub;
    CopyString(ub, "name", u, "name");
    CopyNumber(ub, "soft", u, "softLimit");
    CopyNumber(ub, "hard", u, "hardLimit");
    return ub.Build();
  });
  NestedBlock(b, "logs", c, "logConfiguration", LogConfigurationInto);
  NestedBlock(b, "health", c, "healthCheck", [](Object& h, Block& hb) {
    CopyStrings(hb, "command", h, "command");
    CopySeconds(hb, "interval", h, "interval");
    CopySeconds(hb, "timeout", h, "timeout");
    CopyNumber(hb, "retries", h, "retries");
    CopySeconds(hb, "start_period", h, "startPeriod");
  });
  CopyNameValues(b, "system_controls", c, "systemControls", "namespace", "value");
  if (const Json* requirements = c.Array("resourceRequirements")) {
    ValueList accelerators;
    std::string path = c.PathOf("resourceRequirements");
    for (size_t i = 0; i < requirements->size(); ++i) {
      Object r((*requirements)[i], Index(path, i));
      std::string type = r.String("type").value_or("");
      std::string value = r.String("value").value_or("");
      r.Done();
      if (type == "GPU") {
        b.Set("gpu", Value::Number(std::strtod(value.c_str(), nullptr)));
      } else if (type == "InferenceAccelerator") {
        accelerators.push_back(Value::String(value));
      } else {
        Fail(r.PathOf("type"),
             "expected \"GPU\" or \"InferenceAccelerator\", got \"" + type + "\"");
      }
    }
    if (!accelerators.empty())
      b.Set("inference_accelerators", Value::List(std::move(accelerators)));
  }
  NestedBlock(b, "firelens", c, "firelensConfiguration", [](Object& f, Block& fb) {
    CopyString(fb, "type", f, "type");
    CopyStringMap(fb, "options", f, "options");
  });
  CopyStrings(b, "credential_specs", c, "credentialSpecs");
  Value container = b.Build();
  // repositoryCredentials is one string member: flatten the helper block into the attribute.
  if (const Value* credentials = container.Get("repository_credentials_block")) {
    Value parameter = credentials->Get("p") ? *credentials->Get("p") : Value::Null();
    ValueMap& m = container.mutable_map();
    std::erase_if(m, [](const auto& e) { return e.first == "repository_credentials_block"; });
    if (!parameter.is_null()) container.Set("repository_credentials", parameter);
  }
  return container;
}

Value VolumeBlock(Object& v) {
  Block b;
  std::optional<std::string> name = v.String("name");
  if (!name) Fail(v.path(), "missing `name`");
  b.Set("name", Value::String(*name));
  if (const Json* host = v.Take("host")) {
    Object h(*host, v.PathOf("host"));
    CopyString(b, "host_path", h, "sourcePath");
    h.Done();
  }
  NestedBlock(b, "docker", v, "dockerVolumeConfiguration", [](Object& d, Block& db) {
    CopyString(db, "scope", d, "scope");
    CopyBool(db, "autoprovision", d, "autoprovision");
    CopyString(db, "driver", d, "driver");
    CopyStringMap(db, "driver_options", d, "driverOpts");
    CopyStringMap(db, "labels", d, "labels");
  });
  NestedBlock(b, "efs", v, "efsVolumeConfiguration", [](Object& e, Block& eb) {
    CopyString(eb, "file_system_id", e, "fileSystemId");
    CopyString(eb, "root_directory", e, "rootDirectory");
    if (auto tls = e.String("transitEncryption"))
      eb.Set("transit_encryption", Value::Bool(*tls == "ENABLED"));
    CopyNumber(eb, "transit_encryption_port", e, "transitEncryptionPort");
    if (const Json* auth = e.Take("authorizationConfig")) {
      Object a(*auth, e.PathOf("authorizationConfig"));
      CopyString(eb, "access_point", a, "accessPointId");
      if (auto iam = a.String("iam")) eb.Set("iam", Value::Bool(*iam == "ENABLED"));
      a.Done();
    }
  });
  NestedBlock(b, "s3_files", v, "s3filesVolumeConfiguration", [](Object& s, Block& sb) {
    CopyString(sb, "file_system_arn", s, "fileSystemArn");
    CopyString(sb, "root_directory", s, "rootDirectory");
    CopyNumber(sb, "transit_encryption_port", s, "transitEncryptionPort");
    CopyString(sb, "access_point_arn", s, "accessPointArn");
  });
  NestedBlock(b, "fsx_windows", v, "fsxWindowsFileServerVolumeConfiguration",
              [](Object& f, Block& fb) {
                CopyString(fb, "file_system_id", f, "fileSystemId");
                CopyString(fb, "root_directory", f, "rootDirectory");
                if (const Json* auth = f.Take("authorizationConfig")) {
                  Object a(*auth, f.PathOf("authorizationConfig"));
                  if (auto p = a.String("credentialsParameter")) {
                    fb.Set("credentials", Value::Secret(*p));
                  }
                  CopyString(fb, "domain", a, "domain");
                  a.Done();
                }
              });
  CopyBool(b, "configured_at_launch", v, "configuredAtLaunch");
  return b.Build();
}

DecodedResource DecodeTask(const Json& json, const DecodeOptions& options) {
  const Json* definition = &json;
  const Json* outer_tags = nullptr;
  std::string root = "$";
  if (json.is_object() && json.contains("taskDefinition") && json["taskDefinition"].is_object()) {
    Object outer(json, "$");
    definition = outer.Take("taskDefinition");
    outer_tags = outer.Array("tags");
    outer.Done();
    root = "$.taskDefinition";
  }
  Object t(*definition, root);
  if (!t.Has("containerDefinitions")) {
    Fail(root,
         "not a task definition: no `containerDefinitions` (expected the output of `aws ecs "
         "describe-task-definition` or a register-task-definition request)");
  }
  t.Ignore(kTaskDefinitionReadOnly);
  decode::References references(options);
  Block b;
  std::optional<std::string> family = t.String("family");
  if (!family) Fail(root, "missing `family`");
  std::string label = LabelFromName(*family);
  b.Set("family", Value::String(*family));
  if (auto arn = t.String("taskRoleArn")) b.Set("task_role", references.Ref("role", *arn));
  if (auto arn = t.String("executionRoleArn")) {
    b.Set("execution_role", references.Ref("role", *arn));
  }
  // Without networkMode AWS uses bridge; berth's default is awsvpc, so it is always spelled.
  std::string network = t.String("networkMode").value_or("bridge");
  b.Set("network_mode", Value::String(network));
  {
    ValueList containers;
    EachObject(t, "containerDefinitions",
               [&](Object& c) { containers.push_back(Container(c, network == "awsvpc")); });
    b.Set("containers", Value::List(std::move(containers)));
  }
  RepeatedBlock(b, "volumes", t, "volumes", VolumeBlock);
  RepeatedBlock(b, "placement_constraints", t, "placementConstraints", [](Object& p) {
    Block pb;
    CopyString(pb, "type", p, "type");
    CopyString(pb, "expression", p, "expression");
    return pb.Build();
  });
  // Without requiresCompatibilities AWS validates the definition for EC2 only.
  if (const Json* requires_ = t.Array("requiresCompatibilities");
      requires_ && !requires_->empty()) {
    b.Set("requires", decode::StringList(*requires_, t.PathOf("requiresCompatibilities")));
  } else {
    b.Set("requires", Value::List({Value::String("EC2")}));
  }
  if (auto cpu = t.String("cpu")) b.Set("cpu", TaskCpu(*cpu, t.PathOf("cpu")));
  if (auto memory = t.String("memory")) b.Set("memory", TaskMemory(*memory, t.PathOf("memory")));
  const Json* tags = t.Array("tags");
  if (!tags) tags = outer_tags;
  if (tags && !tags->empty()) {
    b.Set("tags", decode::LowercaseTagMap(*tags, tags == outer_tags ? "$.tags" : t.PathOf("tags")));
  }
  CopyString(b, "pid_mode", t, "pidMode");
  CopyString(b, "ipc_mode", t, "ipcMode");
  NestedBlock(b, "proxy", t, "proxyConfiguration", [](Object& p, Block& pb) {
    CopyString(pb, "type", p, "type");
    CopyString(pb, "container", p, "containerName");
    CopyNameValues(pb, "properties", p, "properties", "name", "value");
  });
  RepeatedBlock(b, "inference_accelerators", t, "inferenceAccelerators", [](Object& a) {
    Block ab;
    CopyString(ab, "name", a, "deviceName");
    CopyString(ab, "device_type", a, "deviceType");
    return ab.Build();
  });
  if (const Json* storage = t.Take("ephemeralStorage")) {
    Object s(*storage, t.PathOf("ephemeralStorage"));
    if (auto gib = s.Number("sizeInGiB")) b.Set("ephemeral_storage", decode::Gibibytes(*gib));
    s.Done();
  }
  NestedBlock(b, "runtime_platform", t, "runtimePlatform", [](Object& p, Block& pb) {
    CopyString(pb, "arch", p, "cpuArchitecture");
    CopyString(pb, "os", p, "operatingSystemFamily");
  });
  CopyBool(b, "enable_fault_injection", t, "enableFaultInjection");
  t.Done();

  DecodedResource resource{.kind = "task", .label = label, .attributes = b.Build()};
  decode::FillDefaults(*schema::FindResource("task"), resource.attributes, label);
  resource.references = references.Take();
  return resource;
}

}  // namespace

DecodeResult DecodeTaskDefinition(const Json& json, const DecodeOptions& options) {
  return decode::Guarded([&]() -> DecodeResult { return DecodeTask(json, options); });
}

}  // namespace berth::aws

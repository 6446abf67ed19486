// task: RegisterTaskDefinition on create and on every change (a task definition is immutable;
// a change is a new revision of the family), DeregisterTaskDefinition on remove.
//
// Exactness of the remove: DeregisterTaskDefinition needs `family:revision` or the revision's
// ARN. When the resource being removed carries its revision ARN (an `arn` attribute, filled in
// from the state's computed values), that ARN is deregistered. Otherwise a read call,
// `describe-task-definition --task-definition FAMILY`, captures the ARN of the family's latest
// ACTIVE revision first: that is the revision berth registered last, as long as nothing else
// registered one since, and as long as the read runs before any new registration of the same
// family in the same run: for a new revision, EmitChange runs the read before the registration
// and the deregistration at the end.
#include "backends/aws/ecs_requests.h"
#include "backends/aws/emitters.h"
#include "backends/aws/ir_access.h"

namespace berth::aws {

namespace {

const Value kFalse = Value::Bool(false);

Json Volume(const Value& v, const EmitContext& context) {
  Json body = JsonObject("name", Field(v, "name")->str());
  if (const Value* host = Field(v, "host_path"))
    Put(body, "host", JsonObject("sourcePath", host->str()));
  if (const Value* docker = Field(v, "docker")) {
    Json config = JsonObject();
    CopyUnless(config, "scope", *docker, "scope", Value::String("task"), context);
    CopyIfSet(config, "autoprovision", *docker, "autoprovision", context);
    CopyIfSet(config, "driver", *docker, "driver", context);
    CopyIfSet(config, "driverOpts", *docker, "driver_options", context);
    CopyIfSet(config, "labels", *docker, "labels", context);
    Put(body, "dockerVolumeConfiguration", std::move(config));
  }
  if (const Value* efs = Field(v, "efs")) {
    Json config = JsonObject();
    CopyIfSet(config, "fileSystemId", *efs, "file_system_id", context);
    CopyUnless(config, "rootDirectory", *efs, "root_directory", Value::String("/"), context);
    if (const Value* tls = Field(*efs, "transit_encryption"); tls && tls->as_bool()) {
      Put(config, "transitEncryption", EnabledDisabled(true));
    }
    CopyIfSet(config, "transitEncryptionPort", *efs, "transit_encryption_port", context);
    Json authorization = JsonObject();
    CopyIfSet(authorization, "accessPointId", *efs, "access_point", context);
    if (const Value* iam = Field(*efs, "iam"))
      Put(authorization, "iam", EnabledDisabled(iam->as_bool()));
    if (!authorization.empty()) Put(config, "authorizationConfig", std::move(authorization));
    Put(body, "efsVolumeConfiguration", std::move(config));
  }
  if (const Value* s3 = Field(v, "s3_files")) {
    Json config = JsonObject();
    CopyIfSet(config, "fileSystemArn", *s3, "file_system_arn", context);
    CopyIfSet(config, "rootDirectory", *s3, "root_directory", context);
    CopyIfSet(config, "transitEncryptionPort", *s3, "transit_encryption_port", context);
    CopyIfSet(config, "accessPointArn", *s3, "access_point_arn", context);
    Put(body, "s3filesVolumeConfiguration", std::move(config));
  }
  if (const Value* fsx = Field(v, "fsx_windows")) {
    Put(body, "fsxWindowsFileServerVolumeConfiguration",
        JsonObject("fileSystemId", Field(*fsx, "file_system_id")->str(), "rootDirectory",
                   Field(*fsx, "root_directory")->str(), "authorizationConfig",
                   JsonObject("credentialsParameter", ToJson(*Field(*fsx, "credentials"), context),
                              "domain", Field(*fsx, "domain")->str())));
  }
  CopyIfSet(body, "configuredAtLaunch", v, "configured_at_launch", context);
  return body;
}

}  // namespace

namespace ecs {

// The RegisterTaskDefinition request, in the API model's member order.
Json RegisterTaskDefinitionBody(const ir::Resource& task, const EmitContext& context) {
  const Value& t = task.attributes;
  Json body = JsonObject();
  CopyIfSet(body, "family", t, "family", context);
  CopyIfSet(body, "taskRoleArn", t, "task_role", context);
  CopyIfSet(body, "executionRoleArn", t, "execution_role", context);
  // berth's default (awsvpc) is not the API's (bridge): always sent.
  CopyIfSet(body, "networkMode", t, "network_mode", context);
  Json containers = JsonArray();
  if (const Value* list = Field(t, "containers")) {
    containers.get_ref<Json::array_t&>().reserve(list->list().size());
    for (const Value& c : list->list()) {
      containers.push_back(ecs::ContainerDefinition(c, task.address, context));
    }
  }
  Put(body, "containerDefinitions", std::move(containers));
  CopyBlocks(body, "volumes", t, "volumes", [&](const Value& v) { return Volume(v, context); });
  CopyBlocks(body, "placementConstraints", t, "placement_constraints", [&](const Value& p) {
    Json constraint = JsonObject();
    CopyIfSet(constraint, "type", p, "type", context);
    CopyIfSet(constraint, "expression", p, "expression", context);
    return constraint;
  });
  CopyIfSet(body, "requiresCompatibilities", t, "requires", context);
  // Task-level sizes are strings in the API: "256", "512".
  if (const Value* cpu = Field(t, "cpu")) Put(body, "cpu", std::to_string(Integer(*cpu)));
  if (const Value* memory = Field(t, "memory"))
    Put(body, "memory", std::to_string(Mebibytes(*memory)));
  if (const Value* tags = Field(t, "tags")) {
    if (auto list = LowercaseTags(*tags)) Put(body, "tags", std::move(*list));
  }
  CopyIfSet(body, "pidMode", t, "pid_mode", context);
  CopyIfSet(body, "ipcMode", t, "ipc_mode", context);
  if (const Value* proxy = Field(t, "proxy")) {
    Json config = JsonObject();
    CopyIfSet(config, "type", *proxy, "type", context);
    CopyIfSet(config, "containerName", *proxy, "container", context);
    if (const Value* properties = Field(*proxy, "properties")) {
      Put(config, "properties",
          ecs::NameValueList(*properties, "name", "value", task.address, "proxy.properties",
                             context));
    }
    Put(body, "proxyConfiguration", std::move(config));
  }
  CopyBlocks(body, "inferenceAccelerators", t, "inference_accelerators", [&](const Value& a) {
    return JsonObject("deviceName", Field(a, "name")->str(), "deviceType",
                      Field(a, "device_type")->str());
  });
  if (const Value* storage = Field(t, "ephemeral_storage")) {
    Put(body, "ephemeralStorage", JsonObject("sizeInGiB", Gibibytes(*storage)));
  }
  if (const Value* platform = Field(t, "runtime_platform")) {
    Json config = JsonObject();
    CopyUnless(config, "cpuArchitecture", *platform, "arch", Value::String("X86_64"), context);
    CopyUnless(config, "operatingSystemFamily", *platform, "os", Value::String("LINUX"), context);
    if (!config.empty()) Put(body, "runtimePlatform", std::move(config));
  }
  CopyIfSet(body, "enableFaultInjection", t, "enable_fault_injection", context);
  return body;
}

}  // namespace ecs

namespace {

std::vector<AwsCall> Register(const ir::Resource& task, const EmitContext& context) {
  return CallList(ecs::EcsCall("register-task-definition", task.address,
                               ecs::RegisterTaskDefinitionBody(task, context),
                               {{task.address + ".arn", "taskDefinition.taskDefinitionArn"}}));
}

std::vector<AwsCall> CreateTask(const ir::Resource& task, const EmitContext& context) {
  return Register(task, context);
}

std::vector<AwsCall> UpdateTask(const ir::Resource& task, const Value& /*before*/,
                                const EmitContext& context) {
  // Immutable: any change, tags included, is a new revision. EmitChange deregisters the previous
  // one at the end of the run, after the services moved (as Terraform does); services and a
  // circuit breaker rollback still run an INACTIVE revision.
  return Register(task, context);
}

std::vector<AwsCall> RemoveTask(const ir::Resource& before, const EmitContext& context) {
  if (const Value* arn = Field(before.attributes, "arn"); arn && arn->is(ValueKind::kString)) {
    return {ecs::EcsCall("deregister-task-definition", before.address,
                         Json{{"taskDefinition", arn->str()}})};
  }
  const Value* family = Field(before.attributes, "family");
  std::string name = family && family->is(ValueKind::kString) ? family->str() : before.name;
  std::string capture = before.address + ".registered_arn";
  return {ecs::EcsCall("describe-task-definition", before.address, Json{{"taskDefinition", name}},
                       {{capture, "taskDefinition.taskDefinitionArn"}}),
          ecs::EcsCall("deregister-task-definition", before.address,
                       Json{{"taskDefinition", Placeholder(before.address, "registered_arn")}})};
}

}  // namespace

const KindEmitter kTaskEmitter = {"task", CreateTask, UpdateTask, RemoveTask};

}  // namespace berth::aws

// cluster: CreateCluster; on change UpdateCluster (settings, configuration, Service Connect
// defaults) and PutClusterCapacityProviders (providers and default strategy, which UpdateCluster
// cannot change), each only when its part changed, and tag-resource / untag-resource for tags;
// DeleteCluster on remove.
#include <fmt/format.h>

#include "backends/aws/ecs_requests.h"
#include "backends/aws/emitters.h"
#include "backends/aws/ir_access.h"

namespace berth::aws {

namespace {

std::string ClusterName(const ir::Resource& cluster) {
  const Value* name = Field(cluster.attributes, "name");
  return name ? name->str() : cluster.name;
}

Json Settings(const Value& c) {
  const Value* insights = Field(c, "container_insights");
  return Json::array({{{"name", "containerInsights"},
                       {"value", insights && insights->as_bool() ? "enabled" : "disabled"}}});
}

// The `configuration` member; empty when the cluster declares none of it.
Json Configuration(const Value& c, const EmitContext& context) {
  Json body = Json::object();
  if (const Value* exec = Field(c, "execute_command")) {
    Json config = Json::object();
    CopyIfSet(config, "kmsKeyId", *exec, "kms_key", context);
    CopyIfSet(config, "logging", *exec, "logging", context);
    Json log = Json::object();
    CopyIfSet(log, "cloudWatchLogGroupName", *exec, "log_group", context);
    CopyIfSet(log, "cloudWatchEncryptionEnabled", *exec, "cloudwatch_encryption", context);
    CopyIfSet(log, "s3BucketName", *exec, "s3_bucket", context);
    CopyIfSet(log, "s3EncryptionEnabled", *exec, "s3_encryption", context);
    CopyIfSet(log, "s3KeyPrefix", *exec, "s3_key_prefix", context);
    if (!log.empty()) config["logConfiguration"] = std::move(log);
    body["executeCommandConfiguration"] = std::move(config);
  }
  if (const Value* storage = Field(c, "managed_storage")) {
    Json config = Json::object();
    CopyIfSet(config, "kmsKeyId", *storage, "kms_key", context);
    CopyIfSet(config, "fargateEphemeralStorageKmsKeyId", *storage,
              "fargate_ephemeral_storage_kms_key", context);
    body["managedStorageConfiguration"] = std::move(config);
  }
  return body;
}

Json Providers(const Value& c) {
  const Value* list = Field(c, "capacity_providers");
  Json names = Json::array();
  if (list) {
    for (const Value& name : list->list()) names.push_back(name.str());
  }
  return names;
}

Json DefaultStrategy(const Value& c) {
  const Value* items = Field(c, "default_capacity_providers");
  return items ? ecs::CapacityProviderStrategy(*items) : Json::array();
}

std::vector<AwsCall> CreateCluster(const ir::Resource& cluster, const EmitContext& context) {
  return {ecs::EcsCall("create-cluster", cluster.address, ecs::CreateClusterBody(cluster, context),
                       {{cluster.address + ".arn", "cluster.clusterArn"}})};
}

std::vector<AwsCall> UpdateCluster(const ir::Resource& cluster, const Value& before,
                                   const EmitContext& context) {
  const Value& after = cluster.attributes;
  std::string name = ClusterName(cluster);
  std::vector<AwsCall> calls;
  Json update = {{"cluster", name}};
  if (Settings(before) != Settings(after)) update["settings"] = Settings(after);
  if (Json configuration = Configuration(after, context);
      configuration != Configuration(before, context)) {
    // Removing ECS Exec settings returns them to AWS's: logging DEFAULT, no key.
    if (!configuration.contains("executeCommandConfiguration")) {
      configuration["executeCommandConfiguration"] = {{"logging", "DEFAULT"}};
    }
    update["configuration"] = std::move(configuration);
  }
  const Value* old_namespace = Field(before, "service_connect_namespace");
  const Value* new_namespace = Field(after, "service_connect_namespace");
  if ((old_namespace == nullptr) != (new_namespace == nullptr) ||
      (old_namespace && !(*old_namespace == *new_namespace))) {
    // An empty namespace removes the cluster's Service Connect defaults.
    update["serviceConnectDefaults"] = {{"namespace", new_namespace ? new_namespace->str() : ""}};
  }
  if (update.size() > 1) {
    calls.push_back(ecs::EcsCall("update-cluster", cluster.address, std::move(update)));
  }
  if (Providers(before) != Providers(after) || DefaultStrategy(before) != DefaultStrategy(after)) {
    calls.push_back(
        ecs::EcsCall("put-cluster-capacity-providers", cluster.address,
                     Json{{"cluster", name},
                          {"capacityProviders", Providers(after)},
                          {"defaultCapacityProviderStrategy", DefaultStrategy(after)}}));
  }
  std::string arn =
      fmt::format("arn:aws:ecs:{}:{}:cluster/{}", context.region(), context.account(), name);
  for (AwsCall& call :
       ecs::TagChanges(cluster.address, arn, Field(before, "tags"), Field(after, "tags"))) {
    calls.push_back(std::move(call));
  }
  return calls;
}

std::vector<AwsCall> RemoveCluster(const ir::Resource& before, const EmitContext& /*context*/) {
  return {ecs::EcsCall("delete-cluster", before.address, Json{{"cluster", ClusterName(before)}})};
}

}  // namespace

namespace ecs {

Json CreateClusterBody(const ir::Resource& cluster, const EmitContext& context) {
  const Value& c = cluster.attributes;
  Json body = {{"clusterName", ClusterName(cluster)}};
  if (const Value* tags = Field(c, "tags")) {
    if (auto list = LowercaseTags(*tags)) body["tags"] = std::move(*list);
  }
  // Disabled is AWS's default: the setting is sent only to turn Container Insights on.
  if (const Value* insights = Field(c, "container_insights"); insights && insights->as_bool()) {
    body["settings"] = Settings(c);
  }
  if (Json configuration = Configuration(c, context); !configuration.empty()) {
    body["configuration"] = std::move(configuration);
  }
  if (Field(c, "capacity_providers")) body["capacityProviders"] = Providers(c);
  if (Field(c, "default_capacity_providers")) {
    body["defaultCapacityProviderStrategy"] = DefaultStrategy(c);
  }
  if (const Value* ns = Field(c, "service_connect_namespace")) {
    body["serviceConnectDefaults"] = {{"namespace", ns->str()}};
  }
  return body;
}

}  // namespace ecs

const KindEmitter kClusterEmitter = {"cluster", CreateCluster, UpdateCluster, RemoveCluster};

}  // namespace berth::aws

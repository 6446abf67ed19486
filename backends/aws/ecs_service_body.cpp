// A service as the CreateService request, in the API model's member order. UpdateService takes
// the same shapes for the members it can change (ecs_service.cpp compares two of these bodies).
#include <fmt/format.h>

#include "backends/aws/ecs_requests.h"
#include "backends/aws/ir_access.h"

namespace berth::aws::ecs {

namespace {

Json LoadBalancer(const Value& lb, const EmitContext& context) {
  Json body = JsonObject();
  CopyIfSet(body, "targetGroupArn", lb, "target_group", context);
  CopyIfSet(body, "loadBalancerName", lb, "classic_load_balancer", context);
  CopyIfSet(body, "containerName", lb, "container", context);
  CopyIfSet(body, "containerPort", lb, "port", context);
  if (const Value* advanced = Field(lb, "advanced")) {
    Json config = JsonObject();
    CopyIfSet(config, "alternateTargetGroupArn", *advanced, "alternate_target_group", context);
    CopyIfSet(config, "productionListenerRule", *advanced, "production_listener_rule", context);
    CopyIfSet(config, "testListenerRule", *advanced, "test_listener_rule", context);
    CopyIfSet(config, "roleArn", *advanced, "role", context);
    Put(body, "advancedConfiguration", std::move(config));
  }
  return body;
}

// The Cloud Map service is created by servicediscovery_service.cpp, which captures its ARN;
// an existing one is named by `registry`.
Json ServiceRegistry(const ir::Resource& service, const Value& discovery,
                     const EmitContext& context) {
  const Value* registry = Field(discovery, "registry");
  Json body = JsonObject("registryArn",
                         registry ? ToJson(*registry, context)
                                  : Json(Placeholder(service.address, "service_discovery_arn")));
  CopyIfSet(body, "port", discovery, "record_port", context);
  CopyIfSet(body, "containerName", discovery, "container", context);
  CopyIfSet(body, "containerPort", discovery, "port", context);
  return body;
}

Json Deployment(const Value& d, const EmitContext& context) {
  Json body = JsonObject();
  if (const Value* breaker = Field(d, "circuit_breaker")) {
    // berth's default (rollback) is not AWS's (off): always sent.
    Put(body, "deploymentCircuitBreaker",
        JsonObject("enable", breaker->str() != "off", "rollback", breaker->str() == "rollback"));
  }
  // AWS's defaults for REPLICA services: 200 and 100.
  CopyUnless(body, "maximumPercent", d, "max_percent", Value::Number(200), context);
  CopyUnless(body, "minimumHealthyPercent", d, "min_healthy_percent", Value::Number(100), context);
  if (const Value* alarms = Field(d, "alarms")) {
    Put(body, "alarms",
        JsonObject("alarmNames", ToJson(*Field(*alarms, "names"), context), "rollback",
                   Field(*alarms, "rollback")->as_bool(), "enable",
                   Field(*alarms, "enable")->as_bool()));
  }
  CopyIfSet(body, "strategy", d, "strategy", context);
  if (const Value* bake = Field(d, "bake_time"))
    Put(body, "bakeTimeInMinutes", WholeMinutes(*bake));
  CopyBlocks(body, "lifecycleHooks", d, "lifecycle_hooks", [&](const Value& h) {
    Json hook = JsonObject();
    CopyIfSet(hook, "targetType", h, "target_type", context);
    CopyIfSet(hook, "hookTargetArn", h, "target", context);
    CopyIfSet(hook, "roleArn", h, "role", context);
    CopyIfSet(hook, "lifecycleStages", h, "stages", context);
    CopyIfSet(hook, "hookDetails", h, "details", context);
    Json timeout = JsonObject();
    if (const Value* t = Field(h, "timeout")) Put(timeout, "timeoutInMinutes", WholeMinutes(*t));
    CopyIfSet(timeout, "action", h, "timeout_action", context);
    if (!timeout.empty()) Put(hook, "timeoutConfiguration", std::move(timeout));
    return hook;
  });
  if (const Value* linear = Field(d, "linear")) {
    Json config = JsonObject();
    CopyIfSet(config, "stepPercent", *linear, "step", context);
    if (const Value* t = Field(*linear, "step_bake_time")) {
      Put(config, "stepBakeTimeInMinutes", WholeMinutes(*t));
    }
    Put(body, "linearConfiguration", std::move(config));
  }
  if (const Value* canary = Field(d, "canary")) {
    Json config = JsonObject();
    CopyIfSet(config, "canaryPercent", *canary, "percent", context);
    if (const Value* t = Field(*canary, "bake_time")) {
      Put(config, "canaryBakeTimeInMinutes", WholeMinutes(*t));
    }
    Put(body, "canaryConfiguration", std::move(config));
  }
  return body;
}

Json NetworkConfiguration(const Value& network, const EmitContext& context) {
  Json vpc = JsonObject();
  CopyIfSet(vpc, "subnets", network, "subnets", context);
  CopyIfSet(vpc, "securityGroups", network, "security_groups", context);
  if (const Value* ip = Field(network, "assign_public_ip"); ip && ip->as_bool()) {
    Put(vpc, "assignPublicIp", EnabledDisabled(true));  // DISABLED is AWS's default
  }
  return JsonObject("awsvpcConfiguration", std::move(vpc));
}

Json ConnectEndpoint(const Value& e, const EmitContext& context) {
  Json body = JsonObject("portName", Field(e, "name")->str());
  CopyIfSet(body, "discoveryName", e, "discovery_name", context);
  CopyBlocks(body, "clientAliases", e, "client_aliases", [&](const Value& a) {
    Json alias = JsonObject();
    CopyIfSet(alias, "port", a, "port", context);
    CopyIfSet(alias, "dnsName", a, "dns_name", context);
    if (const Value* header = Field(a, "test_traffic_header")) {
      Json rule = JsonObject("name", Field(*header, "name")->str());
      if (const Value* exact = Field(*header, "exact"))
        Put(rule, "value", JsonObject("exact", exact->str()));
      Put(alias, "testTrafficRules", JsonObject("header", std::move(rule)));
    }
    return alias;
  });
  CopyIfSet(body, "ingressPortOverride", e, "ingress_port_override", context);
  Json timeout = JsonObject();
  CopyIfSet(timeout, "idleTimeoutSeconds", e, "idle_timeout", context);
  CopyIfSet(timeout, "perRequestTimeoutSeconds", e, "per_request_timeout", context);
  if (!timeout.empty()) Put(body, "timeout", std::move(timeout));
  if (const Value* tls = Field(e, "tls")) {
    Json config =
        JsonObject("issuerCertificateAuthority",
                   JsonObject("awsPcaAuthorityArn", Field(*tls, "certificate_authority")->str()));
    CopyIfSet(config, "kmsKey", *tls, "kms_key", context);
    CopyIfSet(config, "roleArn", *tls, "role", context);
    Put(body, "tls", std::move(config));
  }
  return body;
}

Json ServiceConnect(const Value& sc, const std::string& address, const EmitContext& context) {
  Json body = JsonObject("enabled", Field(sc, "enabled")->as_bool());
  CopyIfSet(body, "namespace", sc, "namespace", context);
  CopyBlocks(body, "services", sc, "endpoints",
             [&](const Value& e) { return ConnectEndpoint(e, context); });
  if (const Value* logs = Field(sc, "logs")) {
    Put(body, "logConfiguration",
        LogConfiguration(*logs, address, "service_connect.logs", context));
  }
  if (const Value* access = Field(sc, "access_log")) {
    Json config = JsonObject("format", Field(*access, "format")->str());
    if (const Value* query = Field(*access, "include_query_parameters")) {
      Put(config, "includeQueryParameters", EnabledDisabled(query->as_bool()));
    }
    Put(body, "accessLogConfiguration", std::move(config));
  }
  return body;
}

Json EbsVolume(const Value& v, const EmitContext& context) {
  Json ebs = JsonObject();
  CopyIfSet(ebs, "encrypted", v, "encrypted", context);
  CopyIfSet(ebs, "kmsKeyId", v, "kms_key", context);
  CopyIfSet(ebs, "volumeType", v, "volume_type", context);
  if (const Value* size = Field(v, "size")) Put(ebs, "sizeInGiB", Gibibytes(*size));
  CopyIfSet(ebs, "snapshotId", v, "snapshot", context);
  CopyIfSet(ebs, "volumeInitializationRate", v, "initialization_rate", context);
  CopyIfSet(ebs, "iops", v, "iops", context);
  CopyIfSet(ebs, "throughput", v, "throughput", context);
  const Value* tags = Field(v, "tags");
  const Value* propagate = Field(v, "propagate_tags");
  if (tags || propagate) {
    Json spec = JsonObject("resourceType", "volume");
    if (tags) {
      if (auto list = LowercaseTags(*tags)) Put(spec, "tags", std::move(*list));
    }
    if (propagate) Put(spec, "propagateTags", propagate->str());
    Put(ebs, "tagSpecifications", JsonArray(std::move(spec)));
  }
  CopyIfSet(ebs, "roleArn", v, "role", context);
  CopyIfSet(ebs, "filesystemType", v, "filesystem_type", context);
  return JsonObject("name", Field(v, "name")->str(), "managedEBSVolume", std::move(ebs));
}

}  // namespace

// Without launch_type or capacity providers, berth launches where the task's first `requires`
// entry says (docs/resources.md); AWS would use the cluster's default strategy, or else EC2. So
// the launch type is spelled out unless the cluster declares a default strategy of its own.
std::optional<std::string> ImplicitLaunchType(const Value& s, const EmitContext& context) {
  if (Field(s, "launch_type") || Field(s, "capacity_providers")) return std::nullopt;
  const Value* cluster_ref = Field(s, "cluster");
  if (cluster_ref && cluster_ref->is(ValueKind::kRef)) {
    const ir::Resource* cluster = context.program().Find(cluster_ref->ref().address);
    if (cluster && Field(cluster->attributes, "default_capacity_providers")) return std::nullopt;
  }
  const Value* task_ref = Field(s, "task");
  if (!task_ref || !task_ref->is(ValueKind::kRef)) return std::nullopt;
  const ir::Resource* task = context.program().Find(task_ref->ref().address);
  if (!task) return std::nullopt;
  const Value* requires_ = Field(task->attributes, "requires");
  if (!requires_ || !requires_->is(ValueKind::kList) || requires_->list().empty()) {
    return std::nullopt;
  }
  return requires_->list().front().str();
}

Json ClusterOf(const Value& service_attributes, const EmitContext& context) {
  const Value* cluster = Field(service_attributes, "cluster");
  return cluster ? ToJson(*cluster, context) : Json();
}

Json CapacityProviderStrategy(const Value& items) {
  Json list = JsonArray();
  for (const Value& item : items.list()) {
    // berth's default weight (1) is not AWS's (0): always sent. base 0 is AWS's default.
    Json entry = JsonObject("capacityProvider", Field(item, "name")->str(), "weight",
                            Integer(*Field(item, "weight")));
    if (const Value* base = Field(item, "base"); base && Integer(*base) != 0) {
      Put(entry, "base", Integer(*base));
    }
    list.push_back(std::move(entry));
  }
  return list;
}

Json CreateServiceBody(const ir::Resource& service, const EmitContext& context) {
  const Value& s = service.attributes;
  Json body = JsonObject();
  Put(body, "cluster", ClusterOf(s, context));
  CopyIfSet(body, "serviceName", s, "name", context);
  CopyIfSet(body, "taskDefinition", s, "task", context);
  CopyIfSet(body, "availabilityZoneRebalancing", s, "availability_zone_rebalancing", context);
  CopyBlocks(body, "loadBalancers", s, "load_balancers",
             [&](const Value& lb) { return LoadBalancer(lb, context); });
  if (const Value* discovery = Field(s, "service_discovery")) {
    Put(body, "serviceRegistries", JsonArray(ServiceRegistry(service, *discovery, context)));
  }
  const Value* strategy = Field(s, "scheduling_strategy");
  bool daemon = strategy && strategy->str() == "DAEMON";
  if (!daemon) CopyIfSet(body, "desiredCount", s, "desired_count", context);
  if (const Value* launch = Field(s, "launch_type")) {
    Put(body, "launchType", launch->str());
  } else if (auto implicit = ImplicitLaunchType(s, context)) {
    Put(body, "launchType", std::move(*implicit));
  }
  if (const Value* providers = Field(s, "capacity_providers")) {
    Put(body, "capacityProviderStrategy", CapacityProviderStrategy(*providers));
  }
  CopyIfSet(body, "platformVersion", s, "platform_version", context);
  CopyIfSet(body, "role", s, "role", context);
  if (const Value* deployment = Field(s, "deployment")) {
    Put(body, "deploymentConfiguration", Deployment(*deployment, context));
  }
  CopyBlocks(body, "placementConstraints", s, "placement_constraints", [&](const Value& p) {
    Json constraint = JsonObject();
    CopyIfSet(constraint, "type", p, "type", context);
    CopyIfSet(constraint, "expression", p, "expression", context);
    return constraint;
  });
  CopyBlocks(body, "placementStrategy", s, "placement_strategies", [&](const Value& p) {
    Json item = JsonObject();
    CopyIfSet(item, "type", p, "type", context);
    CopyIfSet(item, "field", p, "field", context);
    return item;
  });
  if (const Value* network = Field(s, "network")) {
    Put(body, "networkConfiguration", NetworkConfiguration(*network, context));
  }
  CopyIfSet(body, "healthCheckGracePeriodSeconds", s, "health_check_grace", context);
  CopyUnless(body, "schedulingStrategy", s, "scheduling_strategy", Value::String("REPLICA"),
             context);
  if (const Value* controller = Field(s, "deployment_controller")) {
    Put(body, "deploymentController", JsonObject("type", controller->str()));
  }
  if (const Value* tags = Field(s, "tags")) {
    if (auto list = LowercaseTags(*tags)) Put(body, "tags", std::move(*list));
  }
  CopyIfSet(body, "enableECSManagedTags", s, "enable_ecs_managed_tags", context);
  CopyUnless(body, "propagateTags", s, "propagate_tags", Value::String("NONE"), context);
  CopyUnless(body, "enableExecuteCommand", s, "enable_execute_command", kFalse, context);
  if (const Value* sc = Field(s, "service_connect")) {
    Put(body, "serviceConnectConfiguration", ServiceConnect(*sc, service.address, context));
  }
  CopyBlocks(body, "volumeConfigurations", s, "ebs_volumes",
             [&](const Value& v) { return EbsVolume(v, context); });
  CopyBlocks(body, "vpcLatticeConfigurations", s, "vpc_lattice", [&](const Value& v) {
    Json config = JsonObject();
    CopyIfSet(config, "roleArn", v, "role", context);
    CopyIfSet(config, "targetGroupArn", v, "target_group", context);
    CopyIfSet(config, "portName", v, "port_name", context);
    return config;
  });
  return body;
}

}  // namespace berth::aws::ecs

// Cloud Map namespaces, instances and discovery (awsJson1_1): Create{Http,PrivateDns,PublicDns}
// Namespace, Get/List/DeleteNamespace(s), GetOperation, Register/DeregisterInstance,
// Get/ListInstance(s), GetInstancesHealthStatus, UpdateInstanceCustomHealthStatus and
// DiscoverInstances. ECS services' tasks are registered by the reconciler
// (controlplane/discovery/instances.h); operations finish at once (Status SUCCESS).
#include "controlplane/api/servicediscovery_instances.h"

#include "controlplane/discovery/instances.h"

namespace berth::controlplane::api {

namespace servicediscovery_instances_impl {
namespace {

using discovery::kInstance;
using discovery::kNamespace;
using discovery::kOperation;

// Records a finished operation; its id.
std::string Operation(Context& context, const std::string& type, const json& targets) {
  std::string id = RandomHex(32);
  double now = model::Now();
  json operation = {{"Id", id},          {"Type", type},      {"Status", "SUCCESS"},
                    {"CreateDate", now}, {"UpdateDate", now}, {"Targets", targets}};
  context.tx.Put(kOperation, id, "", operation);
  return id;
}

json RequireNamespace(Context& context, const std::string& id) {
  auto ns = context.tx.Get(kNamespace, id);
  if (!ns) throw ApiError("NamespaceNotFound", "Namespace not found: " + id);
  return *ns;
}

json RequireService(Context& context, const json& input) {
  std::string id = RequireString(input, "ServiceId", "InvalidInput");
  auto service = context.tx.Get(store::kDiscoveryService, id);
  if (!service) throw ApiError("ServiceNotFound", "Service not found: " + id);
  return *service;
}

json CreateNamespace(Context& context, const json& input, const std::string& type) {
  std::string name = RequireString(input, "Name", "InvalidInput");
  for (const json& ns : context.tx.List(kNamespace)) {
    if (ns["Name"] == name) {
      throw ApiError("NamespaceAlreadyExists", "Namespace already exists: " + name);
    }
  }
  std::string id = "ns-" + RandomHex(16);
  json properties = {{"HttpProperties", {{"HttpName", name}}}};
  if (type != "HTTP") {
    properties["DnsProperties"] = {{"HostedZoneId", "Z" + RandomHex(20)}, {"SOA", {{"TTL", 15}}}};
  }
  json ns = {{"Id", id},
             {"Arn", ServiceArn(context, "servicediscovery", "namespace/" + id)},
             {"Name", name},
             {"Type", type},
             {"Properties", properties},
             {"CreateDate", model::Now()},
             {"CreatorRequestId", input.value("CreatorRequestId", RandomHex(32))},
             {"x-berth", {{"tags", input.value("Tags", json::array())}}}};
  if (input.contains("Description")) ns["Description"] = input["Description"];
  context.tx.Put(kNamespace, id, "", ns);
  return {{"OperationId", Operation(context, "CREATE_NAMESPACE", {{"NAMESPACE", id}})}};
}

json CreateHttpNamespace(Context& context, const json& input) {
  return CreateNamespace(context, input, "HTTP");
}
json CreatePrivateDnsNamespace(Context& context, const json& input) {
  return CreateNamespace(context, input, "DNS_PRIVATE");
}
json CreatePublicDnsNamespace(Context& context, const json& input) {
  return CreateNamespace(context, input, "DNS_PUBLIC");
}

json NamespaceOut(Context& context, json ns) {
  int count = 0;
  for (const json& service : context.tx.List(store::kDiscoveryService)) {
    if (service.value("NamespaceId", "") == ns["Id"]) ++count;
  }
  ns["ServiceCount"] = count;
  return model::Public(ns);
}

json GetNamespace(Context& context, const json& input) {
  return {{"Namespace",
           NamespaceOut(context,
                        RequireNamespace(context, RequireString(input, "Id", "InvalidInput")))}};
}

json ListNamespaces(Context& context, const json&) {
  json out = json::array();
  for (const json& ns : context.tx.List(kNamespace)) {
    json summary = NamespaceOut(context, ns);
    summary.erase("CreatorRequestId");
    out.push_back(summary);
  }
  return {{"Namespaces", out}};
}

json DeleteNamespace(Context& context, const json& input) {
  json ns = RequireNamespace(context, RequireString(input, "Id", "InvalidInput"));
  for (const json& service : context.tx.List(store::kDiscoveryService)) {
    if (service.value("NamespaceId", "") == ns["Id"]) {
      throw ApiError("ResourceInUse",
                     "Namespace has associated services: " + ns["Id"].get<std::string>());
    }
  }
  context.tx.Delete(kNamespace, ns["Id"]);
  return {{"OperationId", Operation(context, "DELETE_NAMESPACE", {{"NAMESPACE", ns["Id"]}})}};
}

json GetOperation(Context& context, const json& input) {
  std::string id = RequireString(input, "OperationId", "InvalidInput");
  auto operation = context.tx.Get(kOperation, id);
  if (!operation) throw ApiError("OperationNotFound", "Operation not found: " + id);
  return {{"Operation", *operation}};
}

json RegisterInstance(Context& context, const json& input) {
  json service = RequireService(context, input);
  std::string service_id = service["Id"];
  std::string id = RequireString(input, "InstanceId", "InvalidInput");
  json attributes = input.value("Attributes", json::object());
  if (!attributes.is_object() || attributes.empty()) {
    throw ApiError("InvalidInput", "Attributes are required");
  }
  json instance = {{"Id", id},
                   {"Attributes", attributes},
                   {"CreatorRequestId", input.value("CreatorRequestId", RandomHex(32))},
                   {"x-berth", {{"service", service_id}, {"health", "HEALTHY"}}}};
  context.tx.Put(kInstance, discovery::InstanceKey(service_id, id), service_id, instance);
  service["InstanceCount"] = static_cast<int>(context.tx.List(kInstance, &service_id).size());
  context.tx.Put(store::kDiscoveryService, service_id, "", service);
  return {{"OperationId",
           Operation(context, "REGISTER_INSTANCE", {{"INSTANCE", id}, {"SERVICE", service_id}})}};
}

json RequireInstance(Context& context, const json& service, const json& input) {
  std::string id = RequireString(input, "InstanceId", "InvalidInput");
  auto instance =
      context.tx.Get(kInstance, discovery::InstanceKey(service["Id"].get<std::string>(), id));
  if (!instance) throw ApiError("InstanceNotFound", "Instance not found: " + id);
  return *instance;
}

json DeregisterInstance(Context& context, const json& input) {
  json service = RequireService(context, input);
  std::string service_id = service["Id"];
  json instance = RequireInstance(context, service, input);
  context.tx.Delete(kInstance, discovery::InstanceKey(service_id, instance["Id"]));
  service["InstanceCount"] = static_cast<int>(context.tx.List(kInstance, &service_id).size());
  context.tx.Put(store::kDiscoveryService, service_id, "", service);
  return {{"OperationId", Operation(context, "DEREGISTER_INSTANCE",
                                    {{"INSTANCE", instance["Id"]}, {"SERVICE", service_id}})}};
}

json GetInstance(Context& context, const json& input) {
  json service = RequireService(context, input);
  return {{"Instance", model::Public(RequireInstance(context, service, input))}};
}

json ListInstances(Context& context, const json& input) {
  json service = RequireService(context, input);
  std::string service_id = service["Id"];
  json out = json::array();
  for (const json& instance : context.tx.List(kInstance, &service_id)) {
    out.push_back({{"Id", instance["Id"]}, {"Attributes", instance["Attributes"]}});
  }
  return {{"Instances", out}};
}

json GetInstancesHealthStatus(Context& context, const json& input) {
  json service = RequireService(context, input);
  std::string service_id = service["Id"];
  json wanted = input.value("Instances", json::array());
  json status = json::object();
  for (const json& instance : context.tx.List(kInstance, &service_id)) {
    std::string id = instance["Id"];
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), id) == wanted.end()) continue;
    status[id] = discovery::HealthOf(instance);
  }
  return {{"Status", status}};
}

json UpdateInstanceCustomHealthStatus(Context& context, const json& input) {
  json service = RequireService(context, input);
  if (!service.contains("HealthCheckCustomConfig")) {
    throw ApiError("CustomHealthNotFound",
                   "Service has no HealthCheckCustomConfig: " + service["Id"].get<std::string>());
  }
  json instance = RequireInstance(context, service, input);
  std::string status = RequireString(input, "Status", "InvalidInput");
  if (status != "HEALTHY" && status != "UNHEALTHY") {
    throw ApiError("InvalidInput", "Status must be HEALTHY or UNHEALTHY");
  }
  instance["x-berth"]["health"] = status;
  std::string service_id = service["Id"];
  context.tx.Put(kInstance, discovery::InstanceKey(service_id, instance["Id"]), service_id,
                 instance);
  return json::object();
}

json DiscoverInstances(Context& context, const json& input) {
  std::string ns_name = RequireString(input, "NamespaceName", "InvalidInput");
  std::string name = RequireString(input, "ServiceName", "InvalidInput");
  std::string wanted = input.value("HealthStatus", "HEALTHY");
  if (wanted != "HEALTHY" && wanted != "UNHEALTHY" && wanted != "ALL" &&
      wanted != "HEALTHY_OR_ELSE_ALL") {
    throw ApiError("InvalidInput",
                   "HealthStatus must be one of HEALTHY, UNHEALTHY, ALL, "
                   "HEALTHY_OR_ELSE_ALL");
  }
  std::optional<json> ns;
  for (const json& candidate : context.tx.List(kNamespace)) {
    std::string http = candidate["Properties"]["HttpProperties"].value("HttpName", "");
    if (candidate["Name"] == ns_name || http == ns_name) ns = candidate;
  }
  if (!ns) throw ApiError("NamespaceNotFound", "Namespace not found: " + ns_name);
  std::optional<json> service;
  for (const json& candidate : context.tx.List(store::kDiscoveryService)) {
    if (candidate.value("NamespaceId", "") == (*ns)["Id"] && candidate["Name"] == name) {
      service = candidate;
    }
  }
  if (!service) throw ApiError("ServiceNotFound", "Service not found: " + name);
  std::string service_id = (*service)["Id"];
  json query = input.value("QueryParameters", json::object());
  json optional = input.value("OptionalParameters", json::object());
  size_t most = static_cast<size_t>(input.value("MaxResults", 100));
  auto select = [&](const std::string& health_wanted, bool with_optional) {
    json out = json::array();
    for (const json& instance : context.tx.List(kInstance, &service_id)) {
      std::string health = discovery::HealthOf(instance);
      if (health_wanted != "ALL" && health != health_wanted) continue;
      const json& attributes = instance["Attributes"];
      bool matches = true;
      for (const auto& [key, value] : query.items()) {
        matches = matches && attributes.value(key, "") == value.get<std::string>();
      }
      for (const auto& [key, value] : optional.items()) {
        if (with_optional)
          matches = matches && attributes.value(key, "") == value.get<std::string>();
      }
      if (!matches || out.size() >= most) continue;
      out.push_back({{"InstanceId", instance["Id"]},
                     {"NamespaceName", ns_name},
                     {"ServiceName", name},
                     {"HealthStatus", health},
                     {"Attributes", attributes}});
    }
    return out;
  };
  auto pick = [&](bool with_optional) {
    if (wanted != "HEALTHY_OR_ELSE_ALL") return select(wanted, with_optional);
    json healthy = select("HEALTHY", with_optional);
    return healthy.empty() ? select("ALL", with_optional) : healthy;
  };
  // OptionalParameters narrow the answer only when something still matches.
  json instances = pick(true);
  if (instances.empty() && !optional.empty()) instances = pick(false);
  return {{"Instances", instances},
          {"InstancesRevision", static_cast<long long>(model::Now() * 1000)}};
}

}  // namespace
}  // namespace servicediscovery_instances_impl

void AddDiscoveryInstanceOperations(OperationTable& table) {
  namespace impl = servicediscovery_instances_impl;
  table.emplace("CreateHttpNamespace", &impl::CreateHttpNamespace);
  table.emplace("CreatePrivateDnsNamespace", &impl::CreatePrivateDnsNamespace);
  table.emplace("CreatePublicDnsNamespace", &impl::CreatePublicDnsNamespace);
  table.emplace("GetNamespace", &impl::GetNamespace);
  table.emplace("ListNamespaces", &impl::ListNamespaces);
  table.emplace("DeleteNamespace", &impl::DeleteNamespace);
  table.emplace("GetOperation", &impl::GetOperation);
  table.emplace("RegisterInstance", &impl::RegisterInstance);
  table.emplace("DeregisterInstance", &impl::DeregisterInstance);
  table.emplace("GetInstance", &impl::GetInstance);
  table.emplace("ListInstances", &impl::ListInstances);
  table.emplace("GetInstancesHealthStatus", &impl::GetInstancesHealthStatus);
  table.emplace("UpdateInstanceCustomHealthStatus", &impl::UpdateInstanceCustomHealthStatus);
  table.emplace("DiscoverInstances", &impl::DiscoverInstances);
}

}  // namespace berth::controlplane::api

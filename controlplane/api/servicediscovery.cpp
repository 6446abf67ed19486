// Cloud Map (awsJson1_1): services. A service keeps the NamespaceId it was created with, known
// to berth serve or not; namespaces, instances and discovery are servicediscovery_instances.cpp's.
#include "controlplane/api/api.h"
#include "controlplane/api/servicediscovery_instances.h"
#include "controlplane/discovery/instances.h"

namespace berth::controlplane::api {

// Named (and anonymous within): the build compiles several files as one unit.
namespace servicediscovery_impl {
namespace {

json RequireService(Context& context, const std::string& id) {
  auto service = context.tx.Get(store::kDiscoveryService, id);
  if (!service) throw ApiError("ServiceNotFound", "Service not found: " + id);
  return *service;
}

void Save(Context& context, const json& service) {
  context.tx.Put(store::kDiscoveryService, service["Id"], "", service);
}

json CreateService(Context& context, const json& input) {
  std::string name = RequireString(input, "Name", "InvalidInput");
  std::string ns = input.value("NamespaceId", "");
  for (const json& service : context.tx.List(store::kDiscoveryService)) {
    if (service["Name"] == name && service.value("NamespaceId", "") == ns) {
      throw ApiError("ServiceAlreadyExists", "Service already exists: " + name);
    }
  }
  std::string id = "srv-" + RandomHex(16);
  json service = {{"Id", id},
                  {"Arn", ServiceArn(context, "servicediscovery", "service/" + id)},
                  {"Name", name},
                  {"InstanceCount", 0},
                  {"CreateDate", model::Now()},
                  {"CreatorRequestId", input.value("CreatorRequestId", RandomHex(32))},
                  {"x-berth", {{"tags", input.value("Tags", json::array())}}}};
  for (const char* member : {"NamespaceId", "Description", "DnsConfig", "HealthCheckConfig",
                             "HealthCheckCustomConfig", "Type"}) {
    if (input.contains(member)) service[member] = input[member];
  }
  if (service.contains("DnsConfig") && ns.size() && !service["DnsConfig"].contains("NamespaceId"))
    service["DnsConfig"]["NamespaceId"] = ns;
  if (service.contains("DnsConfig") && !service["DnsConfig"].contains("RoutingPolicy"))
    service["DnsConfig"]["RoutingPolicy"] = "MULTIVALUE";
  Save(context, service);
  return {{"Service", model::Public(service)}};
}

json GetService(Context& context, const json& input) {
  return {{"Service",
           model::Public(RequireService(context, RequireString(input, "Id", "InvalidInput")))}};
}

json ListServices(Context& context, const json&) {
  json services = json::array();
  for (const json& service : context.tx.List(store::kDiscoveryService)) {
    json summary = model::Public(service);
    summary.erase("NamespaceId");
    summary.erase("CreatorRequestId");
    services.push_back(summary);
  }
  return {{"Services", services}};
}

json UpdateService(Context& context, const json& input) {
  json service = RequireService(context, RequireString(input, "Id", "InvalidInput"));
  json change = input.value("Service", json::object());
  if (change.contains("Description")) service["Description"] = change["Description"];
  if (change.contains("DnsConfig") && service.contains("DnsConfig"))
    service["DnsConfig"]["DnsRecords"] = change["DnsConfig"].value("DnsRecords", json::array());
  if (change.contains("HealthCheckConfig"))
    service["HealthCheckConfig"] = change["HealthCheckConfig"];
  Save(context, service);
  return {{"OperationId", RandomHex(32)}};
}

json DeleteService(Context& context, const json& input) {
  json service = RequireService(context, RequireString(input, "Id", "InvalidInput"));
  std::string id = service["Id"];
  // AWS refuses while instances are registered (ResourceInUse); berth drops them with the
  // service, so a destroy that deletes the ECS service first never waits on its tasks' stop.
  for (const json& instance : context.tx.List(discovery::kInstance, &id)) {
    context.tx.Delete(discovery::kInstance, discovery::InstanceKey(id, instance["Id"]));
  }
  context.tx.Delete(store::kDiscoveryService, service["Id"]);
  return json::object();
}

json RequireServiceByArn(Context& context, const json& input) {
  std::string arn = RequireString(input, "ResourceARN", "InvalidInput");
  size_t at = arn.find(":service/");
  if (at == std::string::npos)
    throw ApiError("ResourceNotFoundException", "Resource not found: " + arn);
  auto service = context.tx.Get(store::kDiscoveryService, arn.substr(at + 9));
  if (!service) throw ApiError("ResourceNotFoundException", "Resource not found: " + arn);
  return *service;
}

json TagResource(Context& context, const json& input) {
  json service = RequireServiceByArn(context, input);
  service["x-berth"]["tags"] =
      MergeTags(service["x-berth"]["tags"], input.value("Tags", json::array()));
  Save(context, service);
  return json::object();
}

json UntagResource(Context& context, const json& input) {
  json service = RequireServiceByArn(context, input);
  service["x-berth"]["tags"] =
      RemoveTags(service["x-berth"]["tags"], input.value("TagKeys", json::array()));
  Save(context, service);
  return json::object();
}

json ListTagsForResource(Context& context, const json& input) {
  return {{"Tags", RequireServiceByArn(context, input)["x-berth"]["tags"]}};
}

}  // namespace
}  // namespace servicediscovery_impl

const OperationTable& ServiceDiscoveryOperations() {
  namespace impl = servicediscovery_impl;
  static const OperationTable table = [] {
    OperationTable table = {
        {"CreateService", &impl::CreateService},
        {"GetService", &impl::GetService},
        {"ListServices", &impl::ListServices},
        {"UpdateService", &impl::UpdateService},
        {"DeleteService", &impl::DeleteService},
        {"TagResource", &impl::TagResource},
        {"UntagResource", &impl::UntagResource},
        {"ListTagsForResource", &impl::ListTagsForResource},
    };
    AddDiscoveryInstanceOperations(table);
    return table;
  }();
  return table;
}

}  // namespace berth::controlplane::api

// A service's `service_discovery` block -> AWS Cloud Map create-service in the namespace, with
// one DNS record of the declared type and TTL. It runs before ECS create-service, which names
// it in serviceRegistries through `{{berth:service.X.service_discovery_arn}}`. Updates change
// the TTL (update-service) and tags; removes delete-service; a dropped block is deleted after
// the ECS update that detaches it (update_last). Services without the block emit
// nothing here.
#include <fmt/format.h>

#include "backends/aws/elbv2_common.h"
#include "backends/aws/emitters.h"
#include "backends/aws/ir_access.h"

namespace berth::aws {

namespace {

// The service_discovery block of `attributes` when berth makes its Cloud Map service; nullptr
// without one, or when it names an existing one (`registry`), which berth never touches.
const Value* Managed(const Value& attributes) {
  const Value* discovery = Field(attributes, "service_discovery");
  return discovery && !Field(*discovery, "registry") ? discovery : nullptr;
}

std::string DiscoveryName(const Value& service, const Value& discovery) {
  std::string name = StringField(discovery, "name");
  return name.empty() ? StringField(service, "name") : name;
}

Json DnsRecords(const Value& discovery) {
  return {{{"Type", StringField(discovery, "dns_type")},
           {"TTL", WholeSeconds(*Field(discovery, "ttl"))}}};
}

std::vector<AwsCall> CreateFrom(const ir::Resource& service, const Value& discovery) {
  const std::string prefix = service.address + ".";
  Json body = {{"Name", DiscoveryName(service.attributes, discovery)},
               {"NamespaceId", StringField(discovery, "namespace")},
               {"DnsConfig", {{"DnsRecords", DnsRecords(discovery)}}},
               // ECS reports task health to Cloud Map only through a custom health check, and
               // it cannot be added to a Cloud Map service later: without it a task that fails
               // its health check would stay in DNS. (FailureThreshold is fixed at 1 by AWS.)
               {"HealthCheckCustomConfig", {{"FailureThreshold", 1}}}};
  if (const Value* tags = Field(service.attributes, "tags")) {
    if (std::optional<Json> list = CapitalizedTags(*tags)) body["Tags"] = *list;
  }
  return {{.service = "servicediscovery",
           .operation = "create-service",
           .address = service.address,
           .body = std::move(body),
           .captures = {{prefix + "service_discovery_arn", "Service.Arn"},
                        {prefix + "service_discovery_id", "Service.Id"}}}};
}

// list-services in the namespace: the Cloud Map service's id and ARN, found by name.
AwsCall Lookup(const ir::Resource& service, const Value& attributes, const Value& discovery) {
  std::string name = DiscoveryName(attributes, discovery);
  const std::string prefix = service.address + ".";
  return {.service = "servicediscovery",
          .operation = "list-services",
          .address = service.address,
          .body = {{"Filters",
                    {{{"Name", "NAMESPACE_ID"},
                      {"Values", {StringField(discovery, "namespace")}},
                      {"Condition", "EQ"}}}}},
          .captures = {{prefix + "service_discovery_id",
                        fmt::format("Services[?Name=='{}'].Id | [0]", name)},
                       {prefix + "service_discovery_arn",
                        fmt::format("Services[?Name=='{}'].Arn | [0]", name)}}};
}

AwsCall Delete(const ir::Resource& service) {
  return {.service = "servicediscovery",
          .operation = "delete-service",
          .address = service.address,
          .body = {{"Id", Placeholder(service.address, "service_discovery_id")}}};
}

std::vector<AwsCall> Create(const ir::Resource& service, const EmitContext& context) {
  const Value* discovery = Managed(service.attributes);
  if (discovery == nullptr) return {};
  return CreateFrom(service, *discovery);
}

std::vector<AwsCall> Update(const ir::Resource& service, const Value& before,
                            const EmitContext& context) {
  const Value* old_discovery = Managed(before);
  const Value* discovery = Managed(service.attributes);
  if (old_discovery == nullptr) return Create(service, context);
  if (discovery == nullptr) return {};  // deleted by DeleteDropped, once ECS let go of it
  // Another name, namespace or record type is another Cloud Map service: the ECS service moves
  // to the new one (its update follows); the old one is left for the operator to delete once
  // ECS has drained it (docs/aws.md).
  if (DiscoveryName(before, *old_discovery) != DiscoveryName(service.attributes, *discovery) ||
      Changed(*old_discovery, *discovery, "namespace") ||
      Changed(*old_discovery, *discovery, "dns_type")) {
    return CreateFrom(service, *discovery);
  }
  std::vector<AwsCall> changes;
  if (Changed(*old_discovery, *discovery, "ttl")) {
    changes.push_back(
        {.service = "servicediscovery",
         .operation = "update-service",
         .address = service.address,
         .body = {{"Id", Placeholder(service.address, "service_discovery_id")},
                  {"Service", {{"DnsConfig", {{"DnsRecords", DnsRecords(*discovery)}}}}}}});
  }
  TagDiff tags = DiffTags(Field(before, "tags"), Field(service.attributes, "tags"));
  std::string arn = Placeholder(service.address, "service_discovery_arn");
  if (!tags.removed.empty()) {
    changes.push_back({.service = "servicediscovery",
                       .operation = "untag-resource",
                       .address = service.address,
                       .body = {{"ResourceARN", arn}, {"TagKeys", tags.removed}}});
  }
  if (std::optional<Json> set = CapitalizedTags(tags.set)) {
    changes.push_back({.service = "servicediscovery",
                       .operation = "tag-resource",
                       .address = service.address,
                       .body = {{"ResourceARN", arn}, {"Tags", *set}}});
  }
  if (changes.empty()) return {};
  std::vector<AwsCall> calls = {Lookup(service, service.attributes, *discovery)};
  for (AwsCall& call : changes) calls.push_back(std::move(call));
  return calls;
}

std::vector<AwsCall> Remove(const ir::Resource& before, const EmitContext& context) {
  const Value* discovery = Managed(before.attributes);
  if (discovery == nullptr) return {};
  return {Lookup(before, before.attributes, *discovery), Delete(before)};
}

// The Cloud Map service of a dropped `service_discovery` block: deleted after the ECS
// update-service that empties serviceRegistries (update_last), never before it.
std::vector<AwsCall> DeleteDropped(const ir::Resource& service, const Value& before,
                                   const EmitContext& context) {
  const Value* old_discovery = Managed(before);
  if (old_discovery == nullptr || Managed(service.attributes) != nullptr) return {};
  return {Lookup(service, before, *old_discovery), Delete(service)};
}

}  // namespace

const KindEmitter kServiceDiscoveryEmitter = {.kind = "service",
                                              .create = Create,
                                              .update = Update,
                                              .remove = Remove,
                                              .update_last = DeleteDropped};

}  // namespace berth::aws

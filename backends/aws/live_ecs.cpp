// The ECS part of a live snapshot: task definitions and services, decoded by the import decoders
// (ecs_decode.h, shared with `berth import`), and each service's autoscaling from Application
// Auto Scaling's outputs.
#include <map>

#include "backends/aws/ecs_decode.h"
#include "backends/aws/live_backend.h"

namespace berth::aws::live {

namespace {

// "arn:aws:ecs:REGION:ACCOUNT:cluster/NAME" -> "NAME"; a plain name as it is.
std::string LastSegment(const std::string& arn) {
  size_t slash = arn.rfind('/');
  return slash == std::string::npos ? arn : arn.substr(slash + 1);
}

Value Decoded(const DecodeResult& result, const Node& node) {
  if (const DecodeError* e = std::get_if<DecodeError>(&result)) {
    // The decoders' paths start at "$" of the object they were given.
    std::string path = e->path.starts_with("$") ? e->path.substr(1) : e->path;
    if (path.starts_with(".")) path = path.substr(1);
    Node(&node.json(), node.file(),
         node.path().empty() ? path : (path.empty() ? node.path() : node.path() + "." + path))
        .Fail(e->message);
  }
  return std::get<DecodedResource>(result).attributes;
}

}  // namespace

std::vector<LiveObject> DecodeEcs(
    const Snapshot& s,
    const std::function<std::optional<std::string>(std::string_view, std::string_view)>& resolve) {
  DecodeOptions options;
  options.resolve = [&](const ReferenceRequest& request) {
    return resolve(request.kind, request.value);
  };
  std::vector<LiveObject> out;
  // Task definitions: the newest ACTIVE revision of each family.
  std::map<std::string, std::pair<long long, const Node*>> newest;
  for (const Node& doc : s.task_definitions) {
    Node definition = doc.At("taskDefinition");
    if (definition.OptStr("status").value_or("ACTIVE") != "ACTIVE") continue;
    std::string family = definition.Str("family");
    long long revision = definition.OptInt("revision").value_or(0);
    auto it = newest.find(family);
    if (it == newest.end() || it->second.first < revision) newest[family] = {revision, &doc};
  }
  for (const auto& [family, entry] : newest) {
    const Node& doc = *entry.second;
    Node definition = doc.At("taskDefinition");
    LiveObject object{"task",
                      family,
                      Decoded(DecodeTaskDefinition(doc.json(), options), doc),
                      {},
                      Origin(definition)};
    if (auto arn = definition.OptStr("taskDefinitionArn")) object.handles.push_back({*arn, ""});
    object.handles.push_back({family + ":" + std::to_string(entry.first), ""});
    // The ARN without a revision (the latest one), as schedules' targets name it.
    if (auto arn = definition.OptStr("taskDefinitionArn");
        arn && arn->rfind(':') != std::string::npos)
      object.handles.push_back({arn->substr(0, arn->rfind(':')), ""});
    out.push_back(std::move(object));
  }
  for (const Node& service : s.services) {
    if (service.OptStr("status").value_or("ACTIVE") == "INACTIVE") continue;  // deleted
    std::string name = service.Str("serviceName");
    Value attributes = Decoded(DecodeService(service.json(), options), service);
    std::string cluster = LastSegment(service.OptStr("clusterArn").value_or(""));
    DecodeServiceDiscovery(s, service, attributes);
    Value autoscaling = DecodeAutoscaling(s, cluster, name);
    if (!autoscaling.is_null()) attributes.Set("autoscaling", std::move(autoscaling));
    LiveObject object{"service", name, std::move(attributes), {}, Origin(service)};
    if (auto arn = service.OptStr("serviceArn")) object.handles.push_back({*arn, ""});
    out.push_back(std::move(object));
  }
  return out;
}

}  // namespace berth::aws::live

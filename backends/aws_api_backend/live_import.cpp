#include "backends/aws_api_backend/live_import.h"

#include <algorithm>

#include "backends/aws/ecs_import.h"
#include "backends/aws/live_backend.h"
#include "backends/aws_api_backend/live_reader.h"

namespace berth::aws_api_backend {

namespace {

using aws_api::Json;

std::string Quote(const std::string& s) { return Value::String(s).ToSource(/*reveal=*/true); }

std::string LastSegment(const std::string& arn) {
  size_t slash = arn.rfind('/');
  return slash == std::string::npos ? arn : arn.substr(slash + 1);
}

ir::Resource Declared(const std::string& kind, const std::string& name, Value attributes) {
  ir::Resource resource;
  resource.kind = kind;
  resource.name = aws::LabelFromName(name);
  resource.address = kind + "." + resource.name;
  resource.attributes = std::move(attributes);
  return resource;
}

// Kinds in the order the source declares them: what is referenced before what references it.
int KindOrder(const std::string& kind) {
  if (kind == "load_balancer") return 0;
  if (kind == "target_group") return 1;
  if (kind == "task") return 2;
  return 3;
}

double PortOf(const Value& listener) {
  const Value* port = listener.Get("port");
  return port && port->is_numeric() ? port->number() : 0;
}

}  // namespace

bool ImportFromLive(const aws_api::Client& client, const LiveImportOptions& options,
                    LiveImport& out, std::string& error) {
  const std::string where =
      "service " + options.service + " not found in cluster " + options.cluster;
  aws_api::CallResult described = client.Call("ecs", "describe-services",
                                              {{"cluster", options.cluster},
                                               {"services", Json::array({options.service})},
                                               {"include", Json::array({"TAGS"})}});
  if (!described.ok()) {
    error = described.error().code == "ClusterNotFoundException"
                ? "cluster " + options.cluster + " not found (" + where + ")"
                : "reading the service: " + described.error().ToString();
    return false;
  }
  std::optional<Json> service;
  for (const Json& candidate : described.json().value("services", Json::array())) {
    if (candidate.value("status", "") != "INACTIVE") service = candidate;
  }
  if (!service) {
    error = where;
    return false;
  }
  std::string service_name = service->value("serviceName", LastSegment(options.service));
  std::string cluster_arn = service->value("clusterArn", options.cluster);
  std::string cluster_name = LastSegment(cluster_arn);

  // The names the live reader reads by: the task family, the target groups', whether the
  // service scales. The cluster is not imported: the source names it by ARN, an existing
  // resource berth never creates or deletes (docs/language.md, "Existing resources").
  std::vector<ir::Resource> declared;
  std::string task_definition = service->value("taskDefinition", "");
  if (!task_definition.empty()) {
    aws_api::CallResult task =
        client.Call("ecs", "describe-task-definition", {{"taskDefinition", task_definition}});
    if (!task.ok()) {
      error = "reading the task definition " + task_definition + ": " + task.error().ToString();
      return false;
    }
    Json definition = task.json().value("taskDefinition", Json::object());
    std::string family = definition.value("family", "");
    declared.push_back(Declared("task", family, Value::Map({{"family", Value::String(family)}})));
    // The task block is the family's newest ACTIVE revision, as a plan reads it; a service still
    // on an older one keeps that revision's ARN, and the user should know.
    aws_api::CallResult newest =
        client.Call("ecs", "describe-task-definition", {{"taskDefinition", family}});
    long revision = definition.value("revision", 0L);
    long latest = newest.ok()
                      ? newest.json().value("taskDefinition", Json::object()).value("revision", 0L)
                      : revision;
    if (latest != revision)
      out.notes.push_back("service " + service_name + " runs " + family + ":" +
                          std::to_string(revision) + ", not " + family + ":" +
                          std::to_string(latest) +
                          " (the newest): it stays pinned to that ARN, "
                          "and task." +
                          aws::LabelFromName(family) + " is the newest revision");
  }
  Json target_group_arns = Json::array();
  for (const Json& lb : service->value("loadBalancers", Json::array())) {
    std::string arn = lb.value("targetGroupArn", "");
    if (!arn.empty() && std::find(target_group_arns.begin(), target_group_arns.end(), arn) ==
                            target_group_arns.end())
      target_group_arns.push_back(arn);
  }
  if (!target_group_arns.empty()) {
    aws_api::CallResult groups =
        client.Call("elbv2", "describe-target-groups", {{"TargetGroupArns", target_group_arns}});
    if (!groups.ok()) {
      error = "reading the service's target groups: " + groups.error().ToString();
      return false;
    }
    std::vector<std::string> load_balancer_arns;
    for (const Json& group : groups.json().value("TargetGroups", Json::array())) {
      // A target group no load balancer forwards to cannot be declared (berth's checks refuse a
      // service registering in one): it stays its ARN, an existing resource.
      Json attached = group.value("LoadBalancerArns", Json::array());
      if (attached.empty()) continue;
      std::string name = group.value("TargetGroupName", "");
      declared.push_back(
          Declared("target_group", name, Value::Map({{"name", Value::String(name)}})));
      for (const Json& arn : attached) {
        if (std::find(load_balancer_arns.begin(), load_balancer_arns.end(), arn) ==
            load_balancer_arns.end())
          load_balancer_arns.push_back(arn);
      }
    }
    // The load balancers forwarding to them, with their listeners and rules: a listener is
    // what the declared target group needs, and reading it costs a call a load balancer.
    if (!load_balancer_arns.empty()) {
      aws_api::CallResult balancers = client.Call("elbv2", "describe-load-balancers",
                                                  {{"LoadBalancerArns", load_balancer_arns}});
      if (!balancers.ok()) {
        error = "reading the target groups' load balancers: " + balancers.error().ToString();
        return false;
      }
      for (const Json& lb : balancers.json().value("LoadBalancers", Json::array())) {
        std::string name = lb.value("LoadBalancerName", "");
        declared.push_back(
            Declared("load_balancer", name, Value::Map({{"name", Value::String(name)}})));
      }
    }
  }
  std::string resource_id = "service/" + cluster_name + "/" + service_name;
  aws_api::CallResult scaling =
      client.Call("application-autoscaling", "describe-scalable-targets",
                  {{"ServiceNamespace", "ecs"}, {"ResourceIds", Json::array({resource_id})}});
  if (!scaling.ok()) {
    error = "reading the service's scalable target: " + scaling.error().ToString();
    return false;
  }
  ValueMap service_attributes = {{"name", Value::String(service_name)},
                                 {"cluster", Value::String(cluster_arn)}};
  // Only so that the reader reads the scaling: the decoded live tree replaces it.
  if (!scaling.json().value("ScalableTargets", Json::array()).empty())
    service_attributes.push_back({"autoscaling", Value::Map({})});
  declared.push_back(Declared("service", service_name, Value::Map(std::move(service_attributes))));
  const std::string service_address = declared.back().address;

  ir::Program program;
  program.stack.name = aws::LabelFromName(service_name);
  program.stack.region = options.region;
  program.stack.account = options.account;
  program.resources = declared;
  std::sort(program.resources.begin(), program.resources.end(),
            [](const ir::Resource& a, const ir::Resource& b) { return a.address < b.address; });

  std::vector<aws::live::Document> documents;
  LiveReadStats stats;
  if (!ReadLiveSnapshot(client, program.resources, options.read_width, documents, stats, error))
    return false;
  std::vector<planner::LiveResource> live;
  aws::AwsLiveBackend decoder(std::move(documents), program);
  if (!decoder.ReadLive(state::State{}, live, error)) return false;
  std::stable_sort(live.begin(), live.end(), [](const auto& a, const auto& b) {
    return KindOrder(a.kind) < KindOrder(b.kind);
  });

  out.stack_name = program.stack.name;
  out.source = "stack " + Quote(out.stack_name) + " {\n  region = " + Quote(options.region) + "\n";
  if (!options.account.empty()) out.source += "  account = " + Quote(options.account) + "\n";
  out.source += "}\n\n";
  for (planner::LiveResource& resource : live) {
    // Listeners in port order: the API lists them in an order of its own (berth serve by ARN,
    // which is random), and the same service should import as the same text every time.
    if (resource.kind == "load_balancer" && resource.attributes.is(ValueKind::kMap)) {
      for (auto& [key, value] : resource.attributes.mutable_map()) {
        if (key != "listeners" || !value.is(ValueKind::kList)) continue;
        std::stable_sort(value.mutable_list().begin(), value.mutable_list().end(),
                         [](const Value& a, const Value& b) { return PortOf(a) < PortOf(b); });
      }
    }
    const ir::Resource* stub = program.Find(resource.address);
    if (!stub) continue;  // nothing else is read, but the decoder may name what it found
    aws::DecodedResource printed{resource.kind, stub->name, std::move(resource.attributes), {}};
    if (auto unwritable = aws::UnwritableValue(printed)) {
      error = "service " + options.service + " in cluster " + options.cluster + ": " +
              unwritable->ToString();
      return false;
    }
    out.source += aws::BlockSource(printed) + "\n";
    out.addresses.push_back(resource.address);
  }
  if (std::find(out.addresses.begin(), out.addresses.end(), service_address) ==
      out.addresses.end()) {
    error = where + " (it went away while being read)";
    return false;
  }
  return true;
}

}  // namespace berth::aws_api_backend

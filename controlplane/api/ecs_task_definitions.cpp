// RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions, DeregisterTaskDefinition.
// The request is stored as sent (callers read back what they wrote) plus what ECS adds.
#include "controlplane/api/api.h"
#include "controlplane/store/task_definitions.h"

namespace berth::controlplane::api {

namespace {

std::string Key(const std::string& family, int revision) {
  return store::TaskDefinitionKey(family, revision);
}

}  // namespace

json RegisterTaskDefinition(Context& context, const json& input) {
  std::string family = input.value("family", "");
  if (family.empty()) InvalidParameter("Family must not be empty.");
  if (!input.contains("containerDefinitions") || input["containerDefinitions"].empty()) {
    throw ApiError("ClientException", "Container list cannot be empty.");
  }
  for (const json& container : input["containerDefinitions"]) {
    if (!container.contains("image")) {
      throw ApiError("ClientException", "Container.image should not be null or empty.");
    }
    if (!container.contains("name")) {
      throw ApiError("ClientException", "Container.name should not be null or empty.");
    }
  }
  int revision = 1;
  for (const json& existing : context.tx.List(store::kTaskDef, &family)) {
    revision = std::max(revision, existing["revision"].get<int>() + 1);
  }
  json definition = input;
  json tags = definition.value("tags", json::array());
  definition.erase("tags");
  definition["taskDefinitionArn"] =
      model::Arn(context.origin, "task-definition/" + family + ":" + std::to_string(revision));
  definition["revision"] = revision;
  definition["status"] = "ACTIVE";
  definition["compatibilities"] = {"EC2"};
  definition["requiresAttributes"] = json::array();
  definition["registeredAt"] = model::Now();
  if (!definition.contains("volumes")) definition["volumes"] = json::array();
  if (!definition.contains("placementConstraints")) {
    definition["placementConstraints"] = json::array();
  }
  for (json& container : definition["containerDefinitions"]) {
    if (!container.contains("essential")) container["essential"] = true;
    for (const char* list : {"portMappings", "environment", "mountPoints", "volumesFrom"}) {
      if (!container.contains(list)) container[list] = json::array();
    }
  }
  // Tags are the task definition's, answered apart (DescribeTaskDefinition's include TAGS).
  definition["x-berth"]["tags"] = tags;
  context.tx.Put(store::kTaskDef, Key(family, revision), family, definition);
  return {{"taskDefinition", model::Public(definition)}, {"tags", tags}};
}

json DescribeTaskDefinition(Context& context, const json& input) {
  auto definition = store::FindTaskDefinition(context.tx, input.value("taskDefinition", ""));
  if (!definition) throw ApiError("ClientException", "Unable to describe task definition.");
  json tags = definition->contains("x-berth")
                  ? (*definition)["x-berth"].value("tags", json::array())
                  : json::array();
  return {{"taskDefinition", model::Public(*definition)}, {"tags", tags}};
}

json ListTaskDefinitions(Context& context, const json& input) {
  std::string family = input.value("familyPrefix", "");
  std::string status = input.value("status", "ACTIVE");
  json arns = json::array();
  for (const json& definition : context.tx.List(store::kTaskDef)) {
    if (definition["status"] != status) continue;
    if (!family.empty() && definition["family"] != family) continue;
    arns.push_back(definition["taskDefinitionArn"]);
  }
  if (input.value("sort", "ASC") == "DESC") std::reverse(arns.begin(), arns.end());
  return {{"taskDefinitionArns", arns}};
}

json DeregisterTaskDefinition(Context& context, const json& input) {
  std::string ref = model::NameOf(input.value("taskDefinition", ""));
  if (ref.find(':') == std::string::npos) {
    InvalidParameter("Invalid revision number. Number: " + ref);
  }
  auto definition = store::FindTaskDefinition(context.tx, ref);
  if (!definition)
    throw ApiError("ClientException", "The specified task definition does not exist.");
  (*definition)["status"] = "INACTIVE";
  (*definition)["deregisteredAt"] = model::Now();
  std::string family = (*definition)["family"];
  context.tx.Put(store::kTaskDef, Key(family, (*definition)["revision"]), family, *definition);
  return {{"taskDefinition", model::Public(*definition)}};
}

}  // namespace berth::controlplane::api

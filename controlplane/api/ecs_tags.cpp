// TagResource, UntagResource, ListTagsForResource of ECS: the tags of clusters, services and
// task definitions, by ARN ([{key, value}], as ECS writes them).
#include "controlplane/api/api.h"
#include "controlplane/store/task_definitions.h"

namespace berth::controlplane::api {

// Named (and anonymous within): the build compiles several files as one unit.
namespace ecs_tags_impl {
namespace {

// A taggable document: where it is stored and where its tags are inside it.
struct Taggable {
  const char* kind;
  std::string key, parent;
  json doc;
  json& Tags() {
    // Task definitions keep theirs apart from the document DescribeTaskDefinition answers.
    json& tags = std::string(kind) == store::kTaskDef ? doc["x-berth"]["tags"] : doc["tags"];
    if (!tags.is_array()) tags = json::array();
    return tags;
  }
};

// ECS's model gives TagResource and UntagResource a ResourceNotFoundException, not
// ListTagsForResource: it answers an unknown resource as an invalid parameter.
enum class Missing { kResourceNotFound, kInvalidParameter };

[[noreturn]] void NotFound(const std::string& arn, Missing missing) {
  throw ApiError(missing == Missing::kResourceNotFound ? "ResourceNotFoundException"
                                                       : "InvalidParameterException",
                 "The specified resource " + arn + " is not found.");
}

// An unknown cluster is ClusterNotFoundException, as every ECS operation that names one says.
Taggable Require(Context& context, const json& input, Missing missing) {
  std::string arn = RequireString(input, "resourceArn", "InvalidParameterException");
  std::string prefix = model::Arn(context.origin, "");
  if (arn.rfind(prefix, 0) != 0) NotFound(arn, missing);
  std::string resource = arn.substr(prefix.size());
  auto slash = resource.find('/');
  std::string type = resource.substr(0, slash), rest = resource.substr(slash + 1);
  if (slash == std::string::npos) NotFound(arn, missing);
  if (type == "cluster") {
    auto cluster = context.tx.Get(store::kCluster, rest);
    if (!cluster || (*cluster)["status"] != "ACTIVE") ClusterNotFound();
    return {store::kCluster, rest, "", *cluster};
  }
  if (type == "service") {
    auto service = context.tx.Get(store::kService, rest);
    if (!service || (*service)["status"] == "INACTIVE") NotFound(arn, missing);
    return {store::kService, rest, rest.substr(0, rest.find('/')), *service};
  }
  if (type == "task-definition") {
    auto definition = store::FindTaskDefinition(context.tx, rest);
    if (!definition) NotFound(arn, missing);
    std::string family = (*definition)["family"];
    return {store::kTaskDef, store::TaskDefinitionKey(family, (*definition)["revision"].get<int>()),
            family, *definition};
  }
  NotFound(arn, missing);
}

json TagResource(Context& context, const json& input) {
  Taggable taggable = Require(context, input, Missing::kResourceNotFound);
  taggable.Tags() = MergeTags(taggable.Tags(), input.value("tags", json::array()), "key", "value");
  context.tx.Put(taggable.kind, taggable.key, taggable.parent, taggable.doc);
  return json::object();
}

json UntagResource(Context& context, const json& input) {
  Taggable taggable = Require(context, input, Missing::kResourceNotFound);
  taggable.Tags() = RemoveTags(taggable.Tags(), input.value("tagKeys", json::array()), "key");
  context.tx.Put(taggable.kind, taggable.key, taggable.parent, taggable.doc);
  return json::object();
}

json ListTagsForResource(Context& context, const json& input) {
  Taggable taggable = Require(context, input, Missing::kInvalidParameter);
  return {{"tags", taggable.Tags()}};
}

}  // namespace
}  // namespace ecs_tags_impl

json EcsTagResource(Context& context, const json& input) {
  return ecs_tags_impl::TagResource(context, input);
}
json EcsUntagResource(Context& context, const json& input) {
  return ecs_tags_impl::UntagResource(context, input);
}
json EcsListTagsForResource(Context& context, const json& input) {
  return ecs_tags_impl::ListTagsForResource(context, input);
}

}  // namespace berth::controlplane::api

// CreateCluster, DescribeClusters, ListClusters, DeleteCluster.
#include "controlplane/api/api.h"
#include "controlplane/reconciler/placement.h"

namespace berth::controlplane::api {

namespace {

std::string ClusterName(const json& input) {
  std::string name = input.value("cluster", input.value("clusterName", std::string("default")));
  return model::NameOf(name);
}

// The counts DescribeClusters reports, from the tasks, services and engines of the moment.
json WithCounts(Context& context, json cluster) {
  std::string name = cluster["clusterName"];
  int running = 0, pending = 0, services = 0;
  for (const json& task : context.tx.List(store::kTask, &name)) {
    if (task["desiredStatus"] != "RUNNING") continue;
    (task["lastStatus"] == "RUNNING" ? running : pending)++;
  }
  for (const json& service : context.tx.List(store::kService, &name)) {
    if (service["status"] == "ACTIVE") ++services;
  }
  cluster["runningTasksCount"] = running;
  cluster["pendingTasksCount"] = pending;
  cluster["activeServicesCount"] = services;
  int instances = 0;
  for (const json& instance : context.tx.List(store::kInstance)) {
    if (reconciler::InstanceOfCluster(instance, name)) ++instances;
  }
  cluster["registeredContainerInstancesCount"] = cluster["status"] == "ACTIVE" ? instances : 0;
  return cluster;
}

}  // namespace

json RequireCluster(Context& context, const json& input) {
  auto cluster = context.tx.Get(store::kCluster, ClusterName(input));
  if (!cluster || (*cluster)["status"] != "ACTIVE") ClusterNotFound();
  return *cluster;
}

json CreateCluster(Context& context, const json& input) {
  std::string name = input.value("clusterName", std::string("default"));
  // CreateCluster of an existing name answers that cluster (the API is idempotent by name).
  auto existing = context.tx.Get(store::kCluster, name);
  if (existing && (*existing)["status"] == "ACTIVE") {
    return {{"cluster", model::Public(WithCounts(context, *existing))}};
  }
  json cluster = {{"clusterArn", model::Arn(context.origin, "cluster/" + name)},
                  {"clusterName", name},
                  {"status", "ACTIVE"},
                  {"statistics", json::array()},
                  {"tags", input.value("tags", json::array())},
                  {"settings", input.value("settings", json::array())},
                  {"capacityProviders", input.value("capacityProviders", json::array())},
                  {"defaultCapacityProviderStrategy",
                   input.value("defaultCapacityProviderStrategy", json::array())}};
  if (input.contains("configuration")) cluster["configuration"] = input["configuration"];
  context.tx.Put(store::kCluster, name, "", cluster);
  return {{"cluster", WithCounts(context, cluster)}};
}

json DescribeClusters(Context& context, const json& input) {
  json names = input.value("clusters", json::array({"default"}));
  json clusters = json::array(), failures = json::array();
  for (const json& ref : names) {
    std::string name = model::NameOf(ref.get<std::string>());
    auto cluster = context.tx.Get(store::kCluster, name);
    if (!cluster) {
      failures.push_back(
          {{"arn", model::Arn(context.origin, "cluster/" + name)}, {"reason", "MISSING"}});
      continue;
    }
    clusters.push_back(model::Public(WithCounts(context, *cluster)));
  }
  return {{"clusters", clusters}, {"failures", failures}};
}

json ListClusters(Context& context, const json&) {
  json arns = json::array();
  for (const json& cluster : context.tx.List(store::kCluster)) {
    if (cluster["status"] == "ACTIVE") arns.push_back(cluster["clusterArn"]);
  }
  return {{"clusterArns", arns}};
}

json DeleteCluster(Context& context, const json& input) {
  json cluster = RequireCluster(context, input);
  std::string name = cluster["clusterName"];
  for (const json& service : context.tx.List(store::kService, &name)) {
    if (service["status"] != "INACTIVE") {
      throw ApiError("ClusterContainsServicesException",
                     "The Cluster cannot be deleted while Services are active.");
    }
  }
  for (const json& task : context.tx.List(store::kTask, &name)) {
    if (task["lastStatus"] != "STOPPED") {
      throw ApiError("ClusterContainsTasksException",
                     "The Cluster cannot be deleted while Tasks are active.");
    }
  }
  cluster["status"] = "INACTIVE";
  context.tx.Put(store::kCluster, name, "", cluster);
  return {{"cluster", model::Public(WithCounts(context, cluster))}};
}

}  // namespace berth::controlplane::api

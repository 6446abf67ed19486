// CreateService, UpdateService, DescribeServices, ListServices, DeleteService. The handlers
// record what is desired; the reconciler starts and stops tasks and fills in the counts,
// deployments' progress and events.
#include "controlplane/api/api.h"

namespace berth::controlplane::api {

namespace {

std::string ServiceKey(const std::string& cluster, const std::string& name) {
  return cluster + "/" + name;
}

json RequireTaskDefinition(Context& context, const json& input) {
  std::string ref = input.value("taskDefinition", "");
  if (ref.empty()) InvalidParameter("TaskDefinition must be specified.");
  auto definition = store::FindTaskDefinition(context.tx, ref);
  if (!definition || (*definition)["status"] != "ACTIVE") {
    InvalidParameter("TaskDefinition not found.");
  }
  return *definition;
}

json RequireService(Context& context, const json& cluster, const std::string& ref) {
  std::string name = model::NameOf(ref);
  auto service = context.tx.Get(store::kService, ServiceKey(cluster["clusterName"], name));
  if (!service) throw ApiError("ServiceNotFoundException", "Service not found.");
  return *service;
}

void Save(Context& context, const json& cluster, const json& service) {
  std::string name = cluster["clusterName"];
  context.tx.Put(store::kService, ServiceKey(name, service["serviceName"]), name, service);
}

int DesiredCount(const json& input, int fallback) {
  if (!input.contains("desiredCount")) return fallback;
  int count = input["desiredCount"].get<int>();
  if (count < 0) InvalidParameter("DesiredCount must be at least 0.");
  return count;
}

void CheckDeploymentConfiguration(const json& configuration) {
  int max = configuration["maximumPercent"].get<int>();
  int min = configuration["minimumHealthyPercent"].get<int>();
  if (min < 0 || min > 100) {
    InvalidParameter("minimumHealthyPercent must be between 0 and 100.");
  }
  if (max < 100 || max > 200) InvalidParameter("maximumPercent must be between 100 and 200.");
}

}  // namespace

json CreateService(Context& context, const json& input) {
  json cluster = RequireCluster(context, input);
  std::string name = input.value("serviceName", "");
  if (name.empty()) InvalidParameter("ServiceName must not be empty.");
  if (auto existing = context.tx.Get(store::kService, ServiceKey(cluster["clusterName"], name));
      existing && (*existing)["status"] != "INACTIVE") {
    InvalidParameter("Creation of service was not idempotent.");
  }
  json definition = RequireTaskDefinition(context, input);
  int desired = DesiredCount(input, 0);
  json configuration =
      model::DeploymentConfiguration(input.value("deploymentConfiguration", json::object()));
  CheckDeploymentConfiguration(configuration);
  std::string arn = model::Arn(context.origin,
                               "service/" + cluster["clusterName"].get<std::string>() + "/" + name);
  json service = {
      {"serviceArn", arn},
      {"serviceName", name},
      {"clusterArn", cluster["clusterArn"]},
      {"loadBalancers", input.value("loadBalancers", json::array())},
      {"serviceRegistries", input.value("serviceRegistries", json::array())},
      {"status", "ACTIVE"},
      {"desiredCount", desired},
      {"runningCount", 0},
      {"pendingCount", 0},
      {"launchType", input.value("launchType", "EC2")},
      {"taskDefinition", definition["taskDefinitionArn"]},
      {"deploymentConfiguration", configuration},
      {"deployments", {model::NewDeployment(definition["taskDefinitionArn"], desired)}},
      {"events", json::array()},
      {"createdAt", model::Now()},
      {"placementConstraints", input.value("placementConstraints", json::array())},
      {"placementStrategy", input.value("placementStrategy", json::array())},
      {"schedulingStrategy", input.value("schedulingStrategy", "REPLICA")},
      {"healthCheckGracePeriodSeconds", input.value("healthCheckGracePeriodSeconds", 0)},
      {"enableECSManagedTags", input.value("enableECSManagedTags", false)},
      {"propagateTags", input.value("propagateTags", "NONE")},
      {"enableExecuteCommand", input.value("enableExecuteCommand", false)},
      {"tags", input.value("tags", json::array())},
      {"x-berth", {{"completed", json::array()}}}};
  if (input.contains("networkConfiguration")) {
    service["networkConfiguration"] = input["networkConfiguration"];
  }
  // A capacity provider strategy replaces the launch type (ECS answers one or the other; the
  // tasks still run on the engines: berth serve has no Fargate).
  if (input.contains("capacityProviderStrategy")) {
    if (input.contains("launchType")) {
      InvalidParameter(
          "Specifying both a launch type and capacity provider strategy is not "
          "supported. Remove one and try again.");
    }
    service.erase("launchType");
    service["capacityProviderStrategy"] = input["capacityProviderStrategy"];
  }
  Save(context, cluster, service);
  return {{"service", model::Public(service)}};
}

json UpdateService(Context& context, const json& input) {
  json cluster = RequireCluster(context, input);
  json service = RequireService(context, cluster, input.value("service", ""));
  if (service["status"] != "ACTIVE") {
    throw ApiError("ServiceNotActiveException", "Service was not ACTIVE.");
  }
  int desired = DesiredCount(input, service["desiredCount"].get<int>());
  service["desiredCount"] = desired;
  if (input.contains("deploymentConfiguration")) {
    json configuration = service["deploymentConfiguration"];
    for (auto& [key, value] : input["deploymentConfiguration"].items()) configuration[key] = value;
    CheckDeploymentConfiguration(configuration);
    service["deploymentConfiguration"] = configuration;
  }
  for (const char* field :
       {"healthCheckGracePeriodSeconds", "placementStrategy", "placementConstraints",
        "enableExecuteCommand", "propagateTags", "enableECSManagedTags", "networkConfiguration",
        "loadBalancers", "serviceRegistries", "capacityProviderStrategy"}) {
    if (input.contains(field)) service[field] = input[field];
  }
  // What starts a new deployment (ECS model `UpdateService`): a task definition, network or
  // load balancer change, or forceNewDeployment. A desired count alone does not.
  std::string task_definition = service["taskDefinition"];
  if (input.contains("taskDefinition")) {
    task_definition = RequireTaskDefinition(context, input)["taskDefinitionArn"];
  }
  bool rolls = task_definition != service["taskDefinition"] ||
               input.value("forceNewDeployment", false) || input.contains("networkConfiguration") ||
               input.contains("loadBalancers");
  json& deployments = service["deployments"];
  if (rolls) {
    for (json& deployment : deployments) deployment["status"] = "ACTIVE";
    deployments.insert(deployments.begin(), model::NewDeployment(task_definition, desired));
    service["taskDefinition"] = task_definition;
  } else {
    for (json& deployment : deployments) {
      if (deployment["status"] == "PRIMARY") {
        deployment["desiredCount"] = desired;
        deployment["updatedAt"] = model::Now();
      }
    }
  }
  Save(context, cluster, service);
  return {{"service", model::Public(service)}};
}

json DescribeServices(Context& context, const json& input) {
  json cluster = RequireCluster(context, input);
  json refs = input.value("services", json::array());
  if (refs.empty()) InvalidParameter("Services cannot be empty.");
  if (refs.size() > 10) InvalidParameter("services can have at most 10 items.");
  json services = json::array(), failures = json::array();
  for (const json& ref : refs) {
    std::string name = model::NameOf(ref.get<std::string>());
    auto service = context.tx.Get(store::kService, ServiceKey(cluster["clusterName"], name));
    if (!service) {
      failures.push_back(
          {{"arn", model::Arn(context.origin,
                              "service/" + cluster["clusterName"].get<std::string>() + "/" + name)},
           {"reason", "MISSING"}});
      continue;
    }
    services.push_back(model::Public(*service));
  }
  return {{"services", services}, {"failures", failures}};
}

json ListServices(Context& context, const json& input) {
  json cluster = RequireCluster(context, input);
  std::string name = cluster["clusterName"];
  json arns = json::array();
  for (const json& service : context.tx.List(store::kService, &name)) {
    if (service["status"] == "ACTIVE") arns.push_back(service["serviceArn"]);
  }
  return {{"serviceArns", arns}};
}

json DeleteService(Context& context, const json& input) {
  json cluster = RequireCluster(context, input);
  json service = RequireService(context, cluster, input.value("service", ""));
  if (service["status"] == "INACTIVE") {
    throw ApiError("ServiceNotActiveException", "Service was not ACTIVE.");
  }
  if (service["desiredCount"].get<int>() > 0 && !input.value("force", false)) {
    InvalidParameter("The service cannot be stopped while it is scaled above 0.");
  }
  // DRAINING until the reconciler has stopped every task, then INACTIVE (ECS model
  // `DeleteService`).
  service["status"] = "DRAINING";
  service["desiredCount"] = 0;
  for (json& deployment : service["deployments"]) deployment["desiredCount"] = 0;
  Save(context, cluster, service);
  return {{"service", model::Public(service)}};
}

}  // namespace berth::controlplane::api

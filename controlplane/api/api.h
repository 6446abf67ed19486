// The ECS API (awsJson1_1) as handlers over the store: each takes the request's JSON and returns
// the response's, inside one store transaction, or throws ApiError with the shape name and HTTP
// status the botocore model gives (client errors 400; ServerException is a fault, 500).
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "controlplane/model/ecs.h"
#include "controlplane/store/store.h"
#include "controlplane/store/task_definitions.h"

namespace berth::controlplane::api {

using nlohmann::json;

struct ApiError : std::runtime_error {
  ApiError(std::string type, const std::string& message, int status = 400)
      : std::runtime_error(message), type(std::move(type)), status(status) {}
  std::string type;  // "ClusterNotFoundException": the `__type` of the error body
  int status;
};

// Shorthands for the errors most handlers raise.
[[noreturn]] void InvalidParameter(const std::string& message);
[[noreturn]] void ClusterNotFound();

struct Context {
  store::Tx& tx;
  const model::Origin& origin;
};

using Handler = json (*)(Context&, const json& input);

// The handler of an ECS operation ("CreateService"), or nullptr when berth does not serve it.
Handler FindEcsHandler(const std::string& operation);

// Handlers, by resource (ecs_*.cpp).
json CreateCluster(Context&, const json&);
json DescribeClusters(Context&, const json&);
json ListClusters(Context&, const json&);
json DeleteCluster(Context&, const json&);
json RegisterTaskDefinition(Context&, const json&);
json DescribeTaskDefinition(Context&, const json&);
json ListTaskDefinitions(Context&, const json&);
json DeregisterTaskDefinition(Context&, const json&);
json CreateService(Context&, const json&);
json UpdateService(Context&, const json&);
json DescribeServices(Context&, const json&);
json ListServices(Context&, const json&);
json DeleteService(Context&, const json&);
json RunTask(Context&, const json&);
json StopTask(Context&, const json&);
json DescribeTasks(Context&, const json&);
json ListTasks(Context&, const json&);
json ListContainerInstances(Context&, const json&);
json DescribeContainerInstances(Context&, const json&);

// Lookups shared by the handlers.
// The cluster document named by `cluster` (name or ARN; "default" when absent), or
// ClusterNotFoundException.
json RequireCluster(Context& context, const json& input);

}  // namespace berth::controlplane::api

// The AWS APIs berth serve answers, as handlers over the store: each takes the request's JSON
// (the AWS CLI's --cli-input-json shape, whatever the protocol: query and ec2 forms are decoded
// by query_wire.h) and returns the response's, inside one store transaction, or throws ApiError
// with the error code and HTTP status the botocore model gives (client errors 400 unless the
// model says otherwise; a fault is 500). ECS runs what it stores (the reconciler); IAM, EC2
// security groups, CloudWatch Logs, Application Auto Scaling, ELBv2, CloudWatch alarms,
// EventBridge rules and Cloud Map services are stored and answered only (docs/controlplane.md).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

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
// A service's operations by the API's name ("CreateService").
using OperationTable = std::map<std::string, Handler, std::less<>>;

// The handler of an operation of a service named as the AWS CLI names it ("ecs", "iam",
// "elbv2", "ec2", "logs", "application-autoscaling", "cloudwatch", "events",
// "servicediscovery"), or nullptr when berth does not serve it.
Handler FindHandler(std::string_view service, std::string_view operation);
Handler FindEcsHandler(const std::string& operation);

// Each service's table (one file per service: ecs_*.cpp share dispatch.cpp's).
const OperationTable& EcsOperations();
const OperationTable& IamOperations();
const OperationTable& Ec2Operations();
const OperationTable& LogsOperations();
const OperationTable& AutoScalingOperations();
const OperationTable& Elbv2Operations();
const OperationTable& CloudWatchOperations();
const OperationTable& EventsOperations();
const OperationTable& ServiceDiscoveryOperations();

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
json RegisterContainerInstance(Context&, const json&);
json DeregisterContainerInstance(Context&, const json&);
json EcsTagResource(Context&, const json&);
json EcsUntagResource(Context&, const json&);
json EcsListTagsForResource(Context&, const json&);

// ELBv2's target registration (elbv2_targets.cpp).
json RegisterTargets(Context&, const json&);
json DeregisterTargets(Context&, const json&);
json DescribeTargetHealth(Context&, const json&);

// Helpers of the stored-only services (stored_services.cpp).
// arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE; IAM's ARNs have no region.
std::string ServiceArn(const Context& context, const std::string& service,
                       const std::string& resource);
// `count` random lowercase hex digits (ids of security groups, load balancers...).
std::string RandomHex(int count);
// input[member] as a string; a missing or empty one is `error_type` ("ValidationError").
std::string RequireString(const json& input, const char* member, const char* error_type);
// Tags as the query APIs list them ([{Key, Value}]), merged by key: `add` over `tags`.
json MergeTags(const json& tags, const json& add, const char* key = "Key",
               const char* value = "Value");
json RemoveTags(const json& tags, const json& keys, const char* key = "Key");

// Lookups shared by the handlers.
// The cluster document named by `cluster` (name or ARN; "default" when absent), or
// ClusterNotFoundException.
json RequireCluster(Context& context, const json& input);

}  // namespace berth::controlplane::api

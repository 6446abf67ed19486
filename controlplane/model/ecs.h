// What the API and the reconciler share about ECS resources: ARNs and ids as ECS writes them,
// the service event log, and the clock. Documents are the JSON ECS returns (DescribeServices,
// DescribeTasks...), plus a few fields of berth's own under "x-berth" that never leave the
// server (the API strips them).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace berth::controlplane::model {

using nlohmann::json;

// Where ARNs say the resources live. One per server: what `berth serve --region` says.
struct Origin {
  std::string region = "us-east-1";
  std::string account = "000000000000";
};

// arn:aws:ecs:REGION:ACCOUNT:RESOURCE
std::string Arn(const Origin& origin, const std::string& resource);
// The last segment of an ARN ("cluster/web" -> "web"), or the text itself when it is a name.
std::string NameOf(const std::string& arn_or_name);

// Random ids: a task id (32 hex digits, as ECS's) and a deployment id ("ecs-svc/" 19 digits).
std::string NewTaskId();
std::string NewDeploymentId();

// Seconds since the epoch, as awsJson timestamps are written.
double Now();

// Adds an event to a service document, newest first, at most 100 (DescribeServices keeps 100).
// A message equal to the newest one is not repeated (the console does the same for 6 hours:
// docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html).
void AddEvent(json& service, const std::string& message);

// The document without berth's private fields, as the API returns it.
json Public(const json& doc);

// Task statuses in lifecycle order (docs.aws.amazon.com/AmazonECS/latest/developerguide/
// task-lifecycle.html); the index compares "how far along" two statuses are.
int StatusRank(const std::string& status);

}  // namespace berth::controlplane::model

namespace berth::controlplane::model {

// A new PRIMARY deployment of `task_definition` (an ARN), IN_PROGRESS.
json NewDeployment(const std::string& task_definition, int desired, const std::string& reason = "");

// deploymentConfiguration with ECS's defaults filled in (REPLICA: max 200 %, min 100 %, breaker
// off): ECS model `DeploymentConfiguration`.
json DeploymentConfiguration(const json& given);

}  // namespace berth::controlplane::model

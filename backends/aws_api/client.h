// berth's AWS wire client: one call of one AWS API operation, by the same names as the AWS CLI,
// with the request as the CLI's JSON input and the answer as JSON in the shape of the
// operation's output. Used by the aws-api backend (backends/aws_api_backend/) and by berth's
// control plane, which speaks the same API.
//
//   aws_api::Client client(config);  // client_config.h finds one the AWS way
//   aws_api::CallResult r = client.Call("elbv2", "describe-target-groups", {{"Names", {"api"}}});
//   if (!r.ok()) std::cerr << r.error().ToString();   // "elbv2 DescribeTargetGroups: ..."
//   else use(r.json()["TargetGroups"]);
//
// Protocols from botocore's models (service_models.h): awsJson1_1 / 1_0 (ECS, Application Auto
// Scaling, CloudWatch Logs, EventBridge, Cloud Map: the JSON sent as it is, X-Amz-Target), the
// query protocol (ELBv2, IAM, STS, CloudWatch: form fields, XML answers) and ec2. Requests are
// signed with SigV4 (sigv4.h), sent by cpp-httplib over HTTP or HTTPS, and retried as the SDKs'
// standard mode does (retry_policy.h). Call is thread-safe; each thread keeps its own
// keep-alive connection per endpoint.
#pragma once

#include <atomic>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "backends/aws_api/client_config.h"

namespace berth::aws_api {

using Json = nlohmann::ordered_json;

struct AwsError {
  std::string service;    // "elbv2"
  std::string operation;  // "CreateTargetGroup"
  int status = 0;         // HTTP status; 0 when no response came
  std::string code;       // AWS's ("ValidationError"), or berth's for what never reached AWS:
                          // "ConnectionError", "UnknownOperation", "InvalidParameter",
                          // "MalformedResponse"
  std::string message;
  std::string request_id;
  int attempts = 0;
  // "elbv2 CreateTargetGroup: ValidationError: MESSAGE (HTTP 400, after 3 attempts)".
  std::string ToString() const;
};

class CallResult {
 public:
  static CallResult Success(Json json) { return CallResult(std::move(json), {}, true); }
  static CallResult Failure(AwsError error) { return CallResult({}, std::move(error), false); }
  bool ok() const { return ok_; }
  const Json& json() const { return json_; }
  const AwsError& error() const { return error_; }

 private:
  CallResult(Json json, AwsError error, bool ok)
      : json_(std::move(json)), error_(std::move(error)), ok_(ok) {}
  Json json_;
  AwsError error_;
  bool ok_;
};

class Client {
 public:
  explicit Client(ClientConfig config) : config_(std::move(config)) {}

  // `service`: the CLI's name ("ecs", "elbv2", "application-autoscaling"...); `operation`: the
  // CLI's ("describe-services") or the API's ("DescribeServices"); `input`: the CLI's
  // --cli-input-json (null or {} for none).
  CallResult Call(std::string_view service, std::string_view operation, const Json& input) const;

  // The base URL calls to `service` go to (after the configuration's overrides).
  std::string EndpointOf(std::string_view service) const;
  const ClientConfig& config() const { return config_; }

  // Operations called and HTTP requests sent (retries included) since construction.
  long calls() const { return calls_.load(); }
  long requests() const { return requests_.load(); }

 private:
  ClientConfig config_;
  mutable std::atomic<long> calls_{0};
  mutable std::atomic<long> requests_{0};
};

}  // namespace berth::aws_api

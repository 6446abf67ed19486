// What berth's AWS wire client knows of each AWS service, from botocore's service models
// (scripts/gen_aws_models.py writes service_models.cpp; the generated file is checked in so a
// build needs no Python): the protocol it speaks and, for the query and ec2 protocols, the
// shapes that say how a request's JSON becomes form fields and how an XML response becomes JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace berth::aws_api {

// The generated document, cut in pieces (compilers limit one string literal), nullptr-ended.
extern const char* const kServiceModelChunks[];

enum class Protocol { kJson, kQuery, kEc2 };

struct OperationModel {
  std::string name;   // the API's: "DescribeServices"
  std::string input;  // shape names; "" when the operation has none
  std::string output;
  std::string result_wrapper;  // query: the element of the response the output is inside
};

struct ServiceModel {
  std::string cli_name;  // "elbv2"
  Protocol protocol = Protocol::kJson;
  std::string api_version;
  std::string endpoint_prefix;  // "elasticloadbalancing"
  std::string signing_name;     // SigV4's service: "elasticloadbalancing"
  std::string service_id;       // "Elastic Load Balancing v2"
  std::string global_endpoint;  // "iam.amazonaws.com", or ""
  std::string json_version;     // json: "1.1"
  std::string target_prefix;    // json: X-Amz-Target's "AmazonEC2ContainerServiceV20141113"
  nlohmann::json operations;    // CLI name -> {name, input, output, resultWrapper}
  nlohmann::json shapes;        // query/ec2: name -> compact shape (see the generator)

  // By the CLI's name ("describe-services") or the API's ("DescribeServices"); nullopt if the
  // service has no such operation.
  std::optional<OperationModel> Operation(std::string_view name) const;
  // The shape named `name`; throws std::out_of_range for a name the model lacks.
  const nlohmann::json& Shape(const std::string& name) const { return shapes.at(name); }
};

// By the AWS CLI's service name: "ecs", "elbv2", "iam", "logs", "application-autoscaling",
// "events", "servicediscovery", "ec2", "sts", "cloudwatch", "acm"; nullptr for any other.
const ServiceModel* FindService(std::string_view cli_name);

// "Elastic Load Balancing v2" -> "ELASTIC_LOAD_BALANCING_V2": the suffix of the service's
// AWS_ENDPOINT_URL_<ID> variable, as the AWS SDKs derive it.
std::string EndpointVariableSuffix(std::string_view service_id);

}  // namespace berth::aws_api

// The request side of the query and ec2 protocols: a request as the AWS CLI's JSON input
// (botocore's parameter names, what the aws emitters build) -> the form fields of the POST body,
// exactly as botocore's QuerySerializer and EC2Serializer write them (tests compare the two).
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "backends/aws_api/service_models.h"

namespace berth::aws_api {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// A request the model does not accept: "Unknown parameter TargetGroups.0.Foo", "expected a
// list for Subnets". The message names the JSON path.
struct SerializeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Action and Version first, then the input's fields in the input's order. `input` may be null
// or an empty object for an operation without parameters. Throws SerializeError.
FormFields SerializeQuery(const ServiceModel& service, const OperationModel& operation,
                          const nlohmann::ordered_json& input);

}  // namespace berth::aws_api

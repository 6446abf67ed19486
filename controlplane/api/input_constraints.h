// What every request is checked for before its handler runs, as AWS's front end checks it: the
// members its botocore model marks required are there, a member with an enum holds one of its
// values, and (JSON bodies) every value is of its shape's type, at any depth. The constraints
// are generated from botocore's models (scripts/gen_api_constraints.py writes
// input_constraints_data.cpp), so every operation of every service berth serve answers is
// checked alike, not each handler on its own.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "backends/aws_api/service_models.h"

namespace berth::controlplane::api {

// The generated document, cut in pieces (compilers limit one string literal), nullptr-ended.
extern const char* const kInputConstraintChunks[];

// Throws ApiError (400) with the code the service gives its own validation failures
// (ECS's and Logs' InvalidParameterException, Cloud Map's InvalidInput, ValidationException of
// the other JSON services, ValidationError of the query ones, EC2's MissingParameter and
// InvalidParameterValue) and AWS's message ("1 validation error detected: Value null at
// 'cluster' failed to satisfy constraint: Member must not be null"). A request with a JSON body
// (`json_body`) is first checked for values of the wrong JSON type, a SerializationException as
// AWS answers it ("STRING_VALUE can not be converted to an Integer").
void CheckInput(const aws_api::ServiceModel& service, const std::string& operation,
                const nlohmann::json& input, bool json_body);

}  // namespace berth::controlplane::api

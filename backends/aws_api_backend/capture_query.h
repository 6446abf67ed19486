// The JMESPath of a Capture (aws_call.h), evaluated on the JSON an AWS call answered: what
// apply.sh asks `aws --query` for, done in memory. Only the forms the emitters write:
// `A[0].B`, `A.B`, `Name`, and a filter with a pipe, `Services[?Name=='api'].Id | [0]`.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace berth::aws_api_backend {

// The value `query` selects from `document`, or nullopt when it selects nothing (null, or a
// path that is not there) or the query is outside the supported forms (`error` says so).
std::optional<nlohmann::ordered_json> EvaluateQuery(std::string_view query,
                                                    const nlohmann::ordered_json& document,
                                                    std::string& error);

// A selected value as `--output text` prints it: strings bare, numbers and booleans as JSON.
std::string AsText(const nlohmann::ordered_json& value);

}  // namespace berth::aws_api_backend

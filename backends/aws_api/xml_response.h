// The response side of the query and ec2 protocols: an XML body -> JSON in the shape of the
// operation's output, as botocore's QueryParser and EC2QueryParser build it (member names as the
// model spells them, lists and maps by the model, numbers and booleans typed, timestamps kept as
// the text AWS sent). XML by pugixml (Debian's libpugixml-dev: a small DOM parser with no
// dependencies; libxml2 would do, but its C API needs more code for the same walk).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "backends/aws_api/service_models.h"

namespace berth::aws_api {

struct XmlError {
  std::string code;  // "ValidationError", "InvalidGroup.NotFound"
  std::string message;
  std::string request_id;
};

// The output of `operation` (an empty object when it has none), plus ResponseMetadata.RequestId
// as botocore adds it. nullopt with `error` when the body is not XML.
std::optional<nlohmann::ordered_json> ParseXmlResponse(const ServiceModel& service,
                                                       const OperationModel& operation,
                                                       std::string_view body, std::string& error);

// The error of a query (<ErrorResponse><Error><Code>...) or ec2 (<Response><Errors><Error>...)
// response; nullopt when the body holds no such element.
std::optional<XmlError> ParseXmlError(std::string_view body);

}  // namespace berth::aws_api

// The server side of the query and ec2 protocols (IAM, ELBv2, CloudWatch; EC2): the inverse of
// the wire client's backends/aws_api/query_serializer.h and xml_response.h, driven by the same
// botocore shapes (service_models.h). A form body becomes the operation's input as JSON (the
// CLI's --cli-input-json shape), so the handlers are written like the JSON protocols' ones; the
// handler's JSON output becomes the XML body botocore's QueryParser / EC2QueryParser reads.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "backends/aws_api/query_serializer.h"
#include "backends/aws_api/service_models.h"

namespace berth::controlplane::api {

// Form fields (Action and Version included, ignored here) -> the input of `operation`; fields
// the model does not name are dropped, scalars are typed by their shape.
nlohmann::json DecodeQueryInput(const aws_api::ServiceModel& service,
                                const aws_api::OperationModel& operation,
                                const aws_api::FormFields& fields);

// The success body: query `<OpResponse><OpResult>...</OpResult><ResponseMetadata>`, ec2
// `<OpResponse><requestId>...`. A timestamp member given as epoch seconds is written ISO 8601.
std::string EncodeQueryOutput(const aws_api::ServiceModel& service,
                              const aws_api::OperationModel& operation,
                              const nlohmann::json& output, const std::string& request_id);

// The error body: query `<ErrorResponse><Error><Type>Sender|Receiver</Type><Code>...`, ec2
// `<Response><Errors><Error><Code>...</Errors><RequestID>`.
std::string EncodeQueryError(aws_api::Protocol protocol, const std::string& code,
                             const std::string& message, const std::string& request_id,
                             bool server_fault);

// Epoch seconds as the XML protocols write timestamps: "2026-12-07T01:25:00.000Z".
std::string IsoTimestamp(double epoch_seconds);

}  // namespace berth::controlplane::api

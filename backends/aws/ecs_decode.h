// ECS API JSON -> IR: the inverse of the ECS request builders. A task definition (the
// `taskDefinition` object of `aws ecs describe-task-definition`, the whole output, or a
// register-task-definition request) or a service (an element of `services` of describe-services,
// the whole output, or a create-service request) becomes the attribute tree that compiling the
// equivalent berth source produces: units (durations, sizes, CPU), enums as strings, references
// as Ref values, schema defaults filled in. Server-filled read-only fields (revision, status,
// ARNs of the definition itself, deployments, events, counts...) are ignored; values equal to
// what AWS fills in when a field is omitted (a container's `cpu: 0`, `hostPort` equal to
// `containerPort` under awsvpc, empty lists) are dropped, so a live snapshot and the source it
// came from give equal trees. Used by `berth import` (printing source) and by plans against
// live snapshots (`--live`).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "backends/aws/aws_call.h"
#include "compiler/base/value.h"

namespace berth::aws {

// Why the JSON could not be decoded: where (a JSON path, "$.containerDefinitions[1].memory") and
// what is wrong ("expected a number, got a string").
struct DecodeError {
  std::string path;
  std::string message;
  std::string ToString() const;  // "$.containerDefinitions[1].memory: expected a number, ..."
};

// A name or ARN in the JSON that berth writes as a reference. `kind` is the resource kind the
// schema wants there ("role", "cluster", "task", "target_group"); `value` is the JSON string as
// it is ("arn:aws:iam::123456789012:role/ecsTaskExecutionRole", "sample-api:7", "prod").
struct ReferenceRequest {
  std::string_view kind;
  std::string_view value;
};

// Returns the address of the resource that `request` stands for ("role.exec"), or nullopt to let
// the decoder make one up from the name (see ImportedReference).
using ReferenceResolver = std::function<std::optional<std::string>(const ReferenceRequest&)>;

struct DecodeOptions {
  ReferenceResolver resolve;  // may be empty
};

// A resource the decoded one references that the resolver did not know: the decoder addressed it
// as KIND.LABEL with LABEL made from its AWS name. `berth import` declares roles and clusters
// like this so that the printed source compiles on its own.
struct ImportedReference {
  std::string address;  // "role.ecsTaskExecutionRole"
  std::string kind;     // "role"
  std::string name;     // the AWS name: role name, cluster name, task family, target group name
  std::string path;     // a role's IAM path ("/", "/service-role/"); empty for other kinds
  std::string account;  // from the ARN, when the JSON gave one
  std::string region;   // from the ARN, when the JSON gave one (not for IAM)
  std::string value;    // the JSON string it came from
};

struct DecodedResource {
  std::string kind;   // "task" or "service"
  std::string label;  // an identifier made from the family or service name: "sample_api"
  Value attributes;   // the IR attribute tree (a map), schema defaults filled in
  std::vector<ImportedReference> references;  // made-up addresses, each once, in first-use order
};

using DecodeResult = std::variant<DecodedResource, DecodeError>;

// A task definition: the object itself, or an object with a `taskDefinition` member (describe
// output); its `tags` (a sibling of `taskDefinition` in describe output) are read too.
DecodeResult DecodeTaskDefinition(const Json& json, const DecodeOptions& options = {});

// A service: a create-service request, one element of describe-services' `services`, or a
// describe-services output holding exactly one service.
DecodeResult DecodeService(const Json& json, const DecodeOptions& options = {});

// An identifier usable as a block label and in references, made from an AWS name:
// "sample-api" -> "sample_api", "7zip" -> "_7zip".
std::string LabelFromName(std::string_view name);

}  // namespace berth::aws

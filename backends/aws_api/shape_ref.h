// How botocore reads a member of a service model, shared by the request serializer, the XML
// response parser and the control plane's form decoder and XML writer (the same rules both ways).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "backends/aws_api/service_models.h"

namespace berth::aws_api {

// A string member of a model object ("" when absent or not a string); a boolean one (false).
std::string ModelString(const nlohmann::json& object, const char* key);
bool ModelFlag(const nlohmann::json& object, const char* key);

// A member reference resolved as botocore resolves one: the target shape, with the reference's
// own serialization (its locationName, queryName, flattened) over the shape's.
struct ShapeRef {
  const nlohmann::json* shape = nullptr;
  std::string location_name;
  std::string query_name;
  bool flattened = false;
};
ShapeRef ResolveRef(const ServiceModel& service, const nlohmann::json& ref);

// botocore's _get_serialized_name of the query and ec2 serializers: the name a member goes by in
// a form (ec2: queryName, else locationName capitalised).
std::string SerializedName(const ShapeRef& ref, const std::string& fallback, bool ec2);

// What a list's items are numbered under (`PREFIX.N`): ec2 numbers them under the list's own
// name; query under `Name.member` (or the member's locationName), a flattened list under the
// member's name in the list's place (botocore's _serialize_type_list of each serializer).
std::string ListItemsPrefix(const ShapeRef& list, const ShapeRef& member, const std::string& prefix,
                            bool ec2);

}  // namespace berth::aws_api

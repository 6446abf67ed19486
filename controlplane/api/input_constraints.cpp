#include "controlplane/api/input_constraints.h"

#include <cctype>
#include <cmath>
#include <vector>

#include "controlplane/api/api.h"

namespace berth::controlplane::api {

// Named (and anonymous within): the build compiles several files as one unit.
namespace input_constraints_impl {
namespace {

using nlohmann::json;

const json& Constraints() {
  static const json document = [] {
    std::string text;
    for (const char* const* chunk = kInputConstraintChunks; *chunk; ++chunk) text += *chunk;
    return json::parse(text);
  }();
  return document;
}

// AWS names a member in its messages lowerCamelCase, whatever the protocol ('roleName').
std::string MessageName(std::string name) {
  if (!name.empty()) name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
  return name;
}

struct Violation {
  bool missing;  // else: not one of the enum's values
  std::string path;
  std::string message;
};

// Jackson's name of a JSON value's kind, as AWS's JSON front end writes it in its messages.
std::string Kind(const json& value) {
  if (value.is_string()) return "STRING_VALUE";
  if (value.is_boolean()) return value.get<bool>() ? "TRUE_VALUE" : "FALSE_VALUE";
  return "NUMBER_VALUE";
}

// A scalar of `type` ("integer", "string"...: the model's) holds `value`; timestamps come as
// epoch seconds or as text, blobs as base64 text, an integer may be written 2.0 (not 2.5).
bool Holds(const std::string& type, const json& value) {
  if (type == "string" || type == "blob") return value.is_string();
  if (type == "integer" || type == "long") {
    return value.is_number_integer() ||
           (value.is_number_float() && std::trunc(value.get<double>()) == value.get<double>());
  }
  if (type == "double" || type == "float") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "timestamp") return value.is_number() || value.is_string();
  return true;
}

class Checker {
 public:
  Checker(const json& shapes, bool typed) : shapes_(shapes), typed_(typed) {}

  // `ref`: a shape's name, or "#TYPE" for a scalar (the generator's refs).
  void Check(const std::string& ref, const json& value, const std::string& path) {
    if (value.is_null()) return;  // as absent: a required one is its structure's to report
    if (ref[0] == '#') {
      std::string type = ref.substr(1);
      if (!Holds(type, value)) {
        // "an Integer", "a String": the type as Java names it.
        std::string name = type;
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
        Mismatch(value, (name[0] == 'I' ? "an " : "a ") + name);
      }
      return;
    }
    auto found = shapes_.find(ref);
    if (found == shapes_.end()) return;
    const json& shape = *found;
    if (auto members = shape.find("m"); members != shape.end()) {
      if (!value.is_object()) return Mismatch(value, "a Structure");
      if (auto required = shape.find("r"); required != shape.end()) {
        for (const auto& name : *required) {
          auto present = value.find(name.get<std::string>());
          if (present == value.end() || present->is_null()) {
            std::string at = Join(path, MessageName(name.get<std::string>()));
            violations_.push_back({true, at,
                                   "Value null at '" + at +
                                       "' failed to satisfy constraint: Member must "
                                       "not be null"});
          }
        }
      }
      for (const auto& [name, member_ref] : members->items()) {
        auto present = value.find(name);
        if (present != value.end()) Check(member_ref, *present, Join(path, MessageName(name)));
      }
    } else if (auto member = shape.find("l"); member != shape.end()) {
      if (!value.is_array()) return Mismatch(value, "a List");
      for (size_t i = 0; i < value.size(); ++i)
        Check(*member, value[i], path + "." + std::to_string(i + 1) + ".member");
    } else if (auto map_value = shape.find("v"); map_value != shape.end()) {
      if (!value.is_object()) return Mismatch(value, "a Map");
      for (const auto& [key, item] : value.items()) Check(*map_value, item, path + "." + key);
    } else if (auto values = shape.find("e"); values != shape.end()) {
      if (!value.is_string()) return Mismatch(value, "a String");
      for (const auto& allowed : *values) {
        if (allowed == value) return;
      }
      std::string set;
      for (const auto& allowed : *values)
        set += (set.empty() ? "" : ", ") + allowed.get<std::string>();
      violations_.push_back({false, path,
                             "Value '" + value.get<std::string>() + "' at '" + path +
                                 "' failed to satisfy constraint: Member must satisfy enum value "
                                 "set: [" +
                                 set + "]"});
    }
  }

  const std::vector<Violation>& violations() const { return violations_; }
  // The first value of the wrong JSON type (JSON protocols only), or "".
  const std::string& mismatch() const { return mismatch_; }

 private:
  static std::string Join(const std::string& path, const std::string& name) {
    return path.empty() ? name : path + "." + name;
  }

  // The query protocols' values are typed by the decoder; only a JSON body can be of the wrong
  // type, which AWS refuses before it validates anything, naming the first.
  void Mismatch(const json& value, const std::string& expected) {
    if (!typed_ || !mismatch_.empty()) return;
    if (value.is_object()) {
      mismatch_ = "Start of structure or map found where not expected.";
    } else if (value.is_array()) {
      mismatch_ = "Start of list found where not expected";
    } else {
      mismatch_ = Kind(value) + " can not be converted to " + expected;
    }
  }

  const json& shapes_;
  bool typed_;
  std::vector<Violation> violations_;
  std::string mismatch_;
};

// The code of the service's own validation failures (its model's shape where it has one).
const char* ValidationCode(const std::string& service) {
  if (service == "ecs" || service == "logs") return "InvalidParameterException";
  if (service == "servicediscovery") return "InvalidInput";
  if (service == "application-autoscaling" || service == "events") return "ValidationException";
  return "ValidationError";  // the query services: IAM, ELBv2, CloudWatch
}

[[noreturn]] void RaiseEc2(const Violation& first) {
  // EC2 names its parameters as the form does ("GroupName"), and reports one at a time.
  std::string name = first.path.substr(first.path.rfind('.') + 1);
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  if (first.missing)
    throw ApiError("MissingParameter", "The request must contain the parameter " + name);
  throw ApiError("InvalidParameterValue", first.message);
}

}  // namespace
}  // namespace input_constraints_impl

void CheckInput(const aws_api::ServiceModel& service, const std::string& operation,
                const nlohmann::json& input, bool json_body) {
  using namespace input_constraints_impl;
  auto constraints = Constraints().find(service.cli_name);
  if (constraints == Constraints().end()) return;
  auto shape = constraints->at("operations").find(operation);
  if (shape == constraints->at("operations").end()) return;
  Checker checker(constraints->at("shapes"), json_body);
  checker.Check(*shape, input, "");
  if (!checker.mismatch().empty()) throw ApiError("SerializationException", checker.mismatch());
  const std::vector<Violation>& violations = checker.violations();
  if (violations.empty()) return;
  if (service.protocol == aws_api::Protocol::kEc2) RaiseEc2(violations.front());
  std::string message = std::to_string(violations.size()) +
                        (violations.size() == 1 ? " validation error" : " validation errors") +
                        " detected: ";
  for (size_t i = 0; i < violations.size(); ++i) message += (i ? "; " : "") + violations[i].message;
  throw ApiError(ValidationCode(service.cli_name), message);
}

}  // namespace berth::controlplane::api

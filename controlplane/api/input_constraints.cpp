#include "controlplane/api/input_constraints.h"

#include <cctype>
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

class Checker {
 public:
  explicit Checker(const json& shapes) : shapes_(shapes) {}

  void Check(const std::string& shape_name, const json& value, const std::string& path) {
    auto found = shapes_.find(shape_name);
    if (found == shapes_.end()) return;
    const json& shape = *found;
    // A value of the wrong type is the handler's to refuse (SerializationException-like).
    if (auto members = shape.find("m"); members != shape.end()) {
      if (!value.is_object()) return;
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
      for (const auto& [name, member_shape] : members->items()) {
        auto present = value.find(name);
        if (present != value.end()) Check(member_shape, *present, Join(path, MessageName(name)));
      }
    } else if (auto member = shape.find("l"); member != shape.end()) {
      if (!value.is_array()) return;
      for (size_t i = 0; i < value.size(); ++i)
        Check(*member, value[i], path + "." + std::to_string(i + 1) + ".member");
    } else if (auto map_value = shape.find("v"); map_value != shape.end()) {
      if (!value.is_object()) return;
      for (const auto& [key, item] : value.items()) Check(*map_value, item, path + "." + key);
    } else if (auto values = shape.find("e"); values != shape.end()) {
      if (!value.is_string()) return;
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

 private:
  static std::string Join(const std::string& path, const std::string& name) {
    return path.empty() ? name : path + "." + name;
  }

  const json& shapes_;
  std::vector<Violation> violations_;
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
                const nlohmann::json& input) {
  using namespace input_constraints_impl;
  auto constraints = Constraints().find(service.cli_name);
  if (constraints == Constraints().end()) return;
  auto shape = constraints->at("operations").find(operation);
  if (shape == constraints->at("operations").end()) return;
  Checker checker(constraints->at("shapes"));
  checker.Check(*shape, input, "");
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

// The stack as one CloudFormation template: the create calls of `berth emit aws` (with derived
// names and ARNs as placeholders too) turned into resources, each placeholder into the Ref or
// Fn::GetAtt of the resource that produces it, and DependsOn wherever the order the requests
// had is not already implied by a reference.
#include <fmt/format.h>

#include <map>
#include <set>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "backends/aws/capture_check.h"
#include "backends/aws/cfn_properties.h"
#include "backends/aws/cfn_template.h"
#include "backends/aws/emission.h"
#include "backends/aws/ir_access.h"
#include "backends/aws/json_size.h"

namespace berth::aws {

namespace {

// What each placeholder attribute is in CloudFormation, per resource type: a Ref (get_att "")
// or an Fn::GetAtt. `prefix` (a format string of region and account) is written before a Ref
// where CloudFormation has no attribute equal to what the API emission computes.
struct CfnAttribute {
  std::string_view type;
  std::string_view attribute;  // the placeholder's last word: "arn", "dns_name"
  std::string_view get_att;
  std::string_view prefix = {};
};

constexpr CfnAttribute kAttributes[] = {
    {"AWS::ECS::Cluster", "name", ""},
    {"AWS::ECS::Cluster", "arn", "Arn"},
    {"AWS::Logs::LogGroup", "name", ""},
    // Fn::GetAtt Arn ends in ":*"; requests use the ARN without it.
    {"AWS::Logs::LogGroup", "arn", "", "arn:aws:logs:{}:{}:log-group:"},
    {"AWS::IAM::Role", "name", ""},
    {"AWS::IAM::Role", "arn", "Arn"},
    {"AWS::EC2::SecurityGroup", "id", "GroupId"},
    {"AWS::ElasticLoadBalancingV2::TargetGroup", "arn", ""},
    {"AWS::ElasticLoadBalancingV2::TargetGroup", "arn_suffix", "TargetGroupFullName"},
    {"AWS::ElasticLoadBalancingV2::TargetGroup", "name", "TargetGroupName"},
    {"AWS::ElasticLoadBalancingV2::LoadBalancer", "arn", ""},
    {"AWS::ElasticLoadBalancingV2::LoadBalancer", "arn_suffix", "LoadBalancerFullName"},
    {"AWS::ElasticLoadBalancingV2::LoadBalancer", "dns_name", "DNSName"},
    {"AWS::ElasticLoadBalancingV2::LoadBalancer", "zone_id", "CanonicalHostedZoneID"},
    {"AWS::ElasticLoadBalancingV2::LoadBalancer", "name", "LoadBalancerName"},
    {"AWS::ElasticLoadBalancingV2::Listener", "arn", ""},
    {"AWS::ElasticLoadBalancingV2::ListenerRule", "arn", ""},
    {"AWS::ECS::TaskDefinition", "arn", ""},
    {"AWS::ECS::Service", "arn", ""},
    {"AWS::ECS::Service", "name", "Name"},
    {"AWS::ServiceDiscovery::Service", "service_discovery_arn", "Arn"},
    {"AWS::ServiceDiscovery::Service", "service_discovery_id", "Id"},
    {"AWS::ApplicationAutoScaling::ScalableTarget", kScalableTargetAttribute, ""},
    {"AWS::ApplicationAutoScaling::ScalingPolicy", "policy_arn", ""},
    {"AWS::Events::Rule", "arn", "Arn"},
    {"AWS::CloudWatch::Alarm", "arn", "Arn"},
};

const CfnAttribute* AttributeOf(std::string_view type, std::string_view attribute) {
  for (const CfnAttribute& entry : kAttributes) {
    if (entry.type == type && entry.attribute == attribute) return &entry;
  }
  return nullptr;
}

uint32_t Fnv1a(std::string_view text) {
  uint32_t hash = 2166136261u;
  for (char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  return hash;
}

// "sample_api" -> "sample-api": letters, digits and hyphens, starting with a letter.
std::string StackNameOf(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.empty() || !std::isalpha(static_cast<unsigned char>(out[0]))) out = "berth-" + out;
  return out.substr(0, 100);
}

std::string FormatNumber(double number) {
  if (number == static_cast<double>(static_cast<long long>(number)))
    return std::to_string(static_cast<long long>(number));
  return fmt::format("{}", number);
}

class Builder {
 public:
  explicit Builder(const ir::Program& program)
      : program_(program), context_(program, EmitContext::Derived::kPlaceholder) {}

  CfnStack Build() {
    stack_.name = StackNameOf(program_.stack.name);
    Emission emission = EmitStack(program_, EmitContext::Derived::kPlaceholder);
    stack_.notes = emission.notes;
    // Each call's body moves into its resource: the request is not held twice in memory.
    for (AwsCall& call : emission.calls) Add(call);
    AssignLogicalIds();
    references_.resize(stack_.resources.size());
    for (size_t i = 0; i < stack_.resources.size(); ++i) {
      current_ = i;
      CfnResource& resource = stack_.resources[i];
      Resolve(resource.properties);
      resource.properties_bytes = PrettyDumpedSize(resource.properties, 2);
    }
    AddDependsOn();
    AddVariableParameters();
    AddOutputs();
    return std::move(stack_);
  }

 private:
  void Add(AwsCall& call) {
    CfnContribution contribution = ContributionOf(call);
    for (const std::string& path : contribution.unsupported)
      Note(fmt::format("CloudFormation has no property for {} of {} {} ({}): left out", path,
                       call.service, call.operation, call.address));
    switch (contribution.kind) {
      case CfnContribution::Kind::kNewResource: {
        size_t index = stack_.resources.size();
        stack_.resources.push_back({.type = contribution.type,
                                    .address = call.address,
                                    .properties = std::move(contribution.properties)});
        suffixes_.push_back(contribution.suffix);
        by_address_[call.address].push_back(index);
        for (const Capture& capture : call.captures) captured_by_[capture.name] = index;
        return;
      }
      case CfnContribution::Kind::kAddToResource: {
        CfnResource* target = nullptr;
        for (size_t index : by_address_[call.address]) {
          if (stack_.resources[index].type == contribution.type) target = &stack_.resources[index];
        }
        if (target == nullptr) {
          stack_.notes.push_back(fmt::format("{} {} of {} has no {} to add to: not in the template",
                                             call.service, call.operation, call.address,
                                             contribution.type));
          return;
        }
        for (auto& [key, value] : contribution.properties.items()) {
          Json& into = target->properties[key];
          if (value.is_array() && into.is_array()) {
            for (Json& item : value) into.push_back(std::move(item));
          } else {
            into = std::move(value);
          }
        }
        return;
      }
      case CfnContribution::Kind::kIgnored:
        return;
      case CfnContribution::Kind::kUnknown:
        stack_.notes.push_back(fmt::format("no CloudFormation resource for {} {} of {} yet",
                                           call.service, call.operation, call.address));
        return;
    }
  }

  // Address words plus the resource's part ("ServiceApi", "ServiceApiScalableTarget"); a name
  // taken already (`service.a_b` and `service.aB`) or too long gets a hash of what it stands for.
  void AssignLogicalIds() {
    std::set<std::string> taken;
    for (size_t i = 0; i < stack_.resources.size(); ++i) {
      CfnResource& resource = stack_.resources[i];
      std::string id = PascalWords(resource.address) + suffixes_[i];
      if (id.size() > 200 || taken.count(id)) {
        std::string hash = fmt::format("{:08X}", Fnv1a(resource.address + "/" + suffixes_[i]));
        id = id.substr(0, 200) + hash;
      }
      taken.insert(id);
      resource.logical_id = id;
    }
  }

  // A placeholder as CloudFormation pieces: strings and intrinsic functions, to be joined.
  std::vector<Json> Expression(const std::string& name) {
    if (IsSensitivePlaceholder(name)) {
      std::string parameter = SensitiveParameter(name);
      Record(parameter, "", true);
      return {Json{{"Ref", std::move(parameter)}}};
    }
    size_t dot = name.rfind('.');
    std::string attribute = dot == std::string::npos ? name : name.substr(dot + 1);
    std::vector<size_t> candidates;
    if (auto found = captured_by_.find(name); found != captured_by_.end()) {
      candidates.push_back(found->second);
    } else if (auto owned = by_address_.find(name.substr(0, dot)); owned != by_address_.end()) {
      candidates = owned->second;
    }
    for (size_t index : candidates) {
      const CfnResource& target = stack_.resources[index];
      const CfnAttribute* entry = AttributeOf(target.type, attribute);
      if (entry == nullptr) continue;
      if (index == current_) {
        Note(
            fmt::format("{} refers to itself through {{{{berth:{}}}}}: not expressible in one "
                        "CloudFormation resource",
                        target.logical_id, name));
        break;
      }
      references_[current_].insert(index);
      std::vector<Json> pieces;
      if (!entry->prefix.empty())
        pieces.push_back(fmt::format(fmt::runtime(entry->prefix), program_.stack.region,
                                     program_.stack.account));
      Record(target.logical_id, std::string(entry->get_att), entry->get_att.empty());
      if (entry->get_att.empty()) {
        pieces.push_back(Json{{"Ref", target.logical_id}});
      } else {
        pieces.push_back(
            Json{{"Fn::GetAtt", Json::array({target.logical_id, std::string(entry->get_att)})}});
      }
      return pieces;
    }
    // CloudFormation has no attribute for it (a load balancer's VPC): the deployer gives it.
    std::string parameter = PascalWords(name);
    if (!stack_.parameters.contains(parameter)) {
      stack_.parameters[parameter] = {
          {"Type", "String"},
          {"Description",
           "The value of {{berth:" + name + "}}, which no resource of the template provides"}};
      Note(
          fmt::format("no resource of the template provides {{{{berth:{}}}}}: it is the "
                      "parameter {}",
                      name, parameter));
    }
    Record(parameter, "", true);
    return {Json{{"Ref", parameter}}};
  }

  // A Ref or Fn::GetAtt written into the properties of the resource being resolved.
  void Record(const std::string& target, std::string attribute, bool ref) {
    if (current_ < stack_.resources.size())
      stack_.resources[current_].references.push_back({target, std::move(attribute), ref});
  }

  void Note(std::string note) {
    if (noted_.insert(note).second) stack_.notes.push_back(std::move(note));
  }

  // Strings holding placeholders become the intrinsic (alone) or an Fn::Join of the pieces. In
  // place: everything else stays as it is.
  void Resolve(Json& value) {
    if (value.is_array()) {
      for (Json& item : value) Resolve(item);
      return;
    }
    if (value.is_object()) {
      for (Json& item : value) Resolve(item);
      RecordLiteral(value);
      return;
    }
    if (!value.is_string()) return;
    const std::string& text = value.get_ref<const std::string&>();
    if (text.find(kPlaceholderOpen) == std::string::npos) return;
    std::vector<Json> pieces;
    size_t at = 0;
    while (at < text.size()) {
      size_t open = text.find(kPlaceholderOpen, at);
      size_t close = open == std::string::npos ? open : text.find(kPlaceholderClose, open);
      if (close == std::string::npos) {
        pieces.push_back(text.substr(at));
        break;
      }
      if (open > at) pieces.push_back(text.substr(at, open - at));
      for (Json& piece : Expression(
               text.substr(open + kPlaceholderOpen.size(), close - open - kPlaceholderOpen.size())))
        pieces.push_back(std::move(piece));
      at = close + kPlaceholderClose.size();
    }
    // Adjacent strings merge; one intrinsic alone stands for itself.
    Json parts = Json::array();
    for (Json& piece : pieces) {
      if (piece.is_string() && !parts.empty() && parts.back().is_string()) {
        parts.back() = parts.back().get<std::string>() + piece.get<std::string>();
      } else {
        parts.push_back(std::move(piece));
      }
    }
    if (parts.size() == 1) {
      Json only = std::move(parts[0]);
      value = std::move(only);
      return;
    }
    value = Json{{"Fn::Join", Json::array({"", std::move(parts)})}};
  }

  // A Ref or Fn::GetAtt the request itself held (not made from a placeholder): recorded as the
  // ones Expression makes, for the splitter.
  void RecordLiteral(const Json& value) {
    const auto& entries = value.get_ref<const Json::object_t&>();
    if (entries.size() != 1) return;
    const auto& [key, item] = entries.front();
    if (key == "Ref" && item.is_string()) {
      Record(item.get<std::string>(), "", true);
    } else if (key == "Fn::GetAtt" && item.is_array()) {
      Record(item[0].get<std::string>(), item[1].get<std::string>(), false);
    }
  }

  // A NoEcho parameter per sensitive value: the template never holds it.
  std::string SensitiveParameter(const std::string& name) {
    std::string parameter = PascalWords(name);
    if (!stack_.parameters.contains(parameter)) {
      stack_.parameters[parameter] = {
          {"Type", "String"},
          {"NoEcho", true},
          {"Description",
           "The sensitive value " + name.substr(std::string_view("sensitive.").size())}};
    }
    return parameter;
  }

  // DependsOn where the order is not implied by a reference: a resource after the first of its
  // address that refers to none of them (a ScalableTarget needs its ECS service); an IR
  // dependency none of whose resources is referred to; an ECS service forwarding from a target
  // group needs the listeners that attach that group to a load balancer (ECS refuses a target
  // group without one).
  void AddDependsOn() {
    std::vector<std::set<size_t>> depends(stack_.resources.size());
    auto refers_to_any = [&](size_t from, const std::vector<size_t>& targets) {
      for (size_t target : targets) {
        if (references_[from].count(target)) return true;
      }
      return false;
    };
    for (const auto& [address, indexes] : by_address_) {
      for (size_t k = 1; k < indexes.size(); ++k) {
        if (!refers_to_any(indexes[k], indexes)) depends[indexes[k]].insert(indexes[k - 1]);
      }
    }
    for (const ir::Resource& resource : program_.resources) {
      auto own = by_address_.find(resource.address);
      if (own == by_address_.end()) continue;
      for (const std::string& dependency : resource.depends_on) {
        auto targets = by_address_.find(dependency);
        if (targets == by_address_.end()) continue;
        bool referenced = false;
        for (size_t from : own->second)
          referenced = referenced || refers_to_any(from, targets->second);
        if (!referenced)
          depends[own->second[0]].insert(targets->second.begin(), targets->second.end());
      }
    }
    std::unordered_map<size_t, std::vector<size_t>> attachments;  // target group -> listeners
    for (size_t j = 0; j < stack_.resources.size(); ++j) {
      const std::string& type = stack_.resources[j].type;
      if (type != "AWS::ElasticLoadBalancingV2::Listener" &&
          type != "AWS::ElasticLoadBalancingV2::ListenerRule")
        continue;
      for (size_t group : references_[j]) attachments[group].push_back(j);
    }
    for (size_t i = 0; i < stack_.resources.size(); ++i) {
      if (stack_.resources[i].type != "AWS::ECS::Service") continue;
      for (size_t group : references_[i]) {
        auto found = attachments.find(group);
        if (found == attachments.end()) continue;
        for (size_t j : found->second) {
          if (j < i) depends[i].insert(j);
        }
      }
    }
    for (size_t i = 0; i < stack_.resources.size(); ++i) {
      for (size_t target : depends[i]) {
        if (target != i && !references_[i].count(target))
          stack_.resources[i].depends_on.push_back(stack_.resources[target].logical_id);
      }
    }
  }

  // The stack's variables as parameters, declared with their defaults. The IR does not record
  // which attribute values came from a variable, so resources hold the resolved values and the
  // parameters document the inputs (docs/cloudformation.md).
  void AddVariableParameters() {
    for (const ir::Variable& variable : program_.variables) {
      std::string name = PascalWords(variable.name);
      if (stack_.parameters.contains(name)) name += "Variable";
      Json parameter = Json::object();
      const std::string& type = variable.type;
      bool list = type == "list" || (type == "any" && variable.value.is(ValueKind::kList));
      bool number = type == "number" || (type == "any" && variable.value.is(ValueKind::kNumber));
      parameter["Type"] = list ? "CommaDelimitedList" : number ? "Number" : "String";
      if (!variable.description.empty()) parameter["Description"] = variable.description;
      if (variable.sensitive) {
        parameter["NoEcho"] = true;
      } else if (variable.default_value) {
        parameter["Default"] = ParameterText(*variable.default_value);
      }
      if (type == "bool") parameter["AllowedValues"] = {"true", "false"};
      stack_.parameters[name] = std::move(parameter);
    }
  }

  static std::string ParameterText(const Value& value) {
    switch (value.kind()) {
      case ValueKind::kString:
      case ValueKind::kSymbol:
        return value.str();
      case ValueKind::kNumber:
        return FormatNumber(value.number());
      case ValueKind::kBool:
        return value.as_bool() ? "true" : "false";
      case ValueKind::kList: {
        std::string text;
        for (const Value& item : value.list())
          text += (text.empty() ? "" : ",") + ParameterText(item);
        return text;
      }
      default:
        return value.ToSource();
    }
  }

  void AddOutputs() {
    current_ = references_.size();
    references_.emplace_back();
    for (const ir::Output& output : program_.outputs) {
      if (output.sensitive || output.value.ContainsSensitive()) {
        Note("output " + output.name + " is sensitive: not written as a template output");
        continue;
      }
      Json value = ToJson(output.value, context_);
      Resolve(value);
      if (!value.is_string() && !value.is_object()) value = value.dump();
      if (value.is_object() && value.contains("Fn::Join") == false &&
          value.contains("Ref") == false && value.contains("Fn::GetAtt") == false)
        value = value.dump();
      Json entry = {{"Value", std::move(value)}};
      if (!output.description.empty()) entry["Description"] = output.description;
      stack_.outputs[PascalWords(output.name)] = std::move(entry);
    }
  }

  const ir::Program& program_;
  EmitContext context_;
  CfnStack stack_;
  std::vector<std::string> suffixes_;
  std::unordered_map<std::string, std::vector<size_t>> by_address_;
  std::unordered_map<std::string, size_t> captured_by_;
  std::vector<std::set<size_t>> references_;  // per resource: the resources it refers to
  size_t current_ = 0;                        // the resource being resolved
  std::set<std::string> noted_;
};

}  // namespace

CfnStack BuildCloudFormation(const ir::Program& program) { return Builder(program).Build(); }

}  // namespace berth::aws

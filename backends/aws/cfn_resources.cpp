// The stack as one CloudFormation template: the create calls of `berth emit aws` (with derived
// names and ARNs as placeholders too) turned into resources, each placeholder into the Ref or
// Fn::GetAtt of the resource that produces it, and DependsOn wherever the order the requests
// had is not already implied by a reference.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <span>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "backends/aws/capture_check.h"
#include "backends/aws/cfn_properties.h"
#include "backends/aws/cfn_template.h"
#include "backends/aws/emission.h"
#include "backends/aws/ir_access.h"
#include "backends/aws/json_text.h"
#include "backends/aws/text_index.h"

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
 private:
  // How the indexes read their items' keys (TextIndex).
  auto LogicalIds() const {
    return [this](uint32_t i) -> std::string_view { return stack_.resources[i].logical_id; };
  }
  auto Addresses() const {
    return [this](uint32_t i) -> std::string_view { return stack_.resources[i].address; };
  }
  auto CaptureNames() const {
    return [this](uint32_t i) -> std::string_view { return captures_[i].name; };
  }
  auto Names() const {
    return [this](uint32_t i) -> std::string_view { return stack_.names[i]; };
  }

 public:
  explicit Builder(const ir::Program& program)
      : program_(program), context_(program, EmitContext::Derived::kPlaceholder) {}

  // One IR resource's calls at a time (EmitStack hands them over as it makes them): each
  // address's resources are resolved and written as text, their trees freed, when the next
  // address begins; the bodies and trees of the whole stack are never held at once. A resource's
  // references name earlier resources (the calls run in dependency order) or its own address's.
  CfnStack Build() {
    stack_.name = StackNameOf(program_.stack.name);
    // About one resource per call and a dozen calls per service: room for them all up front.
    size_t expected = program_.resources.size() * 2;
    ids_.Reserve(expected);
    // Reserved, not grown: growing moved every resource made so far and held both copies (the
    // pages reserved beyond the last resource are never touched).
    stack_.resources.reserve(expected);
    first_of_address_.reserve(expected);
    next_of_address_.reserve(expected);
    by_address_.Reserve(program_.resources.size());
    captured_by_.Reserve(expected);
    std::vector<std::string> emission_notes =
        EmitStack(program_, EmitContext::Derived::kPlaceholder, [&](std::vector<AwsCall>&& calls) {
          for (AwsCall& call : calls) {
            if (call.address != open_address_) {
              Finish();
              open_address_ = call.address;
              open_first_ = TextIndex::kNone;
            }
            Add(call);
          }
        });
    Finish();
    AddDependsOn();
    AddVariableParameters();
    AddOutputs();
    stack_.notes = std::move(emission_notes);
    for (std::string& note : add_notes_) stack_.notes.push_back(std::move(note));
    for (std::string& note : resolve_notes_) stack_.notes.push_back(std::move(note));
    stack_.id_is_parameter.assign(stack_.resources.size(), false);
    for (const auto& [name, parameter] : stack_.parameters.items()) {
      if (uint32_t found = ids_.Find(name, LogicalIds()); found != TextIndex::kNone)
        stack_.id_is_parameter[found] = true;
    }
    return std::move(stack_);
  }

 private:
  // Writes the open resources (those of the latest address) as text, in order, resolving their
  // placeholders on the way.
  void Finish() {
    for (size_t i = first_open_; i < stack_.resources.size(); ++i) {
      current_ = i;
      referred_begin_.push_back(static_cast<uint32_t>(referred_.size()));
      WriteText(stack_.resources[i]);
      SortUnique(referred_, referred_begin_.back());
    }
    first_open_ = stack_.resources.size();
  }

  // The hooks a resource's properties are written with (JsonTextWriter::Value): keys cased as
  // their call's rules say, each string holding a placeholder written as the intrinsic it
  // resolves to, and every Ref and Fn::GetAtt recorded (CfnReference) as it is written. One
  // walk of each body: nothing is copied into a tree of CloudFormation's keys first.
  class PropertyHooks {
   public:
    PropertyHooks(Builder& builder, CfnResource& resource, CfnCasing casing)
        : builder_(builder), resource_(resource), casing_(casing) {}

    bool Object(JsonTextWriter& writer, const Json& object, unsigned indent) {
      if (!record_ || object.size() != 1) return false;
      const auto& [key, value] = object.get_ref<const Json::object_t&>().front();
      size_t length = builder_.path_.size();
      CfnMember member = CfnMemberOf(casing_, builder_.path_, key);
      builder_.path_.resize(length);
      if (!member.written || member.form != CfnMember::Form::kAsIs) return false;
      CfnReference reference;
      const std::string* name = nullptr;
      // A string with a placeholder in it is written as the intrinsic it resolves to.
      if (Names(member, "Ref") && value.is_string() && !HasPlaceholder(value)) {
        name = &value.get_ref<const std::string&>();
      } else if (Names(member, "Fn::GetAtt") && value.is_array()) {
        name = &value[0].get_ref<const std::string&>();
        reference.attribute = builder_.Intern(value[1].get<std::string>());
        reference.ref = false;
      } else {
        return false;
      }
      if (uint32_t found = builder_.ids_.Find(*name, builder_.LogicalIds());
          found != TextIndex::kNone) {
        reference.target = found;
      } else {
        reference.name = builder_.Intern(*name);
      }
      reference.indent = static_cast<uint16_t>(indent);
      reference.begin = static_cast<uint32_t>(writer.size());
      PropertyHooks inside = *this;
      inside.record_ = false;
      writer.Value(object, indent, inside);
      reference.end = static_cast<uint32_t>(writer.size());
      resource_.references.push_back(reference);
      return true;
    }

    bool String(JsonTextWriter& writer, const std::string& text, unsigned indent) {
      if (text.find(kPlaceholderOpen) == std::string::npos) return false;
      builder_.WriteResolved(writer, resource_, text, indent, record_);
      return true;
    }

    // Each member is written once, under its CloudFormation key: unlike the top-level
    // properties (PropertiesOf), two members cased to the same key would both be written. No
    // AWS request shape has members differing only in their first letter's case, and no rule
    // renames a member onto another's name.
    template <typename Write>
    void Members(const Json::object_t& members, Write&& write) {
      if (casing_.mode != CfnCasing::Mode::kRules) {
        bool capitalize = casing_.mode == CfnCasing::Mode::kCapitalized;
        for (const auto& [key, value] : members) write(key, capitalize, value, *this);
        return;
      }
      std::string& path = builder_.path_;
      for (const auto& [key, value] : members) {
        size_t length = path.size();
        CfnMember member = CfnMemberOf(casing_, path, key);
        if (member.written) {
          PropertyHooks below = *this;
          below.casing_ = member.casing;
          if (member.form == CfnMember::Form::kAsIs) {
            write(member.key, member.capitalize, value, below);
          } else {
            Json formed = CfnFormed(member.form, value, builder_.documents_);
            write(member.key, member.capitalize, formed, below);
          }
        }
        path.resize(length);
      }
    }

   private:
    static bool HasPlaceholder(const Json& value) {
      return value.get_ref<const std::string&>().find(kPlaceholderOpen) != std::string::npos;
    }
    // Whether the member is written with the key `cfn_key`.
    static bool Names(const CfnMember& member, std::string_view cfn_key) {
      if (!member.capitalize) return member.key == cfn_key;
      return member.key.size() == cfn_key.size() && !member.key.empty() &&
             std::toupper(static_cast<unsigned char>(member.key[0])) == cfn_key[0] &&
             member.key.substr(1) == cfn_key.substr(1);
    }

    Builder& builder_;
    CfnResource& resource_;
    CfnCasing casing_;
    bool record_ = true;  // false inside a reference being written
  };

  // The properties as text at a template's depth, with their references; the values are freed.
  void WriteText(CfnResource& resource) {
    constexpr unsigned kDepth = 6;  // template > Resources > id > Properties
    // Written into one buffer that keeps its memory from one resource to the next, then copied
    // into a string of the text's size: no string grows by doubling per resource, and none holds
    // more memory than its text.
    JsonTextWriter& writer = text_writer_;
    writer.Clear();
    JsonTextWriter::Container object = JsonTextWriter::Open('{', kDepth);
    for (const CfnProperty& property : resource.properties) {
      writer.Next(object);
      writer.Key(property.key);
      WriteProperty(writer, resource, property, kDepth + 2);
    }
    writer.Close(object);
    resource.text.assign(writer.text());
    // Every line after a newline starts with the 6 spaces of depth; one level in has 2.
    resource.properties_bytes = resource.text.size() - (kDepth - 2) * writer.newlines();
    FreeProperties(resource.properties);
  }

  void WriteProperty(JsonTextWriter& writer, CfnResource& resource, const CfnProperty& property,
                     unsigned indent) {
    if (property.appended.empty()) {
      path_ = property.value.path;
      PropertyHooks hooks(*this, resource, property.value.casing);
      writer.Value(property.value.value, indent, hooks);
      return;
    }
    // An array that later calls added to: one array of every call's items.
    JsonTextWriter::Container array = JsonTextWriter::Open('[', indent);
    auto items = [&](const CfnValue& value) {
      PropertyHooks hooks(*this, resource, value.casing);
      for (const Json& item : value.value.get_ref<const Json::array_t&>()) {
        path_ = value.path;
        writer.Next(array);
        writer.Value(item, indent + 2, hooks);
      }
    };
    items(property.value);
    for (const CfnValue& more : property.appended) items(more);
    writer.Close(array);
  }

  // Sorts the indexes from `begin` on, each kept once.
  static void SortUnique(std::vector<uint32_t>& indexes, size_t begin) {
    std::sort(indexes.begin() + begin, indexes.end());
    indexes.erase(std::unique(indexes.begin() + begin, indexes.end()), indexes.end());
  }
  // The resources that resource `from` refers to, sorted.
  std::span<const uint32_t> Referred(size_t from) const {
    size_t end = from + 1 < referred_begin_.size() ? referred_begin_[from + 1] : referred_.size();
    return std::span<const uint32_t>(referred_).subspan(referred_begin_[from],
                                                        end - referred_begin_[from]);
  }
  bool Refers(size_t from, size_t target) const {
    std::span<const uint32_t> referred = Referred(from);
    return std::binary_search(referred.begin(), referred.end(), target);
  }

  uint32_t Intern(std::string_view name) {
    auto index = static_cast<uint32_t>(stack_.names.size());
    uint32_t found = names_.FindOrAdd(name, index, Names());
    if (found == index) stack_.names.emplace_back(name);
    return found;
  }

  // The resources of an address: the first (by_address_), then each one's next.
  template <typename Each>
  void ForEachOfAddress(uint32_t first, Each&& each) const {
    for (uint32_t i = first; i != TextIndex::kNone; i = next_of_address_[i]) each(i);
  }

  // Registers resource `index`, just added, as one of `address`'s.
  void AddToAddress(const std::string& address, uint32_t index) {
    next_of_address_.push_back(TextIndex::kNone);
    // The open address's first resource, looked up once per address (its calls come together).
    if (open_first_ == TextIndex::kNone) {
      open_first_ = by_address_.FindOrAdd(address, index, Addresses());
      open_last_ = open_first_;
      while (next_of_address_[open_last_] != TextIndex::kNone)
        open_last_ = next_of_address_[open_last_];
    }
    if (open_last_ != index) next_of_address_[open_last_] = index;
    open_last_ = index;
    first_of_address_.push_back(open_first_);
  }

  void Add(AwsCall& call) {
    // The slots that registering a new resource reads (LogicalId, AddToAddress, the captures),
    // fetched while the call's properties are made: each was a cache miss at 10,000 services.
    std::string words = PascalWords(call.address);
    ids_.Prefetch(words);
    if (open_first_ == TextIndex::kNone) by_address_.Prefetch(call.address);
    for (const Capture& capture : call.captures) captured_by_.Prefetch(capture.name);
    CfnContribution contribution = ContributionOf(call, documents_);
    for (const std::string& path : contribution.unsupported)
      Note(fmt::format("CloudFormation has no property for {} of {} {} ({}): left out", path,
                       call.service, call.operation, call.address),
           add_notes_);
    switch (contribution.kind) {
      case CfnContribution::Kind::kNewResource: {
        auto index = static_cast<uint32_t>(stack_.resources.size());
        stack_.resources.push_back(
            {.logical_id = LogicalId(call.address, std::move(words), contribution.suffix),
             .type = contribution.type,
             .address = call.address,
             .properties = std::move(contribution.properties)});
        AddToAddress(call.address, index);
        for (Capture& capture : call.captures) {
          auto number = static_cast<uint32_t>(captures_.size());
          captures_.push_back({std::move(capture.name), index});
          // A later capture of the same name wins.
          captured_by_.FindOrAdd(captures_.back().name, number, CaptureNames()) = number;
        }
        return;
      }
      case CfnContribution::Kind::kAddToResource: {
        CfnResource* target = nullptr;
        // Only a resource still open takes additions: the calls of an address come together, so
        // the open resources are the address's (the latest of the type).
        for (size_t index = first_open_; index < stack_.resources.size(); ++index) {
          if (stack_.resources[index].type == contribution.type) target = &stack_.resources[index];
        }
        if (target == nullptr) {
          add_notes_.push_back(fmt::format("{} {} of {} has no {} to add to: not in the template",
                                           call.service, call.operation, call.address,
                                           contribution.type));
          return;
        }
        for (CfnProperty& addition : contribution.properties) Merge(target->properties, addition);
        return;
      }
      case CfnContribution::Kind::kIgnored:
        return;
      case CfnContribution::Kind::kUnknown:
        add_notes_.push_back(fmt::format("no CloudFormation resource for {} {} of {} yet",
                                         call.service, call.operation, call.address));
        return;
    }
  }

  // `into[key] = value`, except that an array added to an array is appended to it.
  static void Merge(std::vector<CfnProperty>& into, CfnProperty& addition) {
    for (CfnProperty& property : into) {
      if (property.key != addition.key) continue;
      if (property.is_array() && addition.is_array()) {
        property.appended.push_back(std::move(addition.value));
        for (CfnValue& more : addition.appended) property.appended.push_back(std::move(more));
      } else {
        property.value = std::move(addition.value);
        property.appended = std::move(addition.appended);
      }
      return;
    }
    into.push_back(std::move(addition));
  }

  // Address words plus the resource's part ("ServiceApi", "ServiceApiScalableTarget"); a name
  // taken already (`service.a_b` and `service.aB`) or too long gets a hash of what it stands for.
  // Registers the id (ids_) for the resource about to be added. `words`: PascalWords(address).
  std::string LogicalId(const std::string& address, std::string words, const std::string& suffix) {
    auto index = static_cast<uint32_t>(stack_.resources.size());
    std::string id = std::move(words) + suffix;
    // The resource is not in the stack yet: the index reads only the keys of those that are.
    if (id.size() <= 200 && ids_.FindOrAdd(id, index, LogicalIds()) == index) return id;
    std::string hash = fmt::format("{:08X}", Fnv1a(address + "/" + suffix));
    id = id.substr(0, 200) + hash;
    ids_.FindOrAdd(id, index, LogicalIds());
    return id;
  }

  // A part of a string holding placeholders, as CloudFormation has it: literal text, or the Ref
  // or Fn::GetAtt that a placeholder stands for.
  struct Piece {
    std::string text;  // the literal, or the logical id or parameter named
    bool intrinsic = false;
    uint32_t target = CfnReference::kNone;  // the resource named, when it is one
    std::string_view get_att = {};          // for an Fn::GetAtt; "" for a Ref
  };

  static void AddLiteral(std::vector<Piece>& pieces, std::string_view text) {
    // Adjacent literals merge.
    if (!pieces.empty() && !pieces.back().intrinsic) {
      pieces.back().text += text;
    } else {
      pieces.push_back({std::string(text)});
    }
  }

  // Appends what the placeholder `name` stands for to `pieces`.
  void Expression(const std::string& name, std::vector<Piece>& pieces) {
    if (IsSensitivePlaceholder(name)) {
      pieces.push_back({SensitiveParameter(name), true});
      return;
    }
    size_t dot = name.rfind('.');
    std::string_view attribute =
        dot == std::string::npos ? name : std::string_view(name).substr(dot + 1);
    // The resource that captures it, else those of the address it names: the first that has
    // the attribute.
    uint32_t captured = captured_by_.Find(name, CaptureNames());
    uint32_t first = TextIndex::kNone;
    if (captured != TextIndex::kNone) {
      first = captures_[captured].resource;
    } else {
      first = by_address_.Find(std::string_view(name).substr(0, dot), Addresses());
    }
    for (uint32_t index = first; index != TextIndex::kNone;
         index = captured != TextIndex::kNone ? TextIndex::kNone : next_of_address_[index]) {
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
      referred_.push_back(index);
      if (!entry->prefix.empty())
        AddLiteral(pieces, fmt::format(fmt::runtime(entry->prefix), program_.stack.region,
                                       program_.stack.account));
      pieces.push_back({target.logical_id, true, index, entry->get_att});
      return;
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
    pieces.push_back({std::move(parameter), true});
  }

  // A string holding placeholders as pieces: written as the one intrinsic or literal it comes to,
  // or as an Fn::Join of them.
  std::vector<Piece> Pieces(const std::string& text) {
    std::vector<Piece> pieces;
    size_t at = 0;
    while (at < text.size()) {
      size_t open = text.find(kPlaceholderOpen, at);
      size_t close = open == std::string::npos ? open : text.find(kPlaceholderClose, open);
      if (close == std::string::npos) {
        AddLiteral(pieces, std::string_view(text).substr(at));
        break;
      }
      if (open > at) AddLiteral(pieces, std::string_view(text).substr(at, open - at));
      Expression(
          text.substr(open + kPlaceholderOpen.size(), close - open - kPlaceholderOpen.size()),
          pieces);
      at = close + kPlaceholderClose.size();
    }
    return pieces;
  }

  // The pieces as a tree (for the stack's outputs, which the splitter reads as trees).
  static Json Tree(const Piece& piece) {
    if (!piece.intrinsic) return piece.text;
    if (piece.get_att.empty()) return Json{{"Ref", piece.text}};
    return Json{{"Fn::GetAtt", Json::array({piece.text, std::string(piece.get_att)})}};
  }
  Json Resolved(const std::string& text) {
    std::vector<Piece> pieces = Pieces(text);
    if (pieces.size() == 1) return Tree(pieces[0]);
    Json parts = Json::array();
    for (const Piece& piece : pieces) parts.push_back(Tree(piece));
    return Json{{"Fn::Join", Json::array({"", std::move(parts)})}};
  }

  // The same written as text (what Resolved's tree would be written as), each intrinsic recorded
  // in the resource's references unless `record` is false.
  void WriteResolved(JsonTextWriter& writer, CfnResource& resource, const std::string& text,
                     unsigned indent, bool record) {
    std::vector<Piece> pieces = Pieces(text);
    if (pieces.size() == 1) {
      WritePiece(writer, resource, pieces[0], indent, record);
      return;
    }
    JsonTextWriter::Container join = JsonTextWriter::Open('{', indent);
    writer.Next(join);
    writer.Key("Fn::Join");
    JsonTextWriter::Container arguments = JsonTextWriter::Open('[', indent + 2);
    writer.Next(arguments);
    writer.String("");
    writer.Next(arguments);
    JsonTextWriter::Container parts = JsonTextWriter::Open('[', indent + 4);
    for (const Piece& piece : pieces) {
      writer.Next(parts);
      WritePiece(writer, resource, piece, indent + 6, record);
    }
    writer.Close(parts);
    writer.Close(arguments);
    writer.Close(join);
  }

  void WritePiece(JsonTextWriter& writer, CfnResource& resource, const Piece& piece,
                  unsigned indent, bool record) {
    if (!piece.intrinsic) {
      writer.String(piece.text);
      return;
    }
    CfnReference reference;
    reference.ref = piece.get_att.empty();
    if (!reference.ref) reference.attribute = Intern(piece.get_att);
    if (piece.target != CfnReference::kNone) {
      reference.target = piece.target;
    } else if (uint32_t found = ids_.Find(piece.text, LogicalIds()); found != TextIndex::kNone) {
      reference.target = found;  // a parameter named like a resource: counts as both
    } else {
      reference.name = Intern(piece.text);
    }
    reference.indent = static_cast<uint16_t>(indent);
    reference.begin = static_cast<uint32_t>(writer.size());
    JsonTextWriter::Container object = JsonTextWriter::Open('{', indent);
    writer.Next(object);
    if (reference.ref) {
      writer.Key("Ref");
      writer.String(piece.text);
    } else {
      writer.Key("Fn::GetAtt");
      JsonTextWriter::Container arguments = JsonTextWriter::Open('[', indent + 2);
      writer.Next(arguments);
      writer.String(piece.text);
      writer.Next(arguments);
      writer.String(piece.get_att);
      writer.Close(arguments);
    }
    writer.Close(object);
    reference.end = static_cast<uint32_t>(writer.size());
    if (record) resource.references.push_back(reference);
  }

  void Note(std::string note, std::vector<std::string>& into) {
    if (noted_.insert(note).second) into.push_back(std::move(note));
  }
  void Note(std::string note) { Note(std::move(note), resolve_notes_); }

  // Resolved in place, in every string of a tree (the stack's outputs).
  void Resolve(Json& value) {
    if (value.is_object()) {
      for (auto& entry : value.get_ref<Json::object_t&>()) Resolve(entry.second);
    } else if (value.is_array()) {
      for (Json& item : value.get_ref<Json::array_t&>()) Resolve(item);
    } else if (value.is_string() &&
               value.get_ref<const std::string&>().find(kPlaceholderOpen) != std::string::npos) {
      Json resolved = Resolved(value.get_ref<const std::string&>());
      value = std::move(resolved);
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
    // Whether `from` refers to any resource of the address whose first resource is `first`.
    auto refers_to_any = [&](uint32_t from, uint32_t first) {
      bool refers = false;
      ForEachOfAddress(first, [&](uint32_t target) { refers = refers || Refers(from, target); });
      return refers;
    };
    for (uint32_t i = 0; i < stack_.resources.size(); ++i) {
      uint32_t next = next_of_address_[i];
      if (next != TextIndex::kNone && !refers_to_any(next, first_of_address_[next]))
        depends[next].insert(i);
    }
    for (const ir::Resource& resource : program_.resources) {
      uint32_t own = by_address_.Find(resource.address, Addresses());
      if (own == TextIndex::kNone) continue;
      for (const std::string& dependency : resource.depends_on) {
        uint32_t targets = by_address_.Find(dependency, Addresses());
        if (targets == TextIndex::kNone) continue;
        bool referenced = false;
        ForEachOfAddress(
            own, [&](uint32_t from) { referenced = referenced || refers_to_any(from, targets); });
        if (!referenced)
          ForEachOfAddress(targets, [&](uint32_t target) { depends[own].insert(target); });
      }
    }
    std::unordered_map<size_t, std::vector<size_t>> attachments;  // target group -> listeners
    for (size_t j = 0; j < stack_.resources.size(); ++j) {
      std::string_view type = stack_.resources[j].type;
      if (type != "AWS::ElasticLoadBalancingV2::Listener" &&
          type != "AWS::ElasticLoadBalancingV2::ListenerRule")
        continue;
      for (size_t group : Referred(j)) attachments[group].push_back(j);
    }
    for (size_t i = 0; i < stack_.resources.size(); ++i) {
      if (stack_.resources[i].type != "AWS::ECS::Service") continue;
      for (size_t group : Referred(i)) {
        auto found = attachments.find(group);
        if (found == attachments.end()) continue;
        for (size_t j : found->second) {
          if (j < i) depends[i].insert(j);
        }
      }
    }
    for (size_t i = 0; i < stack_.resources.size(); ++i) {
      for (size_t target : depends[i]) {
        if (target != i && !Refers(i, target)) {
          stack_.resources[i].depends_on.push_back(stack_.resources[target].logical_id);
          stack_.resources[i].depends_on_index.push_back(static_cast<uint32_t>(target));
        }
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
    // What the outputs refer to is recorded after the resources' (and not read).
    current_ = stack_.resources.size();
    referred_begin_.push_back(static_cast<uint32_t>(referred_.size()));
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
  std::string open_address_;  // the address whose resources are still being made
  size_t first_open_ = 0;     // its first resource
  // Its first and latest resource (kNone until it has one).
  uint32_t open_first_ = TextIndex::kNone;
  uint32_t open_last_ = TextIndex::kNone;
  TextIndex ids_;                           // logical id -> resource
  TextIndex names_;                         // -> CfnStack::names
  std::vector<std::string> add_notes_;      // from the calls, in their order
  std::vector<std::string> resolve_notes_;  // then from resolving references
  // An address's resources: its first (by_address_), each one's next (next_of_address_, kNone
  // after the last); per resource, the first of its address.
  TextIndex by_address_;
  std::vector<uint32_t> next_of_address_;
  std::vector<uint32_t> first_of_address_;
  // The captures of the resources' calls: capture name -> the resource.
  struct Captured {
    std::string name;
    uint32_t resource;
  };
  std::vector<Captured> captures_;
  TextIndex captured_by_;  // -> captures_

  std::string path_;  // the API path of the body's object being written (CfnMemberOf)
  CfnDocuments documents_;
  JsonTextWriter text_writer_;  // the text of the resource being written
  // The resources each resource refers to, sorted, each once: resource i's from
  // referred_begin_[i] to the next one's begin (the outputs' last).
  std::vector<uint32_t> referred_;
  std::vector<uint32_t> referred_begin_;
  size_t current_ = 0;  // the resource being resolved
  std::set<std::string> noted_;
};

}  // namespace

CfnStack BuildCloudFormation(const ir::Program& program) { return Builder(program).Build(); }

}  // namespace berth::aws

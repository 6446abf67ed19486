#include "backends/aws/live_json.h"

#include <cmath>

namespace berth::aws::live {

namespace {

std::string Child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

const char* TypeName(const Json& json) {
  if (json.is_string()) return "a string";
  if (json.is_number()) return "a number";
  if (json.is_boolean()) return "a boolean";
  if (json.is_array()) return "an array";
  if (json.is_object()) return "an object";
  return "null";
}

}  // namespace

void Node::Fail(const std::string& message) const {
  throw SnapshotError(file_ + ": " + (path_.empty() ? "(top level)" : path_) + ": " + message);
}

std::optional<Node> Node::Member(std::string_view key) const {
  if (!json_->is_object()) Fail(std::string("expected an object, found ") + TypeName(*json_));
  auto it = json_->find(std::string(key));
  if (it == json_->end() || it->is_null()) return std::nullopt;
  return Node(&*it, file_, Child(path_, key));
}

bool Node::Has(std::string_view key) const { return Member(key).has_value(); }

Node Node::At(std::string_view key) const {
  std::optional<Node> member = Member(key);
  if (!member) Fail("missing \"" + std::string(key) + "\"");
  return *member;
}

std::vector<Node> Node::Items() const {
  if (!json_->is_array()) Fail(std::string("expected an array, found ") + TypeName(*json_));
  std::vector<Node> items;
  for (size_t i = 0; i < json_->size(); ++i)
    items.emplace_back(&(*json_)[i], file_, path_ + "[" + std::to_string(i) + "]");
  return items;
}

std::vector<Node> Node::Items(std::string_view key) const {
  std::optional<Node> member = Member(key);
  if (!member) return {};
  return member->Items();
}

std::string Node::AsStr() const {
  if (!json_->is_string()) Fail(std::string("expected a string, found ") + TypeName(*json_));
  return json_->get<std::string>();
}

std::string Node::Str(std::string_view key) const { return At(key).AsStr(); }

std::optional<std::string> Node::OptStr(std::string_view key) const {
  std::optional<Node> member = Member(key);
  if (!member) return std::nullopt;
  return member->AsStr();
}

std::optional<double> Node::OptNumber(std::string_view key) const {
  std::optional<Node> member = Member(key);
  if (!member) return std::nullopt;
  const Json& j = member->json();
  // Some APIs print numbers as strings (elbv2 rule priorities, attribute values).
  if (j.is_string()) {
    const std::string text = j.get<std::string>();
    char* end = nullptr;
    double value = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0') member->Fail("expected a number, found \"" + text + "\"");
    return value;
  }
  if (!j.is_number()) member->Fail(std::string("expected a number, found ") + TypeName(j));
  return j.get<double>();
}

std::optional<long long> Node::OptInt(std::string_view key) const {
  std::optional<double> number = OptNumber(key);
  if (!number) return std::nullopt;
  if (std::floor(*number) != *number) At(key).Fail("expected a whole number");
  return static_cast<long long>(*number);
}

long long Node::Int(std::string_view key) const {
  std::optional<long long> value = OptInt(key);
  if (!value) Fail("missing \"" + std::string(key) + "\"");
  return *value;
}

std::optional<bool> Node::OptBool(std::string_view key) const {
  std::optional<Node> member = Member(key);
  if (!member) return std::nullopt;
  if (!member->json().is_boolean())
    member->Fail(std::string("expected a boolean, found ") + TypeName(member->json()));
  return member->json().get<bool>();
}

std::vector<std::string> Node::Strs(std::string_view key) const {
  std::vector<std::string> out;
  for (const Node& item : Items(key)) out.push_back(item.AsStr());
  return out;
}

}  // namespace berth::aws::live

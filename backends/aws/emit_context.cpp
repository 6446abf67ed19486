// Reference resolution for requests. Values AWS derives from names we declare (role, cluster and
// log group ARNs) are computed here, so requests carry them literally; values AWS generates
// (target group and load balancer ARNs, security group ids, DNS names) become placeholders.
#include <initializer_list>

#include "backends/aws/aws_call.h"
#include "backends/aws/ir_access.h"

namespace berth::aws {

namespace {

// The pieces one after another, in a string allocated once (fmt::format costs several times as
// much for text this simple, and every request names a few of these).
std::string Joined(std::initializer_list<std::string_view> pieces) {
  size_t size = 0;
  for (std::string_view piece : pieces) size += piece.size();
  std::string text;
  text.reserve(size);
  for (std::string_view piece : pieces) text.append(piece);
  return text;
}

}  // namespace

std::string Placeholder(std::string_view address, std::string_view attribute) {
  return Joined({kPlaceholderOpen, address, ".", attribute, kPlaceholderClose});
}

namespace {

const std::string& NameOf(const ir::Resource& resource) {
  for (const char* key : {"name", "family"}) {
    if (const Value* name = Field(resource.attributes, key); name && name->is(ValueKind::kString))
      return name->str();
  }
  return resource.name;
}

}  // namespace

Json EmitContext::Resolve(const RefTarget& ref) const {
  const ir::Resource* target = program_.Find(ref.address);
  if (target == nullptr)
    return Placeholder(ref.address, ref.attribute.empty() ? "id" : ref.attribute);
  // Views: comparing them with literals checks the lengths first, with no call to compare().
  std::string_view kind = target->kind;
  std::string_view attribute = ref.attribute;
  const std::string& name = NameOf(*target);

  if (derived_ == Derived::kPlaceholder) {
    // The handle each kind's reference stands for, as named in the placeholder.
    std::string_view handle = attribute;
    if (handle.empty()) {
      handle = kind == "role" || kind == "task" ? "arn" : kind == "security_group" ? "id" : "name";
    }
    bool derivable = ((kind == "role" || kind == "cluster" || kind == "log_group") &&
                      (handle == "name" || handle == "arn")) ||
                     (kind == "task" && handle == "arn") || (kind == "service" && handle == "name");
    if (derivable) return Placeholder(ref.address, handle);
  }
  if (attribute == "name" || attribute == "family") return name;
  if (kind == "role" && (attribute.empty() || attribute == "arn")) {
    const Value* path = Field(target->attributes, "path");
    std::string_view role_path = "/";
    if (path && path->is(ValueKind::kString)) role_path = path->str();
    return Joined({"arn:aws:iam::", account(), ":role", role_path, name});
  }
  if (kind == "cluster") {
    if (attribute.empty()) return name;
    if (attribute == "arn")
      return Joined({"arn:aws:ecs:", region(), ":", account(), ":cluster/", name});
  }
  if (kind == "log_group") {
    if (attribute.empty()) return name;
    if (attribute == "arn")
      return Joined({"arn:aws:logs:", region(), ":", account(), ":log-group:", name});
  }
  if (kind == "task" && attribute.empty()) return name;  // ECS takes the family for the latest
  if (kind == "service" && attribute.empty()) return name;
  if (kind == "security_group" && attribute.empty()) return Placeholder(ref.address, "id");
  return Placeholder(ref.address, attribute.empty() ? "arn" : attribute);
}

}  // namespace berth::aws

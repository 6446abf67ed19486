// One schema table per resource kind (see docs/resources.md). The checker, the lowering, the
// planner and the backends all read these tables; attribute knowledge lives nowhere else.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/value.h"

namespace berth::schema {

enum class TypeKind {
  kAny,
  kString,
  kNumber,
  kBool,
  kDuration,
  kSize,
  kPercent,
  kCpu,       // CPU units: a plain number (units) or a `vcpu` literal
  kList,      // of element
  kMap,       // string keys, values of element
  kRef,       // a reference to a resource of one of ref_kinds
  kEnum,      // one of enum_values, written as a bare word or a string
  kSecretOrString,  // a string or secret(...)
};

struct Type {
  TypeKind kind = TypeKind::kAny;
  const Type* element = nullptr;              // kList, kMap
  std::vector<std::string_view> ref_kinds;    // kRef
  std::vector<std::string_view> enum_values;  // kEnum

  std::string Describe() const;  // "list(string)", "reference to role", "one of: a, b"
};

// Canonical type instances (static storage, so Type::element pointers stay valid).
const Type& Any();
const Type& String();
const Type& Number();
const Type& Bool();
const Type& Duration();
const Type& Size();
const Type& Percent();
const Type& Cpu();
const Type& SecretOrString();
const Type& ListOf(const Type& element);  // interned
const Type& MapOf(const Type& element);   // interned
const Type& RefTo(std::vector<std::string_view> kinds);
const Type& EnumOf(std::vector<std::string_view> values);

// Who decides an attribute's live value. An owned attribute is never reset by apply.
enum class Owner {
  kConfig,       // berth: the declared value is enforced
  kAutoscaling,  // desired_count under autoscaling
  kPipeline,     // e.g. an image tag set by a deploy pipeline
};

struct AttributeSpec {
  std::string_view name;
  const Type* type = nullptr;
  bool required = false;
  std::optional<Value> default_value;  // filled in by lowering when the attribute is omitted
  bool default_is_label = false;       // the default is the block's label (names)
  bool forces_replacement = false;     // a change replaces the resource
  bool sensitive = false;              // masked in every output
  Owner owned_by = Owner::kConfig;
  // What AWS accepts beyond the type, in the attribute's own kind (a duration for a duration):
  // inclusive bounds, or the closed set of values. The checker rejects anything else, and
  // its suggestions ("write it with a unit, e.g. 30d") pick values that pass.
  std::optional<Value> min;
  std::optional<Value> max;
  std::vector<Value> allowed;
  std::string_view doc;
};

// A nested block or a resource kind.
struct BlockSpec {
  std::string_view name;       // "task", "container", "health"
  bool labeled = false;        // requires a label: container "app" { }
  bool repeated = false;       // may appear many times in its parent
  bool required = false;       // must appear at least once in its parent
  std::string_view ir_key;     // key in the parent's IR map ("containers"); name when empty
  std::vector<AttributeSpec> attributes;
  std::vector<const BlockSpec*> blocks;
  // Attributes known only after apply (arn, dns_name...): references to them stay unknown.
  std::vector<std::string_view> computed;
  std::string_view doc;
  // What a bare reference to the resource (`task.api`, no attribute) stands for: an attribute
  // ("family" of a task, "name" of a cluster), or "" for its identity (an ARN or id), which a
  // replacement always renews. The planner carries a replacement to the references it renews.
  std::string_view handle;

  const AttributeSpec* FindAttribute(std::string_view name) const;
  const BlockSpec* FindBlock(std::string_view name) const;
  // Every attribute and block name, for "did you mean".
  std::vector<std::string> Names() const;
};

// The resource kinds: cluster, task, service, load_balancer, listener_rule, target_group, role,
// log_group, schedule, security_group. nullptr for anything else.
const BlockSpec* FindResource(std::string_view kind);
const std::vector<const BlockSpec*>& AllResources();

}  // namespace berth::schema

// The typed value tree of the language. Produced by evaluation, stored in the IR, compared by the
// planner. Units are part of the kind, so a duration can never be compared with a size.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "compiler/base/source.h"

namespace berth {

enum class ValueKind : uint8_t {
  kNull,
  kBool,
  kNumber,
  kString,
  kDuration,  // milliseconds in number()
  kSize,      // bytes in number()
  kPercent,   // percent points in number(): 70% is 70
  kCpu,       // ECS CPU units in number(): 1vcpu is 1024
  kList,
  kMap,       // entries sorted by key, keys unique
  kRef,       // a reference to a resource or one of its attributes, known after apply
  kSecret,    // secret("arn..."): the source of a secret, injected at run time
  kSymbol,    // a bare identifier used as an enum member, e.g. `rollback`
  kTemplate,  // "https://${load_balancer.x.dns_name}/api": text around references, known after
              // apply; parts() holds the strings and references in order
};

const char* ValueKindName(ValueKind kind);  // "string", "duration", ... for messages

class Value;
using ValueList = std::vector<Value>;
using ValueMap = std::vector<std::pair<std::string, Value>>;

struct RefTarget {
  std::string address;    // "role.exec", "module.web.service.api"
  std::string attribute;  // "" for the resource itself, else "arn", "dns_name", ...
  bool operator==(const RefTarget&) const = default;
};

class Value {
 public:
  Value() = default;

  static Value Null(SourceRange r = {});
  static Value Bool(bool b, SourceRange r = {});
  static Value Number(double n, SourceRange r = {});
  static Value String(std::string s, SourceRange r = {});
  static Value Duration(double ms, SourceRange r = {});
  static Value Size(double bytes, SourceRange r = {});
  static Value Percent(double pct, SourceRange r = {});
  static Value Cpu(double units, SourceRange r = {});
  static Value List(ValueList items, SourceRange r = {});
  static Value Map(ValueMap entries, SourceRange r = {});  // sorts; later duplicates win
  static Value Ref(std::string address, std::string attribute = {}, SourceRange r = {});
  static Value Secret(std::string source, SourceRange r = {});
  static Value Symbol(std::string name, SourceRange r = {});
  // The interpolation of `parts` (strings and references; templates among them are flattened),
  // so that text around a value known only after apply is kept. Adjacent strings merge; with no
  // reference left the result is that String, and a reference with no text around it is that
  // reference. A sensitive part makes the whole template sensitive.
  static Value Template(ValueList parts, SourceRange r = {});

  ValueKind kind() const { return kind_; }
  bool is(ValueKind k) const { return kind_ == k; }
  bool is_null() const { return kind_ == ValueKind::kNull; }
  // Number-like kinds: number, duration, size, percent, cpu.
  bool is_numeric() const;
  // Known only after apply: a reference, or a template with references in it.
  bool is_unknown() const { return kind_ == ValueKind::kRef || kind_ == ValueKind::kTemplate; }

  bool as_bool() const;
  double number() const;           // numeric kinds
  const std::string& str() const;  // string, secret, symbol
  const ValueList& list() const;
  ValueList& mutable_list();
  const ValueMap& map() const;
  ValueMap& mutable_map();
  const RefTarget& ref() const;
  const ValueList& parts() const;  // template: non-empty strings and references, in order

  // Map lookup; nullptr when absent or not a map.
  const Value* Get(std::string_view key) const;
  // Map insert-or-replace keeping order.
  void Set(std::string key, Value value);

  // Sensitive values come from `sensitive` variables or secrets; every renderer masks them.
  bool sensitive() const { return sensitive_; }
  Value& MarkSensitive(bool s = true);
  // True when this value or anything inside it is sensitive.
  bool ContainsSensitive() const;
  // True when this value or anything inside it is a reference or a template (unknown until
  // apply).
  bool ContainsRef() const;

  const SourceRange& range() const { return range_; }
  void set_range(const SourceRange& r) { range_ = r; }

  // Structural equality: kind, content, sensitivity ignored, ranges ignored.
  bool operator==(const Value& other) const;

  // The value as berth source text (`30s`, `512MiB`, `"x"`, `[1, 2]`): used in messages, fmt
  // and plan renderers. Sensitive values print as `(sensitive)` unless reveal is set.
  std::string ToSource(bool reveal = false) const;

 private:
  // A reference's two strings live on the heap: held inline (64 bytes) they made every value
  // of every kind a third larger than the next largest alternative needs, and the values of a
  // large program are most of its memory. Copies are deep, as they were.
  class RefBox {
   public:
    explicit RefBox(RefTarget target) : target_(std::make_unique<RefTarget>(std::move(target))) {}
    RefBox(const RefBox& other)
        : target_(other.target_ ? std::make_unique<RefTarget>(*other.target_) : nullptr) {}
    RefBox(RefBox&&) noexcept = default;
    RefBox& operator=(const RefBox& other) {
      if (this != &other) *this = RefBox(other);
      return *this;
    }
    RefBox& operator=(RefBox&&) noexcept = default;
    bool operator==(const RefBox& other) const {
      return target_ && other.target_ ? *target_ == *other.target_ : target_ == other.target_;
    }
    const RefTarget& get() const { return *target_; }

   private:
    std::unique_ptr<RefTarget> target_;
  };
  using Storage =
      std::variant<std::monostate, bool, double, std::string, ValueList, ValueMap, RefBox>;
  ValueKind kind_ = ValueKind::kNull;
  bool sensitive_ = false;
  SourceRange range_;
  Storage data_;
};

// Canonical text of unit values, choosing the largest unit that divides exactly.
std::string FormatDuration(double ms);  // 30000 -> "30s"
std::string FormatSize(double bytes);   // 536870912 -> "512MiB"

}  // namespace berth

#include "compiler/base/value.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cctype>

namespace berth {

const char* ValueKindName(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNull: return "null";
    case ValueKind::kBool: return "bool";
    case ValueKind::kNumber: return "number";
    case ValueKind::kString: return "string";
    case ValueKind::kDuration: return "duration";
    case ValueKind::kSize: return "size";
    case ValueKind::kPercent: return "percentage";
    case ValueKind::kCpu: return "cpu";
    case ValueKind::kList: return "list";
    case ValueKind::kMap: return "map";
    case ValueKind::kRef: return "reference";
    case ValueKind::kSecret: return "secret";
    case ValueKind::kSymbol: return "name";
    case ValueKind::kTemplate: return "string";  // to a user, a string known after apply
  }
  return "value";
}

#define BERTH_VALUE_CTOR(kind_enum, payload) \
  Value v;                                   \
  v.kind_ = kind_enum;                       \
  v.range_ = r;                              \
  v.data_ = payload;                         \
  return v;

Value Value::Null(SourceRange r) { BERTH_VALUE_CTOR(ValueKind::kNull, std::monostate{}) }
Value Value::Bool(bool b, SourceRange r) { BERTH_VALUE_CTOR(ValueKind::kBool, b) }
Value Value::Number(double n, SourceRange r) { BERTH_VALUE_CTOR(ValueKind::kNumber, n) }
Value Value::String(std::string s, SourceRange r) {
  BERTH_VALUE_CTOR(ValueKind::kString, std::move(s))
}
Value Value::Duration(double ms, SourceRange r) { BERTH_VALUE_CTOR(ValueKind::kDuration, ms) }
Value Value::Size(double bytes, SourceRange r) { BERTH_VALUE_CTOR(ValueKind::kSize, bytes) }
Value Value::Percent(double pct, SourceRange r) { BERTH_VALUE_CTOR(ValueKind::kPercent, pct) }
Value Value::Cpu(double units, SourceRange r) { BERTH_VALUE_CTOR(ValueKind::kCpu, units) }
Value Value::List(ValueList items, SourceRange r) {
  BERTH_VALUE_CTOR(ValueKind::kList, std::move(items))
}
Value Value::Map(ValueMap entries, SourceRange r) {
  // Sort by key; for duplicate keys the later entry wins (stable sort keeps source order).
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  ValueMap unique;
  unique.reserve(entries.size());
  for (auto& e : entries) {
    if (!unique.empty() && unique.back().first == e.first) {
      unique.back().second = std::move(e.second);
    } else {
      unique.push_back(std::move(e));
    }
  }
  BERTH_VALUE_CTOR(ValueKind::kMap, std::move(unique))
}
Value Value::Ref(std::string address, std::string attribute, SourceRange r) {
  BERTH_VALUE_CTOR(ValueKind::kRef, RefBox(RefTarget{std::move(address), std::move(attribute)}))
}
Value Value::Secret(std::string source, SourceRange r) {
  BERTH_VALUE_CTOR(ValueKind::kSecret, std::move(source))
}
Value Value::Symbol(std::string name, SourceRange r) {
  BERTH_VALUE_CTOR(ValueKind::kSymbol, std::move(name))
}

Value Value::Template(ValueList parts, SourceRange r) {
  ValueList flat;
  bool sensitive = false;
  bool has_ref = false;
  auto append = [&](const Value& part) {
    if (part.is(ValueKind::kRef)) {
      // The template carries the sensitivity; its parts are plain.
      flat.push_back(Value::Ref(part.ref().address, part.ref().attribute, part.range()));
      has_ref = true;
    } else if (part.str().empty()) {
      // Nothing to keep: an empty piece of text changes no interpolation.
    } else if (!flat.empty() && flat.back().is(ValueKind::kString)) {
      flat.back().data_ = flat.back().str() + part.str();
    } else {
      flat.push_back(Value::String(part.str(), part.range()));
    }
  };
  for (const Value& part : parts) {
    sensitive = sensitive || part.ContainsSensitive();
    if (part.is(ValueKind::kTemplate)) {
      for (const Value& inner : part.parts()) append(inner);
    } else {
      append(part);
    }
  }
  Value result;
  if (!has_ref) {
    result = Value::String(flat.empty() ? std::string() : flat[0].str(), r);
  } else if (flat.size() == 1) {
    result = std::move(flat[0]);
    result.range_ = r;
  } else {
    result.kind_ = ValueKind::kTemplate;
    result.range_ = r;
    result.data_ = std::move(flat);
  }
  return result.MarkSensitive(sensitive);
}

#undef BERTH_VALUE_CTOR

bool Value::is_numeric() const {
  switch (kind_) {
    case ValueKind::kNumber:
    case ValueKind::kDuration:
    case ValueKind::kSize:
    case ValueKind::kPercent:
    case ValueKind::kCpu: return true;
    default: return false;
  }
}

// Accessors are only called after checking kind(); a wrong call is a programming error in berth,
// so it fails loudly here rather than returning a made-up value.
bool Value::as_bool() const { return std::get<bool>(data_); }
double Value::number() const { return std::get<double>(data_); }
const std::string& Value::str() const { return std::get<std::string>(data_); }
const ValueList& Value::list() const { return std::get<ValueList>(data_); }
ValueList& Value::mutable_list() { return std::get<ValueList>(data_); }
const ValueMap& Value::map() const { return std::get<ValueMap>(data_); }
ValueMap& Value::mutable_map() { return std::get<ValueMap>(data_); }
const RefTarget& Value::ref() const { return std::get<RefBox>(data_).get(); }
const ValueList& Value::parts() const {
  if (kind_ != ValueKind::kTemplate) throw std::bad_variant_access();
  return std::get<ValueList>(data_);
}

namespace {

// Most maps are small (a block's attributes: ten or so): a scan that skips keys by their length
// and first byte costs fewer instructions than a binary search, whose steps each call memcmp
// (lookups of attributes were a tenth of the request builders' instructions).
constexpr size_t kScannedMapSize = 16;

}  // namespace

const Value* Value::Get(std::string_view key) const {
  if (kind_ != ValueKind::kMap) return nullptr;
  const ValueMap& m = map();
  if (m.size() <= kScannedMapSize && !key.empty()) {
    for (const auto& [name, value] : m) {
      if (name.size() == key.size() && name.front() == key.front() && name == key) return &value;
    }
    return nullptr;
  }
  auto it = std::lower_bound(m.begin(), m.end(), key,
                             [](const auto& e, std::string_view k) { return e.first < k; });
  if (it == m.end() || it->first != key) return nullptr;
  return &it->second;
}

void Value::Set(std::string key, Value value) {
  if (kind_ != ValueKind::kMap) {
    kind_ = ValueKind::kMap;
    data_ = ValueMap{};
  }
  ValueMap& m = mutable_map();
  auto it = std::lower_bound(m.begin(), m.end(), key,
                             [](const auto& e, const std::string& k) { return e.first < k; });
  if (it != m.end() && it->first == key) {
    it->second = std::move(value);
  } else {
    m.insert(it, {std::move(key), std::move(value)});
  }
}

Value& Value::MarkSensitive(bool s) {
  sensitive_ = s;
  return *this;
}

bool Value::ContainsSensitive() const {
  if (sensitive_) return true;
  if (kind_ == ValueKind::kList) {
    for (const Value& v : list()) {
      if (v.ContainsSensitive()) return true;
    }
  } else if (kind_ == ValueKind::kMap) {
    for (const auto& [k, v] : map()) {
      if (v.ContainsSensitive()) return true;
    }
  }
  return false;
}

bool Value::ContainsRef() const {
  if (is_unknown()) return true;
  if (kind_ == ValueKind::kList) {
    for (const Value& v : list()) {
      if (v.ContainsRef()) return true;
    }
  } else if (kind_ == ValueKind::kMap) {
    for (const auto& [k, v] : map()) {
      if (v.ContainsRef()) return true;
    }
  }
  return false;
}

bool Value::operator==(const Value& other) const {
  return kind_ == other.kind_ && data_ == other.data_;
}

namespace {

std::string FormatNumber(double n) {
  if (std::isfinite(n) && n == std::floor(n) && std::fabs(n) < 9007199254740992.0) {
    return fmt::format("{}", static_cast<int64_t>(n));
  }
  return fmt::format("{}", n);
}

std::string QuoteString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '$': out += "\\$"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

bool IsIdentifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

}  // namespace

std::string FormatDuration(double ms) {
  struct Unit { double factor; const char* suffix; };
  static const Unit units[] = {{86400000, "d"}, {3600000, "h"}, {60000, "m"}, {1000, "s"}};
  for (const Unit& u : units) {
    if (ms != 0 && std::fmod(ms, u.factor) == 0) return FormatNumber(ms / u.factor) + u.suffix;
  }
  if (ms == 0) return "0s";
  return FormatNumber(ms) + "ms";
}

std::string FormatSize(double bytes) {
  struct Unit { double factor; const char* suffix; };
  static const Unit units[] = {{1099511627776.0, "TiB"}, {1073741824.0, "GiB"},
                               {1048576.0, "MiB"}, {1024.0, "KiB"}};
  for (const Unit& u : units) {
    if (bytes != 0 && std::fmod(bytes, u.factor) == 0) {
      return FormatNumber(bytes / u.factor) + u.suffix;
    }
  }
  // Sizes below 1 KiB are only reachable by arithmetic; they print in KiB fractions.
  if (bytes == 0) return "0MiB";
  return FormatNumber(bytes / 1024.0) + "KiB";
}

std::string Value::ToSource(bool reveal) const {
  if (sensitive_ && !reveal) return "(sensitive)";
  switch (kind_) {
    case ValueKind::kNull: return "null";
    case ValueKind::kBool: return as_bool() ? "true" : "false";
    case ValueKind::kNumber: return FormatNumber(number());
    case ValueKind::kString: return QuoteString(str());
    case ValueKind::kDuration: return FormatDuration(number());
    case ValueKind::kSize: return FormatSize(number());
    case ValueKind::kPercent: return FormatNumber(number()) + "%";
    case ValueKind::kCpu: return FormatNumber(number());
    case ValueKind::kSymbol: return str();
    case ValueKind::kSecret: return "secret(" + QuoteString(str()) + ")";
    case ValueKind::kRef: {
      const RefTarget& r = ref();
      return r.attribute.empty() ? r.address : r.address + "." + r.attribute;
    }
    case ValueKind::kTemplate: {
      // As it was written: "https://${load_balancer.public.dns_name}/api".
      std::string out = "\"";
      for (const Value& part : parts()) {
        if (part.is(ValueKind::kRef)) {
          out += "${" + part.ToSource(/*reveal=*/true) + "}";
        } else {
          std::string quoted = QuoteString(part.str());
          out += quoted.substr(1, quoted.size() - 2);
        }
      }
      return out + "\"";
    }
    case ValueKind::kList: {
      std::string out = "[";
      bool first = true;
      for (const Value& v : list()) {
        if (!first) out += ", ";
        first = false;
        out += v.ToSource(reveal);
      }
      return out + "]";
    }
    case ValueKind::kMap: {
      if (map().empty()) return "{}";
      std::string out = "{ ";
      bool first = true;
      for (const auto& [k, v] : map()) {
        if (!first) out += ", ";
        first = false;
        out += (IsIdentifier(k) ? k : QuoteString(k)) + " = " + v.ToSource(reveal);
      }
      return out + " }";
    }
  }
  return "";
}

}  // namespace berth

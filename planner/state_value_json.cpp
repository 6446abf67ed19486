// Typed values as exact JSON: the tags of docs/ir.md, plus {"$sensitive": VALUE} (a saved
// plan's content) or {"$sensitive": {"$digest": "hmac-sha256:..."}} (a state's keyed hash) and
// {"$map": {...}} for a map whose own keys start with
// `$`, so no user map can be mistaken for a tag.
#include "planner/state_value_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>
#include <type_traits>

#include "compiler/ir/value_writer.h"
#include "planner/state.h"
#include "planner/state_digest.h"

namespace berth::state {

namespace {

struct Unit {
  std::string_view suffix;
  double factor;
};
constexpr Unit kDurationUnits[] = {
    {"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}, {"d", 86400000}};
constexpr Unit kSizeUnits[] = {
    {"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0}, {"TiB", 1099511627776.0}};

// "30s" -> 30000 with kDurationUnits; nullopt unless the text is a number and a known unit.
template <size_t N>
std::optional<double> ParseWithUnit(const std::string& text, const Unit (&units)[N]) {
  size_t split = 0;
  while (split < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[split])) || text[split] == '.' ||
          text[split] == '-' || text[split] == 'e' || text[split] == '+')) {
    ++split;
  }
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + split, number);
  if (split == 0 || ec != std::errc() || end != text.data() + split) return std::nullopt;
  std::string_view suffix = std::string_view(text).substr(split);
  for (const Unit& u : units) {
    if (suffix == u.suffix) return number * u.factor;
  }
  return std::nullopt;
}

// Where a value sits ("service.api.attributes.containers[0]"), spelled out only when a message
// needs it: building that text for every node of a 38 MB state was a third of loading it.
class Where {
 public:
  explicit Where(const std::string& root) : root_(&root) {}
  Where Key(std::string_view key) const { return Where(this, key, 0); }
  Where Index(size_t index) const { return Where(this, {}, index + 1); }

  std::string Text() const {
    if (parent_ == nullptr) return *root_;
    if (index_ > 0) return fmt::format("{}[{}]", parent_->Text(), index_ - 1);
    return parent_->Text() + "." + std::string(key_);
  }

 private:
  Where(const Where* parent, std::string_view key, size_t index)
      : parent_(parent), key_(key), index_(index) {}
  const std::string* root_ = nullptr;
  const Where* parent_ = nullptr;
  std::string_view key_;
  size_t index_ = 0;  // 1 + the list index; 0 for a map key
};

constexpr const char* kMalformedTemplate =
    "is a malformed template: expected {\"$template\": [...]} of strings and at least one "
    "{\"$ref\": ...}";

// The parts of a {"$template": [...]}: strings and references, at least one reference.
bool IsTemplate(const Value& parts) {
  if (!parts.is(ValueKind::kList)) return false;
  bool has_ref = false;
  for (const Value& part : parts.list()) {
    if (part.sensitive() || !(part.is(ValueKind::kString) || part.is(ValueKind::kRef)))
      return false;
    has_ref = has_ref || part.is(ValueKind::kRef);
  }
  return has_ref;
}

// Reads a const DOM by copying its strings, or a DOM the caller gives up (`Json` non-const) by
// moving them out, which spares an allocation and a copy per string of a large state.
template <typename Json>
class Reader {
 public:
  explicit Reader(std::string& error) : error_(error) {}

  std::optional<Value> Read(Json& j, const Where& where) {
    switch (j.type()) {
      case nlohmann::json::value_t::null:
        return Value::Null();
      case nlohmann::json::value_t::boolean:
        return Value::Bool(j.template get<bool>());
      case nlohmann::json::value_t::number_integer:
      case nlohmann::json::value_t::number_unsigned:
      case nlohmann::json::value_t::number_float:
        return Value::Number(j.template get<double>());
      case nlohmann::json::value_t::string:
        return Value::String(TakeString(j));
      case nlohmann::json::value_t::array: {
        ValueList items;
        items.reserve(j.size());
        for (size_t i = 0; i < j.size(); ++i) {
          auto item = Read(j[i], where.Index(i));
          if (!item) return std::nullopt;
          items.push_back(std::move(*item));
        }
        return Value::List(std::move(items));
      }
      case nlohmann::json::value_t::object:
        return ReadObject(j, where);
      default:
        return Fail(where, "is not a JSON value berth writes");
    }
  }

 private:
  static std::string TakeString(Json& j) {
    if constexpr (std::is_const_v<Json>) {
      return j.template get<std::string>();
    } else {
      return std::move(j.template get_ref<std::string&>());
    }
  }

  std::optional<Value> Fail(const Where& where, const std::string& what) {
    error_ = fmt::format("{} {}", where.Text(), what);
    return std::nullopt;
  }

  std::optional<Value> ReadMap(Json& j, const Where& where) {
    ValueMap entries;
    entries.reserve(j.size());
    for (auto it = j.begin(); it != j.end(); ++it) {
      auto item = Read(it.value(), where.Key(it.key()));
      if (!item) return std::nullopt;
      entries.emplace_back(it.key(), std::move(*item));
    }
    return Value::Map(std::move(entries));
  }

  std::optional<Value> ReadObject(Json& j, const Where& where) {
    bool tagged = false;
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (!it.key().empty() && it.key()[0] == '$') tagged = true;
    }
    if (!tagged) return ReadMap(j, where);

    if (j.contains("$ref")) {
      const nlohmann::json& address = j["$ref"];
      bool attribute_ok =
          j.size() == 1 || (j.size() == 2 && j.contains("attribute") && j["attribute"].is_string());
      if (!address.is_string() || !attribute_ok) {
        return Fail(where,
                    "is a malformed reference: expected {\"$ref\": ADDRESS} with an "
                    "optional string \"attribute\"");
      }
      return Value::Ref(address.get<std::string>(),
                        j.size() == 2 ? j["attribute"].template get<std::string>() : "");
    }
    std::string tag;
    for (auto it = j.begin(); it != j.end() && tag.empty(); ++it) {
      if (!it.key().empty() && it.key()[0] == '$') tag = it.key();
    }
    if (j.size() != 1) {
      return Fail(where, fmt::format("mixes the tag \"{}\" with other keys", tag));
    }
    Json& inner = j.begin().value();
    if (tag == "$sensitive") {
      auto value = Read(inner, where);
      if (!value) return std::nullopt;
      value->MarkSensitive();
      return value;
    }
    if (tag == "$digest") {
      if (!inner.is_string() || !IsDigest(DigestValue(inner.template get<std::string>()))) {
        return Fail(where, "has a malformed \"$digest\": expected \"hmac-sha256:HEX\"");
      }
      return DigestValue(TakeString(inner));
    }
    if (tag == "$map") {
      if (!inner.is_object()) return Fail(where, "has a \"$map\" that is not an object");
      return ReadMap(inner, where);
    }
    if (tag == "$duration" || tag == "$size") {
      if (!inner.is_string()) return Fail(where, fmt::format("has a non-string \"{}\"", tag));
      const std::string& text = inner.template get_ref<const std::string&>();
      bool duration = tag == "$duration";
      auto amount =
          duration ? ParseWithUnit(text, kDurationUnits) : ParseWithUnit(text, kSizeUnits);
      if (!amount) {
        return Fail(where, fmt::format("has the {} \"{}\", which is not a number with a unit ({})",
                                       duration ? "duration" : "size", text,
                                       duration ? "ms, s, m, h, d" : "KiB, MiB, GiB, TiB"));
      }
      return duration ? Value::Duration(*amount) : Value::Size(*amount);
    }
    if (tag == "$percent" || tag == "$cpu") {
      if (!inner.is_number()) return Fail(where, fmt::format("has a non-number \"{}\"", tag));
      double number = inner.template get<double>();
      return tag == "$percent" ? Value::Percent(number) : Value::Cpu(number);
    }
    if (tag == "$secret" || tag == "$symbol") {
      if (!inner.is_string()) return Fail(where, fmt::format("has a non-string \"{}\"", tag));
      std::string text = TakeString(inner);
      return tag == "$secret" ? Value::Secret(std::move(text)) : Value::Symbol(std::move(text));
    }
    if (tag == "$template") {
      if (!inner.is_array()) return Fail(where, kMalformedTemplate);
      auto parts = Read(inner, where);
      if (!parts) return std::nullopt;
      if (!IsTemplate(*parts)) return Fail(where, kMalformedTemplate);
      return Value::Template(parts->list());
    }
    return Fail(where, fmt::format("has the unknown tag \"{}\"", tag));
  }

  std::string& error_;
};

// Whole state files straight from nlohmann's SAX events into Values, with no document in
// between: for 10,000 services the document alone took 400 MB and half of the load. It accepts
// only what the document path accepts and reads to the same values, and gives up on anything
// else (a syntax error, a duplicate key, a malformed tag...): the document path then words the
// message.
class StateSax {
 public:
  using json = nlohmann::json;

  explicit StateSax(State& out) : out_(out) {}

  bool null() { return Scalar(Value::Null()); }
  bool boolean(bool b) { return Scalar(Value::Bool(b)); }
  bool number_integer(json::number_integer_t n) {
    return Integer(false, 0, static_cast<double>(n));
  }
  bool number_unsigned(json::number_unsigned_t n) {
    return Integer(true, n, static_cast<double>(n));
  }
  bool number_float(json::number_float_t n, const json::string_t&) {
    return Scalar(Value::Number(n));
  }
  bool string(json::string_t& s);
  bool binary(json::binary_t&) { return false; }
  bool start_object(size_t);
  bool key(json::string_t& k);
  bool end_object();
  bool start_array(size_t);
  bool end_array();
  bool parse_error(size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

  bool done() const { return done_ && stack_.empty(); }

 private:
  enum class Frame { kTop, kResources, kResource, kDepends, kObject, kList, kSkip };
  struct Level {
    Frame frame;
    std::string key;          // kTop, kResource, kObject: the key whose value comes next
    ValueMap entries;         // kObject
    ValueList items;          // kList
    bool last_plain = false;  // kObject: the last entry was a JSON object without a tag
    bool tagged = false;      // kObject: some key starts with `$`
    unsigned seen = 0;        // kTop, kResource: the known keys met, to refuse duplicates
    int depth = 0;            // kSkip: nesting below the skipped key
  };

  Level& Top() { return stack_.back(); }
  void Push(Frame frame) { stack_.push_back(Level{frame}); }
  bool InValue() {
    return !stack_.empty() && (Top().frame == Frame::kObject || Top().frame == Frame::kList);
  }
  bool Skipping() { return !stack_.empty() && Top().frame == Frame::kSkip; }
  // The bit of a key the document path reads in frame `frame`, 0 for a key it ignores.
  static unsigned KnownKey(Frame frame, std::string_view key);
  bool KeyIs(std::string_view key) { return Top().key == key; }
  bool Unknown() { return KnownKey(Top().frame, Top().key) == 0; }

  bool Scalar(Value v);
  // The parser reports non-negative integers as unsigned (`n`), negative ones as signed.
  bool Integer(bool non_negative, uint64_t n, double number);
  bool Deliver(Value v, bool plain_object);
  bool OpenNested(Frame frame);
  std::optional<Value> Close(Level& level);

  State& out_;
  std::vector<Level> stack_;
  Resource resource_;
  bool done_ = false;
};

unsigned StateSax::KnownKey(Frame frame, std::string_view key) {
  if (frame == Frame::kTop) {
    return key == "format_version" ? 1
           : key == "lineage"      ? 2
           : key == "serial"       ? 4
           : key == "resources"    ? 8
                                   : 0;
  }
  if (frame == Frame::kResource) {
    return key == "address"      ? 1
           : key == "kind"       ? 2
           : key == "attributes" ? 4
           : key == "computed"   ? 8
           : key == "depends_on" ? 16
                                 : 0;
  }
  return 0;
}

bool StateSax::Deliver(Value v, bool plain_object) {
  Level& parent = Top();
  switch (parent.frame) {
    case Frame::kObject:
      parent.tagged |= !parent.key.empty() && parent.key[0] == '$';
      parent.entries.emplace_back(std::move(parent.key), std::move(v));
      parent.last_plain = plain_object;
      return true;
    case Frame::kList:
      parent.items.push_back(std::move(v));
      return true;
    case Frame::kResource:
      (KeyIs("attributes") ? resource_.attributes : resource_.computed) = std::move(v);
      return true;
    default:
      return false;
  }
}

bool StateSax::Scalar(Value v) {
  if (InValue()) return Deliver(std::move(v), false);
  if (Skipping()) return true;
  if (stack_.empty() || (Top().frame != Frame::kTop && Top().frame != Frame::kResource)) {
    return false;
  }
  if (Top().frame == Frame::kResource && KeyIs("computed") && v.is_null()) {
    resource_.computed = Value::Map({});  // null reads as an absent `computed`
    return true;
  }
  return Unknown();
}

bool StateSax::Integer(bool non_negative, uint64_t n, double number) {
  if (!stack_.empty() && Top().frame == Frame::kTop && !Unknown()) {
    // format_version must be exactly 1 and serial non-negative, as the document path checks.
    if (KeyIs("format_version") && non_negative && n == 1) return true;
    if (KeyIs("serial") && non_negative) {
      out_.serial = n;
      return true;
    }
    return false;
  }
  return Scalar(Value::Number(number));
}

bool StateSax::string(json::string_t& s) {
  if (InValue()) return Deliver(Value::String(std::move(s)), false);
  if (Skipping()) return true;
  if (stack_.empty()) return false;
  Level& level = Top();
  if (level.frame == Frame::kDepends) {
    resource_.depends_on.push_back(std::move(s));
    return true;
  }
  if (level.frame == Frame::kTop && KeyIs("lineage")) {
    out_.lineage = std::move(s);
    return !out_.lineage.empty();
  }
  if (level.frame == Frame::kResource && (KeyIs("address") || KeyIs("kind"))) {
    (KeyIs("address") ? resource_.address : resource_.kind) = std::move(s);
    return true;
  }
  return (level.frame == Frame::kTop || level.frame == Frame::kResource) && Unknown();
}

bool StateSax::key(json::string_t& k) {
  if (Skipping()) return true;
  Level& level = Top();
  level.key = std::move(k);
  unsigned bit = KnownKey(level.frame, level.key);
  if (bit == 0) return true;
  if (level.seen & bit) return false;  // a duplicate: the document keeps the last one
  level.seen |= bit;
  return true;
}

// A container below the top level or a resource: part of a value, or skipped when its key is
// one the document path ignores.
bool StateSax::OpenNested(Frame frame) {
  if (InValue()) {
    Push(frame);
    return true;
  }
  if (Skipping()) {
    ++Top().depth;
    return true;
  }
  if (!Unknown()) return false;
  Push(Frame::kSkip);
  Top().depth = 1;
  return true;
}

bool StateSax::start_object(size_t) {
  if (stack_.empty()) {
    if (done_) return false;
    Push(Frame::kTop);
    return true;
  }
  switch (Top().frame) {
    case Frame::kResources:
      resource_ = Resource{};
      resource_.computed = Value::Map({});
      Push(Frame::kResource);
      return true;
    case Frame::kResource:
      if (KeyIs("attributes") || KeyIs("computed")) {
        Push(Frame::kObject);
        return true;
      }
      return OpenNested(Frame::kObject);
    case Frame::kDepends:
      return false;
    default:
      return OpenNested(Frame::kObject);
  }
}

bool StateSax::start_array(size_t) {
  if (stack_.empty()) return false;
  switch (Top().frame) {
    case Frame::kTop:
      if (KeyIs("resources")) {
        Push(Frame::kResources);
        return true;
      }
      return OpenNested(Frame::kList);
    case Frame::kResource:
      if (KeyIs("depends_on")) {
        Push(Frame::kDepends);
        return true;
      }
      return OpenNested(Frame::kList);
    case Frame::kResources:
    case Frame::kDepends:
      return false;
    default:
      return OpenNested(Frame::kList);
  }
}

bool StateSax::end_object() {
  Level& level = Top();
  switch (level.frame) {
    case Frame::kSkip:
      if (--level.depth == 0) stack_.pop_back();
      return true;
    case Frame::kObject: {
      Level closed = std::move(level);
      stack_.pop_back();
      std::optional<Value> v = Close(closed);
      return v && Deliver(std::move(*v), !closed.tagged);
    }
    case Frame::kResource:
      if ((level.seen & 7) != 7) return false;  // address, kind and attributes are required
      stack_.pop_back();
      out_.resources.push_back(std::move(resource_));
      return true;
    case Frame::kTop:
      if (level.seen != 15) return false;
      stack_.pop_back();
      done_ = true;
      return true;
    default:
      return false;
  }
}

bool StateSax::end_array() {
  Level& level = Top();
  switch (level.frame) {
    case Frame::kSkip:
      if (--level.depth == 0) stack_.pop_back();
      return true;
    case Frame::kList: {
      Value v = Value::List(std::move(level.items));
      stack_.pop_back();
      return Deliver(std::move(v), false);
    }
    case Frame::kResources:
    case Frame::kDepends:
      stack_.pop_back();
      return true;
    default:
      return false;
  }
}

// A JSON string as the reader made it: tags make other kinds, and `$sensitive` marks its value.
bool IsJsonString(const Value& v) { return v.is(ValueKind::kString) && !v.sensitive(); }

// Value::Map sorts into a fresh vector (and stable_sort takes a buffer): three allocations per
// map. State files are written with sorted keys, so that work is skipped when already done.
Value SortedMap(ValueMap entries) {
  bool sorted = std::adjacent_find(entries.begin(), entries.end(), [](auto& a, auto& b) {
                  return !(a.first < b.first);
                }) == entries.end();
  if (!sorted) return Value::Map(std::move(entries));
  Value map = Value::Map({});
  map.mutable_map() = std::move(entries);
  return map;
}

std::optional<Value> StateSax::Close(Level& level) {
  ValueMap& entries = level.entries;
  if (!level.tagged) return SortedMap(std::move(entries));
  auto ref =
      std::find_if(entries.begin(), entries.end(), [](auto& e) { return e.first == "$ref"; });
  if (ref != entries.end()) {
    if (!IsJsonString(ref->second)) return std::nullopt;
    if (entries.size() == 1) return Value::Ref(ref->second.str(), "");
    const auto& other = entries[ref == entries.begin() ? 1 : 0];
    if (entries.size() != 2 || other.first != "attribute" || !IsJsonString(other.second)) {
      return std::nullopt;
    }
    return Value::Ref(ref->second.str(), other.second.str());
  }
  if (entries.size() != 1) return std::nullopt;
  const std::string& tag = entries[0].first;
  Value& inner = entries[0].second;
  if (tag == "$sensitive") return std::move(inner.MarkSensitive());
  if (tag == "$map")
    return level.last_plain ? std::optional<Value>(std::move(inner)) : std::nullopt;
  if ((tag == "$duration" || tag == "$size") && IsJsonString(inner)) {
    bool duration = tag == "$duration";
    auto amount = duration ? ParseWithUnit(inner.str(), kDurationUnits)
                           : ParseWithUnit(inner.str(), kSizeUnits);
    if (!amount) return std::nullopt;
    return duration ? Value::Duration(*amount) : Value::Size(*amount);
  }
  if ((tag == "$percent" || tag == "$cpu") && inner.is(ValueKind::kNumber) && !inner.sensitive()) {
    return tag == "$percent" ? Value::Percent(inner.number()) : Value::Cpu(inner.number());
  }
  if (tag == "$digest" && IsJsonString(inner) && IsDigest(DigestValue(inner.str()))) {
    return DigestValue(inner.str());
  }
  if ((tag == "$secret" || tag == "$symbol") && IsJsonString(inner)) {
    std::string text = inner.str();
    return tag == "$secret" ? Value::Secret(std::move(text)) : Value::Symbol(std::move(text));
  }
  if (tag == "$template" && !inner.sensitive() && IsTemplate(inner)) {
    return Value::Template(inner.list());
  }
  return std::nullopt;
}

}  // namespace

bool ReadStateFast(const std::string& text, State& state) {
  StateSax sax(state);
  return nlohmann::json::sax_parse(text, &sax) && sax.done();
}

namespace {}  // namespace

void WriteExactValue(JsonWriter& w, const Value& value) {
  WriteTypedValue(w, value, SensitiveValues::kKeep);
}

void WriteHashedValue(JsonWriter& w, const Value& value, std::string_view key) {
  if (!value.ContainsSensitive()) {
    WriteTypedValue(w, value, SensitiveValues::kKeep);
    return;
  }
  WriteTypedValue(w, value, [key](JsonWriter& out, const Value& sensitive) {
    out.BeginObject();
    out.Key("$digest");
    out.String(Digest(key, sensitive));
    out.EndObject();
  });
}

std::optional<Value> ReadExactValue(const nlohmann::json& json, const std::string& where,
                                    std::string& error) {
  return Reader<const nlohmann::json>(error).Read(json, Where(where));
}

std::optional<Value> TakeExactValue(nlohmann::json& json, const std::string& where,
                                    std::string& error) {
  return Reader<nlohmann::json>(error).Read(json, Where(where));
}

std::string ValueToJson(const Value& value) {
  std::ostringstream out;
  {
    JsonWriter w(out, 0);
    WriteExactValue(w, value);
  }  // the writer hands its buffer to `out` when it goes away
  return out.str();
}

std::optional<Value> ValueFromJson(std::string_view json, std::string& error) {
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    error = "not valid JSON";
    return std::nullopt;
  }
  return ReadExactValue(parsed, "value", error);
}

}  // namespace berth::state

// One writer of typed values as JSON for every file berth writes: the IR's output (sensitive
// values masked) and the state file and saved plans (sensitive content kept).
#include "compiler/ir/value_writer.h"

namespace berth {

namespace {

bool HasDollarKey(const ValueMap& map) {
  for (const auto& [key, item] : map) {
    if (!key.empty() && key[0] == '$') return true;
  }
  return false;
}

void WriteTagged(JsonWriter& w, std::string_view tag, auto write_value) {
  w.BeginObject();
  w.Key(tag);
  write_value();
  w.EndObject();
}

struct Mode {
  SensitiveValues sensitive;
  const SensitiveWriter* write_sensitive = nullptr;  // set: it writes what $sensitive holds
};

void WriteValue(JsonWriter& w, const Value& value, const Mode& mode);

void WriteContent(JsonWriter& w, const Value& v, const Mode& mode) {
  switch (v.kind()) {
    case ValueKind::kNull:
      w.Null();
      break;
    case ValueKind::kBool:
      w.Bool(v.as_bool());
      break;
    case ValueKind::kNumber:
      w.Number(v.number());
      break;
    case ValueKind::kString:
      w.String(v.str());
      break;
    case ValueKind::kDuration:
      WriteTagged(w, "$duration", [&] { w.String(FormatDuration(v.number())); });
      break;
    case ValueKind::kSize:
      WriteTagged(w, "$size", [&] { w.String(FormatSize(v.number())); });
      break;
    case ValueKind::kPercent:
      WriteTagged(w, "$percent", [&] { w.Number(v.number()); });
      break;
    case ValueKind::kCpu:
      WriteTagged(w, "$cpu", [&] { w.Number(v.number()); });
      break;
    case ValueKind::kSecret:
      WriteTagged(w, "$secret", [&] { w.String(v.str()); });
      break;
    case ValueKind::kSymbol:
      WriteTagged(w, "$symbol", [&] { w.String(v.str()); });
      break;
    case ValueKind::kRef:
      w.BeginObject();
      w.Key("$ref");
      w.String(v.ref().address);
      if (!v.ref().attribute.empty()) {
        w.Key("attribute");
        w.String(v.ref().attribute);
      }
      w.EndObject();
      break;
    case ValueKind::kTemplate:
      // {"$template": ["https://", {"$ref": ..., "attribute": "dns_name"}, "/api"]}
      WriteTagged(w, "$template", [&] {
        w.BeginArray();
        for (const Value& part : v.parts()) WriteContent(w, part, mode);
        w.EndArray();
      });
      break;
    case ValueKind::kList:
      w.BeginArray();
      for (const Value& item : v.list()) WriteValue(w, item, mode);
      w.EndArray();
      break;
    case ValueKind::kMap: {
      bool wrap = HasDollarKey(v.map());
      if (wrap) {
        w.BeginObject();
        w.Key("$map");
      }
      w.BeginObject();
      for (const auto& [key, item] : v.map()) {
        w.Key(key);
        WriteValue(w, item, mode);
      }
      w.EndObject();
      if (wrap) w.EndObject();
      break;
    }
  }
}

void WriteValue(JsonWriter& w, const Value& value, const Mode& mode) {
  if (!value.sensitive()) {
    WriteContent(w, value, mode);
    return;
  }
  w.BeginObject();
  w.Key("$sensitive");
  if (mode.write_sensitive) {
    (*mode.write_sensitive)(w, value);
  } else if (mode.sensitive == SensitiveValues::kKeep) {
    WriteContent(w, value, mode);
  } else {
    w.Bool(true);
  }
  w.EndObject();
}

}  // namespace

void WriteTypedValue(JsonWriter& w, const Value& value, SensitiveValues mode) {
  WriteValue(w, value, Mode{mode});
}

void WriteTypedValue(JsonWriter& w, const Value& value, const SensitiveWriter& write_sensitive) {
  WriteValue(w, value, Mode{SensitiveValues::kKeep, &write_sensitive});
}

}  // namespace berth

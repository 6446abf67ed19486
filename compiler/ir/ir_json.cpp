// Canonical JSON of the IR (documented in docs/ir.md).
#include <algorithm>

#include "compiler/ir/ir.h"
#include "compiler/ir/json_writer.h"
#include "compiler/ir/value_writer.h"

namespace berth::ir {

const Resource* Program::Find(std::string_view address) const {
  auto it = std::lower_bound(resources.begin(), resources.end(), address,
                             [](const Resource& r, std::string_view a) { return r.address < a; });
  if (it == resources.end() || it->address != address) return nullptr;
  return &*it;
}

namespace {

// Typed scalars keep their unit as a one-key object, so consumers never confuse 30s with 30.
void WriteTagged(JsonWriter& w, std::string_view tag, auto write_value) {
  w.BeginObject();
  w.Key(tag);
  write_value();
  w.EndObject();
}

void WriteValue(JsonWriter& w, const Value& v) { WriteTypedValue(w, v, SensitiveValues::kMask); }

void WriteSource(JsonWriter& w, const SourceRange& range, const SourceManager& sources) {
  w.Key("source");
  if (range.valid()) {
    w.String(sources.Describe(range));
  } else {
    w.Null();
  }
}

}  // namespace

void WriteJson(const Program& program, const SourceManager& sources, std::ostream& out) {
  JsonWriter w(out, 2);
  w.BeginObject();
  w.Key("format_version");
  w.Number(1);

  w.Key("outputs");
  w.BeginArray();
  for (const Output& o : program.outputs) {
    w.BeginObject();
    w.Key("description");
    w.String(o.description);
    w.Key("name");
    w.String(o.name);
    w.Key("sensitive");
    w.Bool(o.sensitive);
    WriteSource(w, o.range, sources);
    w.Key("value");
    if (o.sensitive) {
      WriteTagged(w, "$sensitive", [&] { w.Bool(true); });
    } else {
      WriteValue(w, o.value);
    }
    w.EndObject();
  }
  w.EndArray();

  w.Key("resources");
  w.BeginArray();
  for (const Resource& r : program.resources) {
    w.BeginObject();
    w.Key("address");
    w.String(r.address);
    w.Key("attributes");
    WriteValue(w, r.attributes);
    w.Key("depends_on");
    w.BeginArray();
    for (const std::string& d : r.depends_on) w.String(d);
    w.EndArray();
    w.Key("kind");
    w.String(r.kind);
    w.Key("module");
    w.String(r.module_path);
    w.Key("name");
    w.String(r.name);
    WriteSource(w, r.range, sources);
    w.EndObject();
  }
  w.EndArray();

  w.Key("stack");
  w.BeginObject();
  w.Key("account");
  w.String(program.stack.account);
  w.Key("backend");
  WriteValue(w, program.stack.backend);
  w.Key("name");
  w.String(program.stack.name);
  w.Key("region");
  w.String(program.stack.region);
  w.Key("tags");
  w.BeginObject();
  for (const auto& [k, v] : program.stack.tags) {
    w.Key(k);
    w.String(v);
  }
  w.EndObject();
  w.EndObject();

  w.Key("variables");
  w.BeginArray();
  for (const Variable& v : program.variables) {
    w.BeginObject();
    w.Key("name");
    w.String(v.name);
    w.Key("sensitive");
    w.Bool(v.sensitive);
    w.Key("value");
    if (v.sensitive) {
      WriteTagged(w, "$sensitive", [&] { w.Bool(true); });
    } else {
      WriteValue(w, v.value);
    }
    w.EndObject();
  }
  w.EndArray();

  w.EndObject();
  w.Flush();
  out << "\n";
}

}  // namespace berth::ir

#include "backends/aws/emit_files.h"

#include <cctype>

#include "backends/aws/file_set.h"
#include "backends/aws/json_text.h"

namespace berth::aws {

namespace {

// Appends FileSafe(text).
void AppendFileSafe(std::string& out, std::string_view text) {
  size_t start = out.size();
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      out += c;
    } else if (out.size() > start && out.back() != '-') {
      out += '-';
    }
  }
  while (out.size() > start && out.back() == '-') out.pop_back();
}

// The label of a file name (FileName): the address's parts (split at the dots outside a
// `["key"]`) without the `module` words and the kind, each FileSafe, joined by '-'. Made in
// place, without a string per part: a name for each of 110,000 calls.
void AppendLabel(std::string& out, std::string_view address) {
  size_t parts = 1;
  bool quoted = false;
  for (char c : address) {
    if (c == '"') quoted = !quoted;
    if (c == '.' && !quoted) ++parts;
  }
  size_t start = out.size();
  size_t index = 0;
  size_t from = 0;
  quoted = false;
  for (size_t at = 0; at <= address.size(); ++at) {
    if (at < address.size()) {
      if (address[at] == '"') quoted = !quoted;
      if (address[at] != '.' || quoted) continue;
    }
    std::string_view part = address.substr(from, at - from);
    from = at + 1;
    size_t i = index++;
    bool module_word = part == "module" && i + 1 < parts;
    bool kind = i + 2 == parts;  // the segment before the name
    if (module_word || kind) continue;
    size_t mark = out.size();
    if (mark > start) out += '-';
    size_t part_start = out.size();
    AppendFileSafe(out, part);
    if (out.size() == part_start) out.resize(mark);  // nothing file-safe in it
  }
  if (out.size() == start) out += "resource";
}

}  // namespace

std::string FileSafe(std::string_view text) {
  std::string safe;
  AppendFileSafe(safe, text);
  return safe;
}

std::string FileName(size_t index, const AwsCall& call) {
  std::string name = std::to_string(index + 1);
  if (name.size() < 3) name.insert(0, 3 - name.size(), '0');
  name.reserve(name.size() + call.service.size() + call.operation.size() + call.address.size() + 8);
  name += '-';
  name += call.service;
  name += '-';
  name += call.operation;
  name += '-';
  AppendLabel(name, call.address);
  name += ".json";
  return name;
}

namespace {

CallEntry EntryOf(size_t index, const AwsCall& call, std::vector<std::string> placeholders) {
  return {FileName(index, call), call.service,  call.operation,
          call.address,          call.captures, std::move(placeholders)};
}

CallEntries EntriesOf(const Emission& emission) {
  CallEntries entries;
  for (size_t i = 0; i < emission.calls.size(); ++i)
    entries.push_back(EntryOf(i, emission.calls[i], PlaceholdersIn(emission.calls[i].body)));
  return entries;
}

// One entry of manifest.json's "calls", as a tree: what the text below must equal.
Json ManifestCall(const CallEntry& entry) {
  Json captures = Json::array();
  for (const Capture& capture : entry.captures)
    captures.push_back({{"name", capture.name}, {"query", capture.query}});
  Json placeholders = Json::array();
  Json sensitive = Json::array();
  for (const std::string& name : entry.placeholders) {
    if (IsSensitivePlaceholder(name)) {
      sensitive.push_back({{"name", name}, {"environment", SensitiveVariable(name)}});
    } else {
      placeholders.push_back(name);
    }
  }
  return {{"file", entry.file},
          {"service", entry.service},
          {"operation", entry.operation},
          {"address", entry.address},
          {"captures", std::move(captures)},
          {"placeholders", std::move(placeholders)},
          {"sensitive", std::move(sensitive)}};
}

// `"key": value` lines of an object in manifest.json's "calls" (nested three levels deep: six
// spaces), the text of ManifestCall(entry).dump(2) as written there.
void AppendField(std::string& out, std::string_view key, std::string_view value, bool last) {
  out += "      \"";
  out += key;
  out += "\": ";
  AppendJsonString(out, value);
  out += last ? "\n" : ",\n";
}

// A list of objects of two string fields, e.g. captures: [{"name", "query"}...].
template <typename Items, typename Fields>
void AppendObjects(std::string& out, std::string_view key, const Items& items, Fields fields,
                   bool last) {
  out += "      \"";
  out += key;
  out += "\": ";
  bool any = false;
  for (const auto& item : items) {
    std::string_view first_key, second_key;
    std::string first, second;
    if (!fields(item, first_key, first, second_key, second)) continue;
    out += any ? ",\n        {\n          \"" : "[\n        {\n          \"";
    any = true;
    out += first_key;
    out += "\": ";
    AppendJsonString(out, first);
    out += ",\n          \"";
    out += second_key;
    out += "\": ";
    AppendJsonString(out, second);
    out += "\n        }";
  }
  out += any ? "\n      ]" : "[]";
  out += last ? "\n" : ",\n";
}

void AppendManifestCall(std::string& out, const CallEntry& entry) {
  out += "{\n";
  AppendField(out, "file", entry.file, false);
  AppendField(out, "service", entry.service, false);
  AppendField(out, "operation", entry.operation, false);
  AppendField(out, "address", entry.address, false);
  AppendObjects(
      out, "captures", entry.captures,
      [](const Capture& capture, std::string_view& k1, std::string& v1, std::string_view& k2,
         std::string& v2) {
        k1 = "name", v1 = capture.name, k2 = "query", v2 = capture.query;
        return true;
      },
      false);
  out += "      \"placeholders\": ";
  bool any = false;
  for (const std::string& name : entry.placeholders) {
    if (IsSensitivePlaceholder(name)) continue;
    out += any ? ",\n        " : "[\n        ";
    any = true;
    AppendJsonString(out, name);
  }
  out += any ? "\n      ],\n" : "[],\n";
  AppendObjects(
      out, "sensitive", entry.placeholders,
      [](const std::string& name, std::string_view& k1, std::string& v1, std::string_view& k2,
         std::string& v2) {
        if (!IsSensitivePlaceholder(name)) return false;
        k1 = "name", v1 = name, k2 = "environment", v2 = SensitiveVariable(name);
        return true;
      },
      true);
  out += "    }";
}

// `json.dump(2)` as it reads nested `depth` levels deep: every line after the first indented by
// two spaces a level. (A dumped string never holds a raw newline, only its escape.)
void WriteNested(std::ostream& out, const Json& json, int depth) {
  std::string text = json.dump(2);
  std::string indent(2 * static_cast<size_t>(depth), ' ');
  size_t from = 0;
  for (size_t newline; (newline = text.find('\n', from)) != std::string::npos;) {
    out.write(text.data() + from, static_cast<std::streamsize>(newline + 1 - from));
    out << indent;
    from = newline + 1;
  }
  out.write(text.data() + from, static_cast<std::streamsize>(text.size() - from));
}

void WriteManifest(const ir::Stack& stack, const CallEntries& entries,
                   const std::vector<std::string>& notes, std::ostream& out) {
  out << "{\n  \"format_version\": 1,\n  \"stack\": " << Json(stack.name).dump()
      << ",\n  \"region\": " << Json(stack.region).dump()
      << ",\n  \"account\": " << Json(stack.account).dump() << ",\n  \"calls\": ";
  if (entries.empty()) {
    out << "[]";
  } else {
    out << "[\n";
    std::string text;
    for (size_t i = 0; i < entries.size(); ++i) {
      text.assign(i ? ",\n    " : "    ");
      AppendManifestCall(text, entries[i]);
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
    }
    out << "\n  ]";
  }
  out << ",\n  \"notes\": ";
  WriteNested(out, Json(notes), 1);
  out << "\n}\n";
}

}  // namespace

Json Manifest(const ir::Stack& stack, const Emission& emission) {
  Json calls = Json::array();
  for (const CallEntry& entry : EntriesOf(emission)) calls.push_back(ManifestCall(entry));
  return {{"format_version", 1},      {"stack", stack.name}, {"region", stack.region},
          {"account", stack.account}, {"calls", calls},      {"notes", emission.notes}};
}

void WriteManifest(const ir::Stack& stack, const Emission& emission, std::ostream& out) {
  WriteManifest(stack, EntriesOf(emission), emission.notes, out);
}

void WriteApplyScript(const ir::Stack& stack, const Emission& emission, std::ostream& out) {
  WriteApplyScript(stack, EntriesOf(emission), out);
}

bool EmissionWriter::Open(const std::string& dir, std::string& error) {
  return files_.Open(dir, "manifest.json", error);
}

bool EmissionWriter::Add(const AwsCall& call, std::vector<std::string> placeholders,
                         std::string& error) {
  entries_.push_back(EntryOf(entries_.size(), call, std::move(placeholders)));
  // `body.dump(2)` and a newline, in the writer's own buffer: no buffer made and copied per
  // request (110,000 of them at 10,000 services).
  body_text_.Clear();
  body_text_.Value(call.body, 0);
  body_text_.Raw("\n");
  return files_.Write(entries_.back().file, body_text_.text(), false, error);
}

bool EmissionWriter::Finish(const ir::Stack& stack, const std::vector<std::string>& notes,
                            const ir::Program* capture_for, std::string& error) {
  // The large files are written as they are made: none of a large stack sits in memory whole.
  OutputFile manifest{"manifest.json", "", false,
                      [&](std::ostream& out) { WriteManifest(stack, entries_, notes, out); }};
  OutputFile apply{"apply.sh", "", true,
                   [&](std::ostream& out) { WriteApplyScript(stack, entries_, out); }};
  if (!files_.Write(manifest, error) || !files_.Write(apply, error)) return false;
  if (capture_for != nullptr) {
    OutputFile capture{"capture.sh", "", true,
                       [&](std::ostream& out) { WriteCaptureScript(*capture_for, out); }};
    if (!files_.Write(capture, error)) return false;
  }
  return files_.Commit(error);
}

bool WriteEmission(const std::string& dir, const ir::Stack& stack, const Emission& emission,
                   std::string& error, const ir::Program* capture_for) {
  EmissionWriter writer;
  if (!writer.Open(dir, error)) return false;
  for (const AwsCall& call : emission.calls) {
    if (!writer.Add(call, PlaceholdersIn(call.body), error)) return false;
  }
  return writer.Finish(stack, emission.notes, capture_for, error);
}

}  // namespace berth::aws

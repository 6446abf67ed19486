#include "backends/aws/emit_files.h"

#include <fmt/format.h>

#include <cctype>

#include "backends/aws/file_set.h"

namespace berth::aws {

std::string FileSafe(std::string_view text) {
  std::string safe;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      safe += c;
    } else if (!safe.empty() && safe.back() != '-') {
      safe += '-';
    }
  }
  while (!safe.empty() && safe.back() == '-') safe.pop_back();
  return safe;
}

namespace {

// The address split at the dots that are not inside a `["key"]`.
std::vector<std::string> AddressParts(std::string_view address) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (char c : address) {
    if (c == '"') quoted = !quoted;
    if (c == '.' && !quoted) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

std::string Label(std::string_view address) {
  std::vector<std::string> parts = AddressParts(address);
  std::string label;
  for (size_t i = 0; i < parts.size(); ++i) {
    bool module_word = parts[i] == "module" && i + 1 < parts.size();
    bool kind = i + 2 == parts.size();  // the segment before the name
    if (module_word || kind) continue;
    std::string part = FileSafe(parts[i]);
    if (part.empty()) continue;
    label += (label.empty() ? "" : "-") + part;
  }
  return label.empty() ? "resource" : label;
}

}  // namespace

std::string FileName(size_t index, const AwsCall& call) {
  return fmt::format("{:03}-{}-{}-{}.json", index + 1, call.service, call.operation,
                     Label(call.address));
}

namespace {

// One entry of manifest.json's "calls".
Json ManifestCall(size_t index, const AwsCall& call) {
  Json captures = Json::array();
  for (const Capture& capture : call.captures)
    captures.push_back({{"name", capture.name}, {"query", capture.query}});
  Json placeholders = Json::array();
  Json sensitive = Json::array();
  for (const std::string& name : PlaceholdersIn(call.body)) {
    if (IsSensitivePlaceholder(name)) {
      sensitive.push_back({{"name", name}, {"environment", SensitiveVariable(name)}});
    } else {
      placeholders.push_back(name);
    }
  }
  return {{"file", FileName(index, call)},    {"service", call.service},
          {"operation", call.operation},      {"address", call.address},
          {"captures", std::move(captures)},  {"placeholders", std::move(placeholders)},
          {"sensitive", std::move(sensitive)}};
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

}  // namespace

Json Manifest(const ir::Stack& stack, const Emission& emission) {
  Json calls = Json::array();
  for (size_t i = 0; i < emission.calls.size(); ++i)
    calls.push_back(ManifestCall(i, emission.calls[i]));
  return {{"format_version", 1},      {"stack", stack.name}, {"region", stack.region},
          {"account", stack.account}, {"calls", calls},      {"notes", emission.notes}};
}

void WriteManifest(const ir::Stack& stack, const Emission& emission, std::ostream& out) {
  out << "{\n  \"format_version\": 1,\n  \"stack\": " << Json(stack.name).dump()
      << ",\n  \"region\": " << Json(stack.region).dump()
      << ",\n  \"account\": " << Json(stack.account).dump() << ",\n  \"calls\": ";
  if (emission.calls.empty()) {
    out << "[]";
  } else {
    out << "[\n";
    for (size_t i = 0; i < emission.calls.size(); ++i) {
      out << (i ? ",\n    " : "    ");
      WriteNested(out, ManifestCall(i, emission.calls[i]), 2);
    }
    out << "\n  ]";
  }
  out << ",\n  \"notes\": ";
  WriteNested(out, Json(emission.notes), 1);
  out << "\n}\n";
}

bool WriteEmission(const std::string& dir, const ir::Stack& stack, const Emission& emission,
                   std::string& error, const ir::Program* capture_for) {
  // Each request's text is made just before it is written, and the large files are written as
  // they are made: no file of a large stack sits in memory whole.
  size_t calls = emission.calls.size();
  auto file = [&](size_t i) -> OutputFile {
    auto text = [](const Json& json) {
      std::string out = json.dump(2);
      out += '\n';
      return out;
    };
    if (i < calls) return {FileName(i, emission.calls[i]), text(emission.calls[i].body)};
    if (i == calls)
      return {"manifest.json", "", false,
              [&](std::ostream& out) { WriteManifest(stack, emission, out); }};
    if (i == calls + 1)
      return {"apply.sh", "", true,
              [&](std::ostream& out) { WriteApplyScript(stack, emission, out); }};
    return {"capture.sh", "", true,
            [&](std::ostream& out) { WriteCaptureScript(*capture_for, out); }};
  };
  return WriteFileSet(dir, "manifest.json", calls + (capture_for ? 3 : 2), file, error);
}

}  // namespace berth::aws

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

Json Manifest(const ir::Stack& stack, const Emission& emission) {
  Json calls = Json::array();
  for (size_t i = 0; i < emission.calls.size(); ++i) {
    const AwsCall& call = emission.calls[i];
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
    calls.push_back({{"file", FileName(i, call)},
                     {"service", call.service},
                     {"operation", call.operation},
                     {"address", call.address},
                     {"captures", captures},
                     {"placeholders", placeholders},
                     {"sensitive", sensitive}});
  }
  return {{"format_version", 1},      {"stack", stack.name}, {"region", stack.region},
          {"account", stack.account}, {"calls", calls},      {"notes", emission.notes}};
}

bool WriteEmission(const std::string& dir, const ir::Stack& stack, const Emission& emission,
                   std::string& error, const ir::Program* capture_for) {
  // Each request's text is made just before it is written: the texts of a large stack never
  // sit in memory all at once.
  size_t calls = emission.calls.size();
  auto file = [&](size_t i) -> OutputFile {
    auto text = [](const Json& json) {
      std::string out = json.dump(2);
      out += '\n';
      return out;
    };
    if (i < calls) return {FileName(i, emission.calls[i]), text(emission.calls[i].body)};
    if (i == calls) return {"manifest.json", text(Manifest(stack, emission))};
    if (i == calls + 1) return {"apply.sh", ApplyScript(stack, emission), true};
    return {"capture.sh", CaptureScript(*capture_for), true};
  };
  return WriteFileSet(dir, "manifest.json", calls + (capture_for ? 3 : 2), file, error);
}

}  // namespace berth::aws

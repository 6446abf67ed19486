#include "backends/aws/emit_files.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cctype>
#include <filesystem>
#include <fstream>

namespace berth::aws {

namespace fs = std::filesystem;

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

bool WriteText(const fs::path& path, const std::string& text, std::string& error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (out) return true;
  error = "cannot write " + path.string();
  return false;
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
                   std::string& error) {
  fs::path target = fs::path(dir).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();  // "out/" names "out"
  std::error_code ec;
  if (fs::exists(target, ec) && !fs::is_directory(target, ec)) {
    error = target.string() + " is a file; -o takes a directory";
    return false;
  }
  // Replacing a directory berth did not write could destroy someone's files.
  if (fs::is_directory(target, ec) && !fs::is_empty(target, ec) &&
      !fs::exists(target / "manifest.json", ec)) {
    error = target.string() +
            " is a directory berth did not write (no manifest.json); choose another -o or empty it";
    return false;
  }
  fs::path staging = target.string() + ".tmp";
  fs::path previous = target.string() + ".old";
  fs::remove_all(staging, ec);
  fs::remove_all(previous, ec);
  if (!target.parent_path().empty()) fs::create_directories(target.parent_path(), ec);
  if (!fs::create_directory(staging, ec)) {
    error = "cannot create " + staging.string() + (ec ? ": " + ec.message() : "");
    return false;
  }
  bool written = true;
  for (size_t i = 0; i < emission.calls.size() && written; ++i)
    written = WriteText(staging / FileName(i, emission.calls[i]),
                        emission.calls[i].body.dump(2) + "\n", error);
  if (written)
    written = WriteText(staging / "manifest.json", Manifest(stack, emission).dump(2) + "\n", error);
  if (written) written = WriteText(staging / "apply.sh", ApplyScript(stack, emission), error);
  if (written && ::chmod((staging / "apply.sh").c_str(), 0755) != 0) {
    error = "cannot make " + (staging / "apply.sh").string() + " executable";
    written = false;
  }
  if (written && fs::exists(target, ec)) {
    fs::rename(target, previous, ec);
    if (ec) {
      error = "cannot replace " + target.string() + ": " + ec.message();
      written = false;
    }
  }
  if (written) {
    fs::rename(staging, target, ec);
    if (ec) {
      error = "cannot rename " + staging.string() + " to " + target.string() + ": " + ec.message();
      fs::rename(previous, target, ec);  // put the old set back
      written = false;
    }
  }
  fs::remove_all(written ? previous : staging, ec);
  return written;
}

}  // namespace berth::aws

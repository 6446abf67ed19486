// Functions that reach outside the program: secrets, files and environment variables.
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/eval/functions.h"
#include "compiler/eval/utf8.h"

namespace berth::eval {

namespace {

// file() content becomes a value held in memory, the IR and the plan: keep it reasonable.
constexpr uintmax_t kMaxFileBytes = 4 * 1024 * 1024;

std::optional<Value> Secret(FunctionCall& call) {
  const std::string* arn = call.String(0);
  if (!arn) return std::nullopt;
  if (!arn->starts_with("arn:")) {
    call.Error(
        0, fmt::format("`secret` expects an ARN (\"arn:...\"), got {}", call.arg(0).ToSource()));
    return std::nullopt;
  }
  // The secret's value only exists in the running container; the ARN is treated as sensitive
  // too so that every renderer masks it the same way.
  return Value::Secret(*arn).MarkSensitive();
}

std::optional<Value> File(FunctionCall& call) {
  const std::string* name = call.String(0);
  if (!name) return std::nullopt;
  namespace fs = std::filesystem;
  fs::path path(*name);
  if (path.is_relative()) path = fs::path(call.ctx().BaseDirectory()) / path;
  path = path.lexically_normal();
  // A sensitive path is not printed.
  const std::string shown = call.arg(0).sensitive() ? "(sensitive)" : "`" + path.string() + "`";

  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    call.Error(0, fmt::format("cannot read file {}: {}", shown,
                              ec ? ec.message() : "No such file or directory"));
    return std::nullopt;
  }
  if (fs::is_directory(status)) {
    call.Error(0, fmt::format("cannot read file {}: it is a directory", shown));
    return std::nullopt;
  }
  uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > kMaxFileBytes) {
    call.Error(0, fmt::format("file {} is larger than 4 MiB", shown));
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in) {
    call.Error(0, fmt::format("cannot read file {}", shown));
    return std::nullopt;
  }
  // Checked again after reading: the file may have grown, or not be a regular file at all.
  std::string text = std::move(content).str();
  if (text.size() > kMaxFileBytes) {
    call.Error(0, fmt::format("file {} is larger than 4 MiB", shown));
    return std::nullopt;
  }
  if (std::optional<size_t> bad = FindInvalidUtf8(text)) {
    call.Error(0, fmt::format("file {} is not valid UTF-8 (at byte {})", shown, *bad));
    return std::nullopt;
  }
  return Value::String(std::move(text));
}

std::optional<Value> Env(FunctionCall& call) {
  const std::string* name = call.String(0);
  const std::string* fallback = call.size() == 2 ? call.String(1) : nullptr;
  if (!name || (call.size() == 2 && !fallback)) return std::nullopt;
  if (const char* value = std::getenv(name->c_str())) return Value::String(value);
  if (fallback) return Value::String(*fallback);
  Diagnostic& diag = call.Error(fmt::format("environment variable {} is not set", *name));
  diag.notes.push_back({fmt::format("set it, or give a default: env(\"{}\", \"...\")", *name), {}});
  return std::nullopt;
}

const FunctionSpec kSystemFunctions[] = {
    {"secret", 1, 1, "secret(arn)", "a secret injected into the container at run time",
     Reads::kShallow, Secret},
    {"file", 1, 1, "file(path)", "the content of a UTF-8 file, relative to this file",
     Reads::kShallow, File},
    {"env", 1, 2, "env(name[, default])", "an environment variable of the machine running berth",
     Reads::kShallow, Env},
};

}  // namespace

std::span<const FunctionSpec> SystemFunctions() { return kSystemFunctions; }

}  // namespace berth::eval

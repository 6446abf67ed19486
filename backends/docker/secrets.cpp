#include "backends/docker/secrets.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace berth::docker {

SecretResolver::SecretResolver(const Value& backend_block, std::string stack_dir)
    : stack_dir_(std::move(stack_dir)) {
  const Value* secrets = backend_block.Get("secrets");
  if (secrets == nullptr || !secrets->is(ValueKind::kMap)) return;
  for (const auto& [source, local] : secrets->map()) {
    if (local.is(ValueKind::kString)) local_sources_[source] = local.str();
  }
}

std::optional<std::string> SecretResolver::Resolve(const std::string& variable,
                                                   const std::string& source,
                                                   std::string& error) const {
  std::string local = source;
  if (auto it = local_sources_.find(source); it != local_sources_.end()) local = it->second;
  if (local.rfind("env:", 0) == 0) {
    const char* value = std::getenv(local.substr(4).c_str());
    if (value != nullptr) return std::string(value);
    error = "secret " + variable + ": environment variable " + local.substr(4) +
            " is not set (named by " + local + ")";
    return std::nullopt;
  }
  if (local.rfind("file:", 0) == 0) {
    std::filesystem::path path = local.substr(5);
    if (path.is_relative()) path = std::filesystem::path(stack_dir_) / path;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      error = "secret " + variable + ": cannot read " + path.string() + " (named by " + local + ")";
      return std::nullopt;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string value = text.str();
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
    return value;
  }
  // The source itself (an ARN) is sensitive in berth's eyes, so the message names the variable.
  error = "secret " + variable +
          " has no local source: map its ARN to \"env:NAME\" or \"file:PATH\" in the backend "
          "block's `secrets`";
  return std::nullopt;
}

}  // namespace berth::docker

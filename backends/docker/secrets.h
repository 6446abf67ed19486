// Secrets on the docker backend are read on this machine at apply time, never from AWS. Each
// secret's source (the ARN given to secret(), or the string in `secrets`) is looked up in the
// backend block's `secrets` map, which names where its value lives locally:
//
//   backend "docker" { secrets = { "arn:aws:secretsmanager:...:secret:db" = "env:DB_PASSWORD" } }
//
// "env:NAME" reads the environment variable NAME, "file:PATH" reads a file (relative to the
// stack directory), trailing newline dropped. A source that is itself "env:..." or "file:..."
// needs no entry. Values only ever go into the container's environment: never labels, logs,
// plan output or error messages.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "compiler/base/value.h"

namespace berth::docker {

class SecretResolver {
 public:
  SecretResolver() = default;
  // `backend_block` is the stack's backend block (a map, or null); `stack_dir` anchors file:.
  SecretResolver(const Value& backend_block, std::string stack_dir);

  // The value of the secret `source` for the variable `variable`, or nullopt with `error`
  // naming the variable and the source (never a value).
  std::optional<std::string> Resolve(const std::string& variable, const std::string& source,
                                     std::string& error) const;

 private:
  std::map<std::string, std::string> local_sources_;  // source -> "env:NAME" / "file:PATH"
  std::string stack_dir_ = ".";
};

}  // namespace berth::docker

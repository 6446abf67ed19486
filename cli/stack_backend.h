// Which backend a stack-reading command talks to, and where its state file lives: the flags
// first (--backend, --state), then the stack's `backend` block, then the embedded default (the
// `aws` backend with `.berth/state.json` inside the stack directory).
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "backends/backend.h"
#include "cli/args.h"
#include "compiler/ir/ir.h"

namespace berth::cli {

struct BackendChoice {
  std::string name;        // "aws"
  std::string state_path;  // the state file
  // What the docker backend also needs: the stack (labels, secrets in the backend block, the
  // directory file: secrets are relative to) and --wait-timeout as given.
  std::string stack_name;
  Value backend_block;
  std::string stack_dir;
  std::string wait_timeout;
};

BackendChoice ChooseBackend(const ParsedArgs& args, const ir::Program& program);

// The backend named `name`, or nullptr with `error` ("backend NAME is not available yet").
std::unique_ptr<backends::Backend> OpenBackend(const std::string& name, std::string& error);
// The chosen backend for a compiled stack; `progress` gets the docker backend's per-replica
// lines. nullptr with `error` when it cannot be opened or --wait-timeout is malformed.
std::unique_ptr<backends::Backend> OpenBackend(const BackendChoice& choice, std::string& error,
                                               std::ostream* progress = nullptr);

}  // namespace berth::cli

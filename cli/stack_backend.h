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
  std::string stack_dir;   // the stack directory: where the aws backend writes `.berth/out/`
  // What the docker backend also needs to read the engine: the stack's name (every container
  // carries it as a label) and its backend block (local secret sources).
  std::string stack_name;
  Value backend_block;
  // The aws-api backend checks the caller against the stack's account and region.
  ir::Stack stack;
  // The aws-api backend reads live what the stack declares.
  const ir::Program* program = nullptr;
};

BackendChoice ChooseBackend(const ParsedArgs& args, const ir::Program& program);

// The state file: --state, else `stack_state` (the backend block's `state`, a string, or nullptr
// when the block sets none) relative to the stack directory, else `.berth/state.json` there.
std::string StatePath(const ParsedArgs& args, const Value* stack_state);

// The backend named `name`, or nullptr with `error` ("backend NAME is not available yet").
std::unique_ptr<backends::Backend> OpenBackend(const std::string& name, std::string& error);
// The backend for `plan` of a compiled stack: the docker backend reads the stack's containers.
std::unique_ptr<backends::Backend> OpenBackend(const BackendChoice& choice, std::string& error);
// The same for apply, which needs more of the stack: the aws backend writes the requests of
// the changes into `STACKDIR/.berth/out/<serial>/` with the stack's region and account; the
// docker backend labels what it creates with the stack's name, waits up to `wait_timeout`
// (--wait-timeout as given; empty for its default) for services to be healthy and writes
// per-replica progress to `progress`. The aws-api and controlplane backends bound their waits
// on ECS services by `wait_timeout` (default 10m) and, with `wait_stable` (apply --wait), also
// wait for each created or updated service to be stable, writing progress lines to `progress`.
// nullptr with `error` when --wait-timeout is malformed or the backend cannot wait.
std::unique_ptr<backends::Backend> OpenApplyBackend(
    const std::string& name, const std::string& stack_dir, const ir::Stack& stack,
    std::string& error, const std::string& wait_timeout = "", std::ostream* progress = nullptr,
    const ir::Program* program = nullptr, bool wait_stable = false);

// The stack directory of a stack PATH: PATH itself, or the directory of PATH when it names a
// .berth file.
std::string StackDirectory(const std::string& path);

}  // namespace berth::cli

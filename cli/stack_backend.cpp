#include "cli/stack_backend.h"

#include <filesystem>

#include "backends/aws_state_backend.h"
#include "backends/docker/docker_backend.h"
#include "cli/wait_timeout.h"

namespace berth::cli {

namespace {

// The stack directory: PATH itself, or the directory of PATH when it names a .berth file.
std::filesystem::path StackDirectory(const ParsedArgs& args) {
  std::filesystem::path path = args.positional.empty() ? "." : args.positional[0];
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return path;
  std::filesystem::path parent = path.parent_path();
  return parent.empty() ? "." : parent;
}

}  // namespace

BackendChoice ChooseBackend(const ParsedArgs& args, const ir::Program& program) {
  const Value& block = program.stack.backend;
  const Value* type = block.Get("type");
  const Value* state = block.Get("state");
  BackendChoice choice;
  choice.name = args.Get("backend", type && type->is(ValueKind::kString) ? type->str() : "aws");
  if (args.Has("state")) {
    choice.state_path = args.Get("state");
  } else {
    // A state path in the stack is relative to the stack, wherever berth runs from.
    std::filesystem::path relative = state && state->is(ValueKind::kString)
                                         ? std::filesystem::path(state->str())
                                         : std::filesystem::path(".berth") / "state.json";
    choice.state_path = (StackDirectory(args) / relative).lexically_normal().string();
  }
  choice.stack_name = program.stack.name;
  choice.backend_block = block;
  choice.stack_dir = StackDirectory(args).string();
  choice.wait_timeout = args.Get("wait-timeout");
  return choice;
}

std::unique_ptr<backends::Backend> OpenBackend(const std::string& name, std::string& error) {
  if (name == "aws") return std::make_unique<backends::AwsStateBackend>();
  // Without the stack (a saved plan) the docker backend opens, and refuses to apply.
  if (name == "docker") return docker::DockerBackend::Open({}, error);
  error = "backend " + name + " is not available yet";
  return nullptr;
}

std::unique_ptr<backends::Backend> OpenBackend(const BackendChoice& choice, std::string& error,
                                               std::ostream* progress) {
  if (choice.name != "docker") return OpenBackend(choice.name, error);
  docker::DockerSettings settings;
  settings.stack = choice.stack_name;
  settings.backend_block = choice.backend_block;
  settings.stack_dir = choice.stack_dir;
  settings.progress = progress;
  if (!choice.wait_timeout.empty()) {
    std::optional<double> ms = ParseWaitTimeout(choice.wait_timeout);
    if (!ms) {
      error =
          "--wait-timeout takes a duration such as 90s or 5m, not \"" + choice.wait_timeout + "\"";
      return nullptr;
    }
    settings.wait_timeout_ms = *ms;
  }
  return docker::DockerBackend::Open(std::move(settings), error);
}

}  // namespace berth::cli

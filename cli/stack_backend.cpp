#include "cli/stack_backend.h"

#include <chrono>
#include <filesystem>
#include <optional>

#include "backends/aws/aws_backend.h"
#include "backends/aws_api_backend/aws_api_backend.h"
#include "backends/aws_api_backend/controlplane_settings.h"
#include "backends/aws_state_backend.h"
#include "backends/docker/docker_backend.h"
#include "cli/wait_timeout.h"
#include "compiler/check/names.h"

namespace berth::cli {

std::string StackDirectory(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return path;
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

BackendChoice ChooseBackend(const ParsedArgs& args, const ir::Program& program) {
  const Value& block = program.stack.backend;
  const Value* type = block.Get("type");
  const Value* state = block.Get("state");
  BackendChoice choice;
  choice.stack_dir = StackDirectory(args.positional.empty() ? "." : args.positional[0]);
  choice.name = args.Get("backend", type && type->is(ValueKind::kString) ? type->str() : "aws");
  choice.state_path = StatePath(args, state && state->is(ValueKind::kString) ? state : nullptr);
  choice.stack_name = program.stack.name;
  choice.backend_block = block;
  choice.stack = program.stack;
  choice.program = &program;
  return choice;
}

std::string StatePath(const ParsedArgs& args, const Value* stack_state) {
  if (args.Has("state")) return args.Get("state");
  // A state path in the stack is relative to the stack, wherever berth runs from.
  std::filesystem::path relative = stack_state ? std::filesystem::path(stack_state->str())
                                               : std::filesystem::path(".berth") / "state.json";
  std::string stack_dir = StackDirectory(args.positional.empty() ? "." : args.positional[0]);
  return (std::filesystem::path(stack_dir) / relative).lexically_normal().string();
}

std::unique_ptr<backends::Backend> OpenBackend(const std::string& name, std::string& error) {
  if (name == "aws") return std::make_unique<backends::AwsStateBackend>();
  // Without the stack the docker backend cannot tell its containers from others': it opens, and
  // refuses to apply.
  if (name == "docker") return docker::DockerBackend::Open({}, error);
  error = "unknown backend " + name + ": the backends are " + check::BackendNamesText();
  return nullptr;
}

namespace {

// The aws-api backend's settings, or the controlplane backend's (the same client pointed at a
// `berth serve`, controlplane_settings.h). False with `error`.
bool ApiSettings(const std::string& name, const ir::Stack& stack, const std::string& stack_dir,
                 const ir::Program* program, aws_api_backend::Settings& settings,
                 std::string& error) {
  settings.stack = stack;
  settings.desired = program;
  if (name != "controlplane") return true;
  std::string data =
      aws_api_backend::ControlPlaneDataDir(stack.backend, stack_dir, aws_api::ProcessEnvironment());
  return aws_api_backend::ControlPlaneSettings(data, settings, error);
}

}  // namespace

std::unique_ptr<backends::Backend> OpenBackend(const BackendChoice& choice, std::string& error) {
  if (choice.name == "aws-api" || choice.name == "controlplane") {
    aws_api_backend::Settings settings;
    if (!ApiSettings(choice.name, choice.stack, choice.stack_dir, choice.program, settings, error))
      return nullptr;
    return aws_api_backend::AwsApiBackend::Open(settings, error);
  }
  if (choice.name != "docker") return OpenBackend(choice.name, error);
  docker::DockerSettings settings;
  settings.stack = choice.stack_name;
  settings.backend_block = choice.backend_block;
  settings.stack_dir = choice.stack_dir;
  return docker::DockerBackend::Open(std::move(settings), error);
}

std::unique_ptr<backends::Backend> OpenApplyBackend(const std::string& name,
                                                    const std::string& stack_dir,
                                                    const ir::Stack& stack, std::string& error,
                                                    const std::string& wait_timeout,
                                                    std::ostream* progress,
                                                    const ir::Program* program, bool wait_stable) {
  std::optional<double> timeout_ms;
  if (!wait_timeout.empty()) {
    timeout_ms = ParseWaitTimeout(wait_timeout);
    if (!timeout_ms) {
      error = "--wait-timeout takes a duration such as 90s or 5m, not \"" + wait_timeout + "\"";
      return nullptr;
    }
  }
  if (wait_stable && name != "aws-api" && name != "controlplane" && name != "docker") {
    error =
        "--wait needs a backend that calls ECS (aws-api or controlplane; docker always "
        "waits): the " +
        name + " backend only writes the requests";
    return nullptr;
  }
  if (name == "aws") {
    std::string out = (std::filesystem::path(stack_dir) / ".berth" / "out").string();
    return std::make_unique<aws::AwsBackend>(out, stack, progress);
  }
  if (name == "aws-api" || name == "controlplane") {
    aws_api_backend::Settings settings;
    if (!ApiSettings(name, stack, stack_dir, program, settings, error)) return nullptr;
    settings.wait_stable = wait_stable;
    settings.progress = progress;
    if (timeout_ms)
      settings.wait_timeout = std::chrono::milliseconds(static_cast<long long>(*timeout_ms));
    return aws_api_backend::AwsApiBackend::Open(settings, error);
  }
  if (name == "docker") {
    docker::DockerSettings settings;
    settings.stack = stack.name;
    settings.backend_block = stack.backend;
    settings.stack_dir = stack_dir;
    settings.progress = progress;
    if (timeout_ms) settings.wait_timeout_ms = *timeout_ms;
    return docker::DockerBackend::Open(std::move(settings), error);
  }
  return OpenBackend(name, error);
}

}  // namespace berth::cli

#include "cli/stack_backend.h"

#include <filesystem>

#include "backends/aws_state_backend.h"

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
  choice.state_path = StatePath(args, state && state->is(ValueKind::kString) ? state : nullptr);
  return choice;
}

std::string StatePath(const ParsedArgs& args, const Value* stack_state) {
  if (args.Has("state")) return args.Get("state");
  // A state path in the stack is relative to the stack, wherever berth runs from.
  std::filesystem::path relative = stack_state ? std::filesystem::path(stack_state->str())
                                               : std::filesystem::path(".berth") / "state.json";
  return (StackDirectory(args) / relative).lexically_normal().string();
}

std::unique_ptr<backends::Backend> OpenBackend(const std::string& name, std::string& error) {
  if (name == "aws") return std::make_unique<backends::AwsStateBackend>();
  error = "backend " + name + " is not available yet";
  return nullptr;
}

}  // namespace berth::cli

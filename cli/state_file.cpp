#include <filesystem>

#include "cli/compile_stack.h"
#include "cli/stack_backend.h"
#include "cli/state_commands.h"
#include "compiler/base/diagnostics.h"

namespace berth::cli {

namespace {
bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

std::vector<FlagSpec> StateFlags() {
  return {
      {"state", true, false, "the state file (default: .berth/state.json in the stack directory)"},
      {"help", false, false, "show this help"},
  };
}

namespace {

// True when `stack_path` names a .berth file or a directory holding one: a stack that may say
// where its state lives.
bool HasStackFiles(const std::string& stack_path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(stack_path, ec)) return EndsWith(stack_path, ".berth");
  for (const auto& entry : fs::directory_iterator(stack_path, ec)) {
    if (entry.path().extension() == ".berth") return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> StateFilePath(const std::string& stack_path, const ParsedArgs& args,
                                         CommandIo& io) {
  if (args.Has("state")) return args.Get("state");
  ParsedArgs stack_args;
  stack_args.positional = {stack_path.empty() ? "." : stack_path};
  if (!HasStackFiles(stack_args.positional[0])) {
    // No stack to ask: the embedded default, as ChooseBackend would pick it.
    std::filesystem::path dir = stack_args.positional[0];
    return (dir / ".berth" / "state.json").string();
  }
  // The same choice as plan and apply make, so a `backend` block naming another state file is
  // honoured by every command.
  SourceManager sources;
  std::optional<ir::Program> program = CompileStack(stack_args, sources, io);
  if (!program) {
    io.err << "berth: the stack must compile for berth to find its state file; or name the file "
              "with --state FILE\n";
    return std::nullopt;
  }
  return ChooseBackend(stack_args, *program).state_path;
}

std::optional<StateOperands> ParseStateOperands(const std::string& command, const ParsedArgs& args,
                                                size_t fixed, bool variadic,
                                                const std::string& usage, CommandIo& io) {
  std::vector<std::string> positional = args.positional;
  std::string stack_path = ".";
  bool has_path = false;
  if (variadic) {
    if (positional.size() >= 2) {
      const std::string& last = positional.back();
      has_path = std::filesystem::is_directory(last) || EndsWith(last, ".berth");
    }
  } else {
    has_path = positional.size() == fixed + 1;
  }
  if (has_path) {
    stack_path = positional.back();
    positional.pop_back();
  }
  bool count_ok = variadic ? !positional.empty() : positional.size() == fixed;
  if (!count_ok) {
    io.err << "berth " << command << ": "
           << (positional.size() < std::max<size_t>(fixed, 1) ? "missing operands"
                                                              : "too many operands")
           << "; usage: " << usage << "\n";
    return std::nullopt;
  }
  std::optional<std::string> state_path = StateFilePath(stack_path, args, io);
  if (!state_path) return std::nullopt;
  return StateOperands{positional, *state_path};
}

std::optional<state::State> LoadStateOrReport(const std::string& path, CommandIo& io) {
  state::State state;
  std::string error;
  if (!state::LoadState(path, state, error)) {
    io.err << "berth: " << error << "\n";
    return std::nullopt;
  }
  return state;
}

const state::Resource* FindOrReport(const state::State& state, const std::string& address,
                                    const std::string& path, CommandIo& io) {
  if (const state::Resource* r = state.Find(address)) return r;
  io.err << "berth: no resource " << address << " in the state " << path;
  std::vector<std::string> addresses;
  for (const state::Resource& r : state.resources) addresses.push_back(r.address);
  if (auto close = ClosestMatch(address, addresses)) {
    io.err << " (did you mean " << *close << "?)";
  } else if (addresses.empty()) {
    io.err << " (the state is empty)";
  }
  io.err << "\n";
  return nullptr;
}

}  // namespace berth::cli

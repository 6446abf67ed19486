#include <filesystem>

#include "cli/compile_stack.h"
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

std::string StateFilePath(const std::string& stack_path, const std::string& state_flag) {
  if (!state_flag.empty()) return state_flag;
  std::filesystem::path dir = stack_path.empty() ? "." : stack_path;
  if (EndsWith(stack_path, ".berth") && !std::filesystem::is_directory(dir)) {
    dir = dir.parent_path();
    if (dir.empty()) dir = ".";
  }
  return (dir / ".berth" / "state.json").string();
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
  return StateOperands{positional, StateFilePath(stack_path, args.Get("state"))};
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

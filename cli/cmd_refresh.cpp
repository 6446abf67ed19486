// berth refresh [PATH]: reads what is live through the backend, as plan does, shows what changed
// outside of berth since the state was written (drift) and writes the state with the live values,
// atomically and under the state lock (Terraform's `apply -refresh-only`). Nothing is applied.
#include <cstdlib>

#include "cli/compile_stack.h"
#include "cli/stack_backend.h"
#include "planner/state.h"
#include "planner/state_refresh.h"

namespace berth::cli {

namespace {

std::vector<FlagSpec> RefreshFlags() {
  std::vector<FlagSpec> flags = StackFlags();
  flags.push_back({"state", true, false, "the state file (default: <stack>/.berth/state.json)"});
  flags.push_back({"backend", true, false,
                   "the backend to read live resources from: aws-api, controlplane or docker"});
  flags.push_back({"no-color", false, false, "never colour the output"});
  return flags;
}

}  // namespace

int RefreshCommand(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<FlagSpec> flags = RefreshFlags();
  auto parsed = ParseCommandArgs("refresh", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: berth refresh [PATH] [flags]\n\n"
              "Reads what is live through the backend, shows what changed outside of berth and\n"
              "writes those values into the state (under its lock). Changes nothing live; the\n"
              "next plan shows how to get back to the stack's values.\n\n"
           << FlagsHelp(flags);
    return 0;
  }
  SourceManager sources;
  auto program = CompileStack(*parsed, sources, io);
  if (!program) return 1;
  BackendChoice choice = ChooseBackend(*parsed, *program);
  // The aws backend's only record is the state file: refreshing it from itself changes nothing.
  if (choice.name == "aws") {
    io.err << "berth refresh: the aws backend has no live side (its only record is the state "
              "file): refresh with --backend aws-api (or controlplane, docker), or give the "
              "stack a backend block that reads live\n";
    return 1;
  }
  std::string error;
  std::unique_ptr<backends::Backend> backend = OpenBackend(choice, error);
  if (!backend) {
    io.err << "berth refresh: " << error << "\n";
    return 1;
  }
  std::optional<state::StateLock> lock =
      state::StateLock::Acquire(choice.state_path, "refresh", error);
  if (!lock) {
    io.err << "berth refresh: " << error << "\n";
    return 1;
  }
  state::State state;
  if (!state::LoadState(choice.state_path, state, error)) {
    io.err << "berth refresh: " << error << "\n";
    return 1;
  }
  std::vector<planner::LiveResource> live;
  if (!backend->ReadLive(state, live, error)) {
    io.err << "berth refresh: backend " << backend->name() << ": " << error << "\n";
    return 1;
  }
  size_t recorded = state.resources.size();
  state::RefreshResult result = state::Refresh(state, std::move(live), *program);
  bool color =
      io.out_is_terminal && std::getenv("NO_COLOR") == nullptr && parsed->Get("no-color") != "true";
  state::RenderDrift(result.drift, color, io.out);
  // A journal left by a crashed apply or plaintext secrets of an old state are folded in too.
  bool pending = state.journal_actions > 0 || state::HoldsPlaintextSensitive(state);
  if (result.drift.changes.empty() && !pending) {
    io.out << "\nThe state " << choice.state_path << " is unchanged (" << recorded
           << " resources).\n";
    return 0;
  }
  if (!state::SaveState(choice.state_path, state, error)) {
    io.err << "berth refresh: " << error << "\n";
    return 1;
  }
  int gone = result.drift.Count(planner::Action::kDelete);
  io.out << "\nRefreshed the state " << choice.state_path << " (serial " << state.serial
         << "): " << result.drift.Count(planner::Action::kUpdate) << " changed, " << gone
         << " gone, " << result.unchanged << " unchanged. Run `berth plan` to see how to get "
         << "back to the stack's values.\n";
  return 0;
}

}  // namespace berth::cli

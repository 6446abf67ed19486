#include "cli/apply_flow.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/compile_stack.h"
#include "cli/interrupt.h"
#include "cli/read_stats.h"
#include "cli/stack_backend.h"
#include "compiler/schema/schema.h"
#include "planner/apply.h"
#include "planner/plan.h"
#include "planner/state.h"
#include "planner/state_digest.h"
#include "planner/value_diff.h"

namespace berth::cli {

namespace {

// --parallelism (default 10), or nullopt after saying what is wrong with it.
std::optional<int> ParseParallelism(const char* command, const ParsedArgs& args, CommandIo& io) {
  std::string text = args.Get("parallelism", "10");
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && end == text.data() + text.size() && value >= 1) return value;
  io.err << "berth " << command << ": --parallelism takes a positive number, not \"" << text
         << "\"\n";
  return std::nullopt;
}

void RenderPlain(const planner::Plan& plan, const ParsedArgs& args, CommandIo& io) {
  planner::RenderOptions render;
  render.color =
      io.out_is_terminal && std::getenv("NO_COLOR") == nullptr && args.Get("no-color") != "true";
  planner::RenderText(plan, render, io.out);
}

// Applies `plan` with Ctrl-C handled and reports; `state` is the loaded state, locked by the
// caller. Returns the exit code.
int CarryOut(const char* command, const planner::Plan& plan, const std::string& state_path,
             int parallelism, backends::Backend& backend, state::State& state, CommandIo& io) {
  InterruptGuard interrupt;
  planner::ApplyOptions options;
  options.parallelism = parallelism;
  options.state_path = state_path;
  options.progress = &io.out;
  options.interrupted = &interrupt.flag();
  backend.Begin(plan, state);
  planner::ApplyResult result = planner::Apply(options, plan, backend, state);
  std::string report;
  bool finished = backend.Finish(state, report);
  if (!report.empty()) (finished ? io.out : io.err) << report << "\n";
  for (const std::string& message : result.errors) io.err << "Error: " << message << "\n";
  if (result.interrupted) {
    io.err << "berth " << command << ": interrupted; the state records every finished action, "
           << "run `berth plan` to see what is left\n";
  }
  return result.ok() && finished ? 0 : 1;
}

// The stack a saved plan was made from, compiled again with the variables the plan records and
// the sensitive ones given to apply (`given`): it names the backend, the aws backend needs its
// region and account (the docker backend its name), which the plan does not carry, and it holds
// the sensitive values the plan keeps only hashes of.
std::optional<ir::Program> ProgramOfPlan(const planner::PlanFile& file, const ParsedArgs& given,
                                         CommandIo& io) {
  ParsedArgs args;
  args.positional.push_back(file.stack_path);
  for (const auto& [name, value] : file.variables) args.values["var"].push_back(name + "=" + value);
  // Only the sensitive ones: every other variable is as the plan was made.
  if (auto it = given.values.find("var"); it != given.values.end()) {
    for (const std::string& assignment : it->second) {
      std::string name = assignment.substr(0, assignment.find('='));
      if (std::find(file.sensitive_variables.begin(), file.sensitive_variables.end(), name) !=
          file.sensitive_variables.end())
        args.values["var"].push_back(assignment);
    }
  }
  if (!file.variable_files.empty()) args.values["var-file"] = file.variable_files;
  SourceManager sources;
  std::optional<ir::Program> program = CompileStack(args, sources, io);
  if (!program) {
    io.err << "berth apply: the backend needs the stack " << file.stack_path
           << " this plan was made from, which no longer compiles";
    if (!file.sensitive_variables.empty()) {
      io.err << " (give its sensitive variables again: --var NAME=VALUE for";
      for (const std::string& name : file.sensitive_variables) io.err << " " << name;
      io.err << ")";
    }
    io.err << "\n";
    return std::nullopt;
  }
  return program;
}

// Puts the stack's sensitive values back in place of the plan's hashes of them. False, naming
// the first resource, when one the plan would create or change no longer hashes alike: a
// different secret than the one planned must not be applied unseen.
bool RevealPlannedSecrets(planner::Plan& plan, const ir::Program& program, const std::string& key,
                          std::string& error) {
  for (planner::ResourceChange& change : plan.changes) {
    if (!change.before.ContainsSensitive() && !change.after.ContainsSensitive()) continue;
    const ir::Resource* desired = program.Find(change.address);
    Value marked = desired ? desired->attributes : Value::Null();
    planner::MarkSchemaSensitive(marked, {schema::FindResource(change.kind), nullptr});
    state::RevealDigests(change.before, marked, key);
    state::RevealDigests(change.after, marked, key);
    bool applied = change.action != planner::Action::kDelete &&
                   change.action != planner::Action::kNoOp;  // nothing is sent for these
    if (applied && state::ContainsDigest(change.after)) {
      error = "the sensitive values of " + change.address +
              " are not the ones this plan was made with: give the same sensitive variables "
              "(--var NAME=VALUE) as to `berth plan`, or plan again";
      return false;
    }
  }
  return true;
}

// True when the user typed `yes`; false (with a message) otherwise. Without a terminal nobody
// can answer, so a pipeline must say --auto-approve rather than apply by accident.
bool Confirmed(const char* command, bool destroy, CommandIo& io) {
  if (isatty(STDIN_FILENO) != 1) {
    io.err << "berth " << command << ": refusing to " << command
           << " without confirmation: stdin is not a terminal; pass --auto-approve to " << command
           << " without asking\n";
    return false;
  }
  io.out << "\n"
         << (destroy ? "Do you really want to destroy all resources?"
                     : "Do you want to perform these actions?")
         << " Only 'yes' will be accepted: " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  if (answer == "yes") return true;
  io.err << "berth " << command << ": cancelled\n";
  return false;
}

}  // namespace

std::vector<FlagSpec> ApplyFlags() {
  return {
      {"auto-approve", false, false, "apply without asking for confirmation"},
      {"parallelism", true, false, "how many actions run at once (default 10)"},
      {"state", true, false, "the state file (default: .berth/state.json in the stack)"},
      {"backend", true, false, "the backend: aws (default), aws-api, controlplane or docker"},
      {"wait-timeout", true, false,
       "how long to wait for services: docker, to be healthy (default 5m); aws-api, to be "
       "stable (--wait) or to drain (default 10m)"},
      {"no-color", false, false, "never colour the output"},
  };
}

int RunApplyFlow(const char* command, const ParsedArgs& args, const ir::Program& program,
                 bool destroy, CommandIo& io) {
  std::optional<int> parallelism = ParseParallelism(command, args, io);
  if (!parallelism) return 1;
  BackendChoice choice = ChooseBackend(args, program);
  std::string error;
  std::unique_ptr<backends::Backend> backend =
      OpenApplyBackend(choice.name, choice.stack_dir, program.stack, error,
                       args.Get("wait-timeout"), &io.out, &program, args.Get("wait") == "true");
  if (!backend) {
    io.err << "berth " << command << ": " << error << "\n";
    return 1;
  }
  std::optional<state::StateLock> lock =
      state::StateLock::Acquire(choice.state_path, command, error);
  if (!lock) {
    io.err << "berth " << command << ": " << error << "\n";
    return 1;
  }
  state::State state;
  if (!state::LoadState(choice.state_path, state, error)) {
    io.err << "berth " << command << ": " << error << "\n";
    return 1;
  }
  // A state written before berth hashed sensitive values holds them in plain text: rewriting it
  // now, with the lock held, migrates it even when there is nothing to apply.
  if (state::HoldsPlaintextSensitive(state)) {
    if (!state::SaveState(choice.state_path, state, error)) {
      io.err << "berth " << command << ": " << error << "\n";
      return 1;
    }
    io.out << "The state file " << choice.state_path
           << " held sensitive values in plain text; it now keeps only their keyed hashes.\n\n";
  }
  std::vector<planner::LiveResource> live;
  if (!backend->ReadLive(state, live, error)) {
    io.err << "berth " << command << ": backend " << backend->name() << ": " << error << "\n";
    return 1;
  }
  PrintReadStats(command, *backend, io);
  state::RevealDigests(program, live, state.digest_key);  // hashed secrets still as desired
  // The conditional makes a copy of the program either way; the diff takes it and the live view.
  planner::Plan plan = planner::Diff({}, destroy ? ir::Program{} : program, std::move(live));
  RenderPlain(plan, args, io);
  if (!plan.HasChanges()) return 0;
  if (std::string note = backend->PlanNote(plan); !note.empty()) io.out << "\n" << note << "\n";
  if (args.Get("auto-approve") != "true" && !Confirmed(command, destroy, io)) return 1;
  io.out << "\n";
  return CarryOut(command, plan, choice.state_path, *parallelism, *backend, state, io);
}

int RunSavedPlanApply(const ParsedArgs& args, const planner::PlanFile& file, CommandIo& io) {
  std::optional<int> parallelism = ParseParallelism("apply", args, io);
  if (!parallelism) return 1;
  // The plan names its state file; another one would apply the plan to a state it never saw.
  if (args.Has("state") && args.Get("state") != file.state_path) {
    io.err << "berth apply: --state " << args.Get("state") << " differs from the state file "
           << file.state_path << " this plan was made against\n";
    return 1;
  }
  std::string error;
  // The stack names its backend, as it did when the plan was made; --backend overrides it.
  std::optional<ir::Program> program = ProgramOfPlan(file, args, io);
  if (!program) return 1;
  const ir::Stack& stack = program->stack;
  const Value* type = stack.backend.Get("type");
  std::string backend_name =
      args.Get("backend", type && type->is(ValueKind::kString) ? type->str() : "aws");
  std::unique_ptr<backends::Backend> backend =
      OpenApplyBackend(backend_name, StackDirectory(file.stack_path), stack, error,
                       args.Get("wait-timeout"), &io.out, nullptr, args.Get("wait") == "true");
  if (!backend) {
    io.err << "berth apply: " << error << "\n";
    return 1;
  }
  std::optional<state::StateLock> lock = state::StateLock::Acquire(file.state_path, "apply", error);
  if (!lock) {
    io.err << "berth apply: " << error << "\n";
    return 1;
  }
  state::State state;
  if (!state::LoadState(file.state_path, state, error) ||
      !planner::PlanFileIsCurrent(file, state, error)) {
    io.err << "berth apply: " << error << "\n";
    return 1;
  }
  planner::Plan plan = file.plan;
  if (!RevealPlannedSecrets(plan, *program, state.digest_key, error)) {
    io.err << "berth apply: " << error << "\n";
    return 1;
  }
  // The plan was shown and saved on purpose: that is the approval, so nothing is asked.
  if (!plan.HasChanges()) {
    RenderPlain(plan, args, io);
    return 0;
  }
  return CarryOut("apply", plan, file.state_path, *parallelism, *backend, state, io);
}

}  // namespace berth::cli

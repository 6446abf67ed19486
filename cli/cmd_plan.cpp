// berth plan [PATH]: compiles the stack, reads what is live (the state file, refreshed through
// the backend unless --refresh=false) and shows what apply would change; --out saves the plan
// for `berth show` and `berth apply PLANFILE`.
#include <algorithm>
#include <set>

#include "backends/aws/live_backend.h"
#include "cli/compile_stack.h"
#include "cli/keep_until_exit.h"
#include "cli/lint_output.h"
#include "cli/plan_output.h"
#include "cli/read_stats.h"
#include "cli/stack_backend.h"
#include "planner/plan.h"
#include "planner/plan_file.h"
#include "planner/state.h"
#include "planner/state_digest.h"
#include "planner/targets.h"

namespace berth::cli {

namespace {

std::vector<FlagSpec> PlanFlags() {
  std::vector<FlagSpec> flags = StackFlags();
  flags.push_back({"format", true, false, "text (default), json or markdown"});
  flags.push_back({"out", true, false, "also save the plan to this file (for show and apply)"});
  flags.push_back({"detailed-exitcode", false, false, "exit 0 no changes, 1 error, 2 changes"});
  flags.push_back({"target", true, true,
                   "plan only this resource (or module) and what it depends on (repeatable)"});
  flags.push_back({"state", true, false, "the state file (default: <stack>/.berth/state.json)"});
  flags.push_back({"backend", true, false, "the backend to read live resources from"});
  flags.push_back({"refresh", true, false, "false: plan against the state file as recorded"});
  flags.push_back({"live", true, false,
                   "plan against this directory of `aws ... describe-*` outputs instead of the "
                   "state (aws backend; docs/aws.md)"});
  flags.push_back({"ignore-changes", true, true,
                   "ADDRESS:PATH set by someone else, e.g. a deploy pipeline: "
                   "task.api:containers[\"app\"].image (repeatable)"});
  flags.push_back({"no-color", false, false, "never colour the output"});
  return flags;
}

std::vector<std::string> Values(const ParsedArgs& args, const std::string& flag) {
  auto it = args.values.find(flag);
  return it == args.values.end() ? std::vector<std::string>{} : it->second;
}

// DiffOptions from --target and --ignore-changes; nullopt after printing what is wrong.
std::optional<planner::DiffOptions> DiffOptionsFrom(const ParsedArgs& args,
                                                    const ir::Program& program,
                                                    const std::vector<planner::LiveResource>& live,
                                                    CommandIo& io) {
  planner::DiffOptions options;
  for (const std::string& text : Values(args, "ignore-changes")) {
    auto path = planner::ParseIgnoredPath(text);
    if (!path) {
      io.err << "berth plan: --ignore-changes takes ADDRESS:PATH, e.g. "
                "task.api:containers[\"app\"].image, not \""
             << text << "\"\n";
      return std::nullopt;
    }
    options.ignore.push_back(*path);
  }
  // A mistyped target would silently plan nothing: every target must name something.
  for (const std::string& target : Values(args, "target")) {
    bool found = false;
    for (const ir::Resource& r : program.resources)
      found |= planner::TargetMatches(target, r.address);
    for (const planner::LiveResource& r : live) found |= planner::TargetMatches(target, r.address);
    if (!found) {
      io.err << "berth plan: --target " << target
             << " matches no resource of the stack or the state\n";
      return std::nullopt;
    }
    options.targets.push_back(target);
  }
  return options;
}

std::map<std::string, std::string> GivenVariables(const ParsedArgs& args) {
  std::map<std::string, std::string> vars;
  for (const std::string& assignment : Values(args, "var")) {
    size_t eq = assignment.find('=');
    if (eq != std::string::npos) vars[assignment.substr(0, eq)] = assignment.substr(eq + 1);
  }
  return vars;
}

bool PlanHoldsSensitive(const planner::Plan& plan) {
  return std::any_of(plan.changes.begin(), plan.changes.end(),
                     [](const planner::ResourceChange& c) {
                       return c.before.ContainsSensitive() || c.after.ContainsSensitive();
                     });
}

}  // namespace

int PlanCommand(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<FlagSpec> flags = PlanFlags();
  auto parsed = ParseCommandArgs("plan", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: berth plan [PATH] [flags]\n\n" << FlagsHelp(flags);
    return 0;
  }
  auto format = ParsePlanFormat("plan", *parsed, io);
  if (!format) return 1;
  std::string refresh = parsed->Get("refresh", "true");
  if (refresh != "true" && refresh != "false") {
    io.err << "berth plan: --refresh takes true or false, not \"" << refresh << "\"\n";
    return 1;
  }
  SourceManager sources;
  auto program = CompileStack(*parsed, sources, io);
  if (!program) return 1;

  BackendChoice choice = ChooseBackend(*parsed, *program);
  std::string error;
  // Read after the compile, not beside it on a thread: the compile has freed its parse by then,
  // so the state's values reuse that memory instead of faulting in fresh pages, and two threads
  // faulting pages at once spent more system time than the overlap saved (docs/performance.md).
  state::State state;
  if (!state::LoadState(choice.state_path, state, error)) {
    io.err << "berth plan: " << error << "\n";
    return 1;
  }
  // Only a saved plan needs the state again (its fingerprint): otherwise a backend whose live
  // view is the state takes its trees instead of copying them.
  bool keep_state = parsed->Has("out");
  std::vector<planner::LiveResource> live;
  std::unique_ptr<backends::Backend> backend;  // the one that read live, for its PlanNote
  if (parsed->Has("live")) {
    if (choice.name != "aws") {
      io.err << "berth plan: --live reads AWS describe output: use it with the aws backend, not "
             << choice.name << "\n";
      return 1;
    }
    aws::AwsLiveBackend backend(parsed->Get("live"), *program);
    if (!backend.ReadLive(state, live, error)) {
      io.err << "berth plan: --live " << error << "\n";
      return 1;
    }
  } else if (refresh == "false") {
    live = keep_state ? state.AsLive() : state.TakeLive();
  } else {
    backend = OpenBackend(choice, error);
    if (!backend) {
      io.err << "berth plan: " << error << "\n";
      return 1;
    }
    bool read =
        keep_state ? backend->ReadLive(state, live, error) : backend->TakeLive(state, live, error);
    if (!read) {
      io.err << "berth plan: backend " << backend->name() << ": " << error << "\n";
      return 1;
    }
    PrintReadStats("plan", *backend, io);
  }
  // The state keeps only hashes of sensitive values: those still equal to the desired ones get
  // their plaintext back, so an unchanged secret plans as unchanged.
  state::RevealDigests(*program, live, state.digest_key);
  // Only a saved plan needs the state again; releasing it now lets the diff's copies reuse its
  // memory instead of faulting in hundreds of megabytes of fresh pages.
  if (!keep_state) state = state::State{};
  auto options = DiffOptionsFrom(*parsed, *program, live, io);
  if (!options) return 1;
  // A saved plan records the variables given, but never a sensitive one's value.
  std::set<std::string> sensitive_variables;
  for (const ir::Variable& v : program->variables) {
    if (v.sensitive) sensitive_variables.insert(v.name);
  }
  // The diff takes the program's attribute trees, so the rules run on the program first.
  lint::LintResult findings = lint::Lint(*program, sources);
  planner::Plan plan = planner::Diff(*options, std::move(*program), std::move(live));

  if (parsed->Has("out")) {
    planner::PlanFile file;
    file.plan = plan;
    file.stack_path = parsed->positional.empty() ? "." : parsed->positional[0];
    file.state_path = choice.state_path;
    // The plan's sensitive values are saved as hashes with the state's key, made now if this
    // is the first sensitive value the stack has, and before the fingerprint, which hashes too.
    if (state.digest_key.empty() && PlanHoldsSensitive(plan) &&
        !state::EnsureDigestKey(choice.state_path, state.digest_key, error)) {
      io.err << "berth plan: " << error << "\n";
      return 1;
    }
    file.digest_key = state.digest_key;
    planner::RecordState(state, file);
    for (auto& [name, value] : GivenVariables(*parsed)) {
      if (sensitive_variables.count(name)) {
        file.sensitive_variables.push_back(name);
      } else {
        file.variables[name] = value;
      }
    }
    file.variable_files = Values(*parsed, "var-file");
    if (!planner::WritePlanFile(parsed->Get("out"), file, error)) {
      io.err << "berth plan: " << error << "\n";
      return 1;
    }
  }
  RenderPlan(*format, plan, *parsed, io);
  if (*format == PlanFormat::kText && parsed->Has("out")) {
    io.out << "\nSaved the plan to " << parsed->Get("out")
           << ": apply it exactly with `berth apply " << parsed->Get("out") << "`";
    if (parsed->Has("out") && !sensitive_variables.empty()) {
      bool given = false;
      for (const auto& [name, value] : GivenVariables(*parsed))
        given = given || sensitive_variables.count(name) > 0;
      if (given)
        io.out << ", giving the sensitive variables (--var) again: the plan never holds them";
    }
    io.out << ".\n";
  }
  if (std::string note = backend ? backend->PlanNote(plan) : ""; !note.empty()) {
    (*format == PlanFormat::kText ? io.out : io.err) << "\n" << note << "\n";
  }
  PrintLintAfterPlan(findings, sources, *format, io);
  bool changes = plan.HasChanges();
  KeepUntilExit(plan);
  KeepUntilExit(*program);
  KeepUntilExit(findings);
  if (parsed->Get("detailed-exitcode") == "true" && changes) return 2;
  return 0;
}

}  // namespace berth::cli

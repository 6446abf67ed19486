#include "cli/driver.h"

#include <unistd.h>

#include <algorithm>
#include <exception>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/completion.h"
#include "cli/version.h"
#include "compiler/base/diagnostics.h"
#include "compiler/base/large_stack.h"

namespace berth::cli {

namespace {

struct Subcommand {
  const char* name;
  Command run;
  const char* summary;
};

int HelpCommand(const std::vector<std::string>& args, CommandIo& io);
int CompletionCommand(const std::vector<std::string>& args, CommandIo& io);
int VersionCommand(const std::vector<std::string>& args, CommandIo& io);

const std::vector<Subcommand>& Subcommands() {
  static const std::vector<Subcommand> table = {
      {"plan", &PlanCommand, "show what apply would change"},
      {"show", &ShowCommand, "render a plan saved by `plan --out` (--format text|json|markdown)"},
      {"apply", &ApplyCommand, "carry out the plan through the backend"},
      {"destroy", &DestroyCommand, "delete everything the state records"},
      {"refresh", &RefreshCommand, "write what is live into the state and show the drift"},
      {"validate", &ValidateCommand, "check a stack and report every error"},
      {"compile", &CompileCommand, "compile a stack and print its IR (--emit ir)"},
      {"fmt", &FmtCommand, "rewrite .berth files in the canonical format (--check to verify)"},
      {"emit", &EmitCommand, "write the AWS API requests of the stack (emit aws -o DIR)"},
      {"lint", &LintCommand, "run the best-practice rules (BRT001...) over a stack"},
      {"review", &ReviewCommand, "plan a git change for a pull request (--base REF)"},
      {"import", &ImportCommand, "print ECS task definition or service JSON as berth source"},
      {"graph", &GraphCommand, "print the dependency graph (--format dot|mermaid)"},
      {"state", &StateCommand, "list, show, remove or move resources in the state file"},
      {"logs", &LogsCommand, "print a service's CloudWatch Logs lines (--follow, --since 10m)"},
      {"serve", &ServeCommand, "run berth's control plane: an ECS API on Docker engines"},
      {"force-unlock", &ForceUnlockCommand, "clear a stale state lock left by a crashed run"},
      {"help", &HelpCommand, "explain a command: its arguments and flags (help COMMAND)"},
      {"completion", &CompletionCommand, "print shell completion (completion bash)"},
      {"version", &VersionCommand, "print berth's version and the git commit it was built from"},
  };
  return table;
}

void PrintUsage(std::ostream& out) {
  out << "usage: berth <command> [PATH] [flags]\n\ncommands:\n";
  for (const Subcommand& s : Subcommands()) {
    int pad = std::max(1, 12 - static_cast<int>(std::string(s.name).size()));  // force-unlock is 12
    out << "  " << s.name << std::string(pad, ' ') << s.summary << "\n";
  }
  out << "\nPATH is a stack directory or a .berth file (default: the current directory).\n"
         "Run `berth help <command>` (or `berth <command> --help`) for a command's flags.\n";
}

std::vector<std::string> CommandNames() {
  std::vector<std::string> names;
  for (const Subcommand& s : Subcommands()) names.push_back(s.name);
  return names;
}

const Subcommand* Find(const std::string& name) {
  for (const Subcommand& s : Subcommands()) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

void UnknownCommand(const std::string& name, std::ostream& err) {
  err << "berth: unknown command \"" << name << "\"";
  if (auto close = ClosestMatch(name, CommandNames()))
    err << " (did you mean \"" << *close << "\"?)";
  err << "\n";
}

// `berth help COMMAND` is `berth COMMAND --help`: each command owns its usage and flags.
int HelpCommand(const std::vector<std::string>& args, CommandIo& io) {
  if (args.empty()) {
    PrintUsage(io.out);
    return 0;
  }
  if (args.size() > 1) {
    io.err << "berth help: takes one command, e.g. `berth help plan`\n";
    return 1;
  }
  const Subcommand* found = Find(args[0]);
  if (found == nullptr) {
    UnknownCommand(args[0], io.err);
    io.err << "Run `berth help` for the list of commands.\n";
    return 1;
  }
  if (found->run == &HelpCommand) {
    io.out << "usage: berth help [COMMAND]\n\n" << found->summary << "\n";
    return 0;
  }
  return found->run({"--help"}, io);
}

int CompletionCommand(const std::vector<std::string>& args, CommandIo& io) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    io.out << "usage: berth completion bash\n\n"
              "Prints the bash completion script. Load it in the current shell with\n"
              "  source <(berth completion bash)\n"
              "or install it for every shell: berth completion bash > "
              "/etc/bash_completion.d/berth\n";
    return 0;
  }
  if (args.size() != 1 || args[0] != "bash") {
    io.err << "berth completion: the supported shell is bash: `berth completion bash`\n";
    return 1;
  }
  io.out << BashCompletion(CommandNames());
  return 0;
}

int VersionCommand(const std::vector<std::string>& args, CommandIo& io) {
  if (!args.empty() && args[0] != "--help" && args[0] != "-h") {
    io.err << "berth version: takes no arguments\n";
    return 1;
  }
  if (!args.empty()) {
    io.out << "usage: berth version (or berth --version)\n";
    return 0;
  }
  io.out << VersionLine() << "\n";
  return 0;
}

}  // namespace

int Run(int argc, char** argv, std::ostream& out, std::ostream& err) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    PrintUsage(args.empty() ? err : out);
    return args.empty() ? 1 : 0;
  }
  if (args[0] == "--version") args[0] = "version";
  const Subcommand* found = Find(args[0]);
  if (!found) {
    UnknownCommand(args[0], err);
    PrintUsage(err);
    return 1;
  }
  CommandIo io{out, err, isatty(STDOUT_FILENO) == 1};
  std::vector<std::string> rest(args.begin() + 1, args.end());
  int code = 1;
  // The compiler recurses over the input's nesting; a large stack plus the parser's nesting
  // bound means no input can overflow it. A bug that still throws ends as a message, not as an
  // abort with a core dump.
  RunOnLargeStack([&] {
    try {
      code = found->run(rest, io);
    } catch (const std::exception& e) {
      err << "berth: internal error: " << e.what()
          << "\nthis is a bug in berth; please report it with the input that caused it\n";
      code = 1;
    }
  });
  return code;
}

}  // namespace berth::cli

// berth import ecs-task-definition|ecs-service FILE.json [--stack PATH]: ECS API JSON printed as
// berth source (docs/aws.md, "Import"). Decoding and printing live in backends/aws/ecs_import.h;
// this file reads flags and files, and lays the text out as `berth fmt` does. With --from-live
// it reads the service from AWS instead (cli/import_live.h).
#include <fstream>
#include <sstream>

#include "backends/aws/ecs_import.h"
#include "cli/compile_stack.h"
#include "cli/import_live.h"
#include "compiler/base/json_input.h"
#include "compiler/fmt/format.h"
#include "compiler/parse/parse.h"

namespace berth::cli {

int ImportCommand(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<FlagSpec> flags = StackFlags();
  flags.push_back({"stack", true, false,
                   "a stack whose roles, clusters, tasks, target groups and log groups the "
                   "imported references resolve to"});
  for (FlagSpec& flag : ImportLiveFlags()) flags.push_back(std::move(flag));
  auto parsed = ParseCommandArgs("import", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: berth import ecs-task-definition|ecs-service FILE.json [--stack PATH]\n"
              "       berth import --from-live --cluster C --service S [--out DIR]\n"
              "                    [--backend aws-api|controlplane]\n\n"
              "Prints the berth source of an ECS task definition (describe-task-definition\n"
              "output or a register-task-definition request) or service (describe-services\n"
              "output or a create-service request). See docs/aws.md.\n\n"
              "With --from-live, reads a running ECS service, its task definition, target\n"
              "groups and Application Auto Scaling target and policies from AWS (as the\n"
              "aws-api backend is configured) and writes a stack directory DIR (main.berth\n"
              "and .berth/state.json) that `berth plan DIR` finds unchanged. See\n"
              "docs/aws-api.md.\n\n"
           << FlagsHelp(flags);
    return 0;
  }
  if (parsed->Has("from-live")) return ImportLive(*parsed, io);
  for (const char* flag : {"cluster", "service", "out", "backend"}) {
    if (parsed->Has(flag)) {
      io.err << "berth import: --" << flag << " goes with --from-live\n";
      return 1;
    }
  }
  if (parsed->positional.size() != 2) {
    io.err << "berth import: expected `berth import ecs-task-definition FILE.json` or `berth "
              "import ecs-service FILE.json`\n";
    return 1;
  }
  const std::string& what = parsed->positional[0];
  const std::string& file = parsed->positional[1];
  aws::ImportKind kind;
  if (what == "ecs-task-definition") {
    kind = aws::ImportKind::kTaskDefinition;
  } else if (what == "ecs-service") {
    kind = aws::ImportKind::kService;
  } else {
    io.err << "berth import: unknown kind \"" << what
           << "\"; the kinds are ecs-task-definition and ecs-service\n";
    return 1;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    io.err << "berth import: cannot read " << file << "\n";
    return 1;
  }
  std::stringstream json;
  json << in.rdbuf();
  JsonInputError syntax;
  std::optional<nlohmann::json> document = ParseJsonInput(json.str(), syntax);
  if (!document) {
    io.err << RenderJsonInputError(file, json.str(), syntax);
    return 1;
  }

  SourceManager sources;
  std::optional<ir::Program> stack;
  aws::ImportOptions options;
  if (parsed->Has("stack")) {
    ParsedArgs stack_args = *parsed;
    stack_args.positional = {parsed->Get("stack")};
    stack = CompileStack(stack_args, sources, io);
    if (!stack) return 1;
    options.stack = &*stack;
  }
  auto imported = aws::ImportEcs(kind, *document, options);
  if (auto* error = std::get_if<aws::DecodeError>(&imported)) {
    io.err << file << ": " << error->ToString() << "\n";
    return 1;
  }
  const std::string& text = std::get<std::string>(imported);
  // The printer's layout is plain; the formatter aligns it as `berth fmt` would.
  Diagnostics diags;
  uint32_t id = sources.Add("<import>", text);
  ast::File ast = Parse({}, sources, id, diags);
  if (diags.HasErrors()) {
    io.err << "berth import: internal error: the printed source does not parse:\n" << text;
    return 1;
  }
  io.out << Format({}, ast, *sources.Get(id));
  return 0;
}

}  // namespace berth::cli

// berth emit aws [PATH] -o DIR: the AWS API requests that create the whole stack, as files
// (docs/aws.md); berth emit cloudformation [PATH] -o DIR: the stack as CloudFormation templates
// (docs/cloudformation.md). The emission itself lives in backends/aws/; this file reads flags and
// reports.
#include "backends/aws/cfn_template.h"
#include "backends/aws/emit_files.h"
#include "cli/compile_stack.h"
#include "cli/keep_until_exit.h"

namespace berth::cli {

int EmitCommand(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<FlagSpec> flags = StackFlags();
  flags.push_back(
      {"o", true, false, "the output directory (created, or replaced when berth wrote it)"});
  flags.push_back({"out", true, false, "the same as -o"});
  auto parsed = ParseCommandArgs("emit", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: berth emit aws [PATH] -o DIR [flags]\n"
              "       berth emit cloudformation [PATH] -o DIR [flags]\n\n"
              "aws: writes one file per AWS API call (the --cli-input-json body), manifest.json\n"
              "and apply.sh into DIR. See docs/aws.md.\n"
              "cloudformation: writes CloudFormation templates (several, linked by exports, when\n"
              "the stack exceeds a template's limits) and order.json into DIR. See\n"
              "docs/cloudformation.md.\n\n"
           << FlagsHelp(flags);
    return 0;
  }
  if (parsed->positional.empty()) {
    io.err << "berth emit: say what to emit: `berth emit aws [PATH] -o DIR` or `berth emit "
              "cloudformation [PATH] -o DIR`\n";
    return 1;
  }
  std::string target = parsed->positional[0];
  if (target != "aws" && target != "cloudformation") {
    io.err << "berth emit: unknown target \"" << target
           << "\"; the available targets are aws and cloudformation\n";
    return 1;
  }
  if (parsed->Has("o") && parsed->Has("out")) {
    io.err << "berth emit: give the output directory once, with -o or --out\n";
    return 1;
  }
  std::string dir = parsed->Get("o", parsed->Get("out"));
  if (dir.empty()) {
    io.err << "berth emit: no output directory: add -o DIR\n";
    return 1;
  }
  if (parsed->positional.size() > 2) {
    io.err << "berth emit: one stack at a time; unexpected \"" << parsed->positional[2] << "\"\n";
    return 1;
  }
  parsed->positional.erase(parsed->positional.begin());  // the stack PATH, if any, is next
  SourceManager sources;
  auto program = CompileStack(*parsed, sources, io);
  if (!program) return 1;

  if (target == "cloudformation") {
    aws::CfnTemplateSet set = aws::SplitTemplates(aws::BuildCloudFormation(*program));
    std::string error;
    if (!aws::WriteCloudFormation(dir, program->stack, set, error)) {
      io.err << "berth emit: " << error << "\n";
      return 1;
    }
    for (const std::string& note : set.notes) io.err << "berth emit: note: " << note << "\n";
    size_t resources = 0;
    for (const aws::CfnTemplate& part : set.templates) resources += part.resources;
    io.out << "Wrote " << set.templates.size()
           << (set.templates.size() == 1 ? " template" : " templates") << " (" << resources
           << " resources) and order.json to " << dir << "\n";
    KeepUntilExit(set);
    KeepUntilExit(*program);
    return 0;
  }
  // Each call's request file is written as soon as the call is made, and its body dropped: the
  // request trees of a large stack never sit in memory together.
  std::string error;
  auto writer = std::make_shared<aws::EmissionWriter>();
  if (!writer->Open(dir, error)) {
    io.err << "berth emit: " << error << "\n";
    return 1;
  }
  bool written = true;
  aws::EmitContext context(*program);
  auto adder = std::make_shared<aws::ReadCallAdder>(
      context, [&](aws::AwsCall&& call, std::vector<std::string>&& names) {
        if (written) written = writer->Add(call, std::move(names), error);
      });
  std::vector<std::string> notes = aws::EmitStack(*program, aws::EmitContext::Derived::kLiteral,
                                                  [&](std::vector<aws::AwsCall>&& calls) {
                                                    for (aws::AwsCall& call : calls)
                                                      adder->Add(std::move(call));
                                                  });
  for (std::string& note : adder->notes()) notes.push_back(std::move(note));
  if (!written || !writer->Finish(program->stack, notes, &*program, error)) {
    io.err << "berth emit: " << error << "\n";
    return 1;
  }
  for (const std::string& note : notes) io.err << "berth emit: note: " << note << "\n";
  io.out << "Wrote " << writer->size() << " requests, manifest.json and apply.sh to " << dir
         << "\n";
  KeepUntilExit(std::shared_ptr<void>(writer));
  KeepUntilExit(std::shared_ptr<void>(adder));
  KeepUntilExit(*program);
  return 0;
}

}  // namespace berth::cli

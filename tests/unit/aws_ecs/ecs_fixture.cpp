#include "tests/unit/aws_ecs/ecs_fixture.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "backends/aws/emitters.h"
#include "compiler/check/check.h"
#include "tests/e2e/run_berth.h"
#include "tests/unit/aws_services/services_fixture.h"

namespace berth::testing {

namespace fs = std::filesystem;

namespace {

// Sources must outlive the program's ranges; tests keep programs for their whole run.
SourceManager& Sources() {
  static SourceManager* sources = new SourceManager();
  return *sources;
}

std::string TempDir(const char* prefix) {
  std::string tmpl = (fs::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
  return mkdtemp(tmpl.data());
}

}  // namespace

ir::Program CompileStack(const std::string& path) {
  Diagnostics diags;
  CheckOptions options;
  options.path = path;
  options.stdlib_dir = BERTH_SOURCE_DIR "/stdlib";
  std::optional<ir::Program> program = Check(options, Sources(), diags);
  std::ostringstream text;
  RenderDiagnosticsText(diags, Sources(), text);
  EXPECT_TRUE(program.has_value()) << text.str();
  return program ? std::move(*program) : ir::Program{};
}

ir::Program CompileSource(const std::string& source) {
  std::string dir = TempDir("berth-aws-ecs");
  std::ofstream(dir + "/main.berth") << source;
  ir::Program program = CompileStack(dir);
  std::error_code ec;
  fs::remove_all(dir, ec);
  return program;
}

std::vector<AwsCall> CreateCallsOf(const ir::Program& program, const std::string& address) {
  std::vector<AwsCall> calls;
  aws::EmitContext context(program);
  const ir::Resource* resource = program.Find(address);
  EXPECT_NE(resource, nullptr) << address;
  if (!resource) return calls;
  for (const aws::KindEmitter* emitter : aws::EmittersOf(resource->kind)) {
    for (AwsCall& call : emitter->create(*resource, context)) calls.push_back(std::move(call));
  }
  return EcsOnly(std::move(calls));
}

std::vector<AwsCall> EcsOnly(std::vector<AwsCall> calls) {
  std::erase_if(calls, [](const AwsCall& call) { return call.service != "ecs"; });
  return calls;
}

std::vector<AwsCall> CreateCalls(const ir::Program& program) {
  std::vector<AwsCall> calls;
  for (const ir::Resource& resource : program.resources) {
    if (resource.kind != "cluster" && resource.kind != "task" && resource.kind != "service") {
      continue;
    }
    for (AwsCall& call : CreateCallsOf(program, resource.address)) calls.push_back(std::move(call));
  }
  return calls;
}

Json BodyOf(const std::vector<AwsCall>& calls, const std::string& operation) {
  const AwsCall* found = nullptr;
  int count = 0;
  for (const AwsCall& call : calls) {
    if (call.operation == operation) {
      found = &call;
      ++count;
    }
  }
  EXPECT_EQ(count, 1) << operation;
  return found ? found->body : Json();
}

std::string AwsCli() {
  static const std::string path = [] {
    std::string output;
    int status = e2e::ShellOutput("command -v aws", output);
    return status == 0 ? output.substr(0, output.find('\n')) : std::string();
  }();
  return path;
}

std::vector<std::string> RejectedByCli(const std::vector<AwsCall>& calls) {
  // One Python process for all the bodies (validate_requests.py runs the CLI's own driver in
  // it), not a CLI start-up of about 1.5 s per body.
  std::optional<std::vector<std::string>> rejections = aws::testing::CliRejections(calls);
  if (!rejections) return {"no AWS CLI: the bodies were not validated"};
  return *rejections;
}

}  // namespace berth::testing

#include "tests/unit/aws_ecs/ecs_fixture.h"

#include "backends/aws/emitters.h"
#include "tests/e2e/run_berth.h"

namespace berth::testing {

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

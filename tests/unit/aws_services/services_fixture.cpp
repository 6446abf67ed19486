#include "tests/unit/aws_services/services_fixture.h"

#include <fmt/format.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "backends/aws/capture_check.h"
#include "compiler/check/check.h"

namespace berth::aws::testing {

namespace fs = std::filesystem;

namespace {

std::string TempDir(const char* prefix) {
  std::string pattern = (fs::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
  return mkdtemp(pattern.data());
}

// Resources with dependencies first, otherwise in address order.
std::vector<const ir::Resource*> DependencyOrder(const ir::Program& program) {
  std::vector<const ir::Resource*> order;
  std::set<std::string> seen;
  std::function<void(const ir::Resource&)> visit = [&](const ir::Resource& resource) {
    if (!seen.insert(resource.address).second) return;
    for (const std::string& dependency : resource.depends_on) {
      if (const ir::Resource* target = program.Find(dependency)) visit(*target);
    }
    order.push_back(&resource);
  };
  for (const ir::Resource& resource : program.resources) visit(resource);
  return order;
}

void Append(std::vector<AwsCall>& to, std::vector<AwsCall> calls) {
  for (AwsCall& call : calls) to.push_back(std::move(call));
}

// tests/aws_cli/validate_requests.py --list LIST: its output, and its exit code. Through the
// validator zygote of the ctest fixture (tests/aws_cli/validator_zygote.py: the script and the
// AWS CLI loaded once, forked per call) when BERTH_CLI_VALIDATOR names its socket and it
// answers; otherwise the script itself, in a Python of its own (1.5 to 2 CPU s of start-up).
int RunValidator(const std::string& list, std::string& output) {
  if (const char* socket_path = getenv("BERTH_CLI_VALIDATOR")) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::string path = socket_path;
    bool connected = false;
    if (fd >= 0 && path.size() < sizeof(address.sun_path)) {
      path.copy(address.sun_path, path.size());
      connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    }
    if (connected) {
      std::string request = nlohmann::json::array({"--list", list}).dump();
      bool sent = write(fd, request.data(), request.size()) == ssize_t(request.size());
      shutdown(fd, SHUT_WR);
      std::array<char, 4096> buffer;
      for (ssize_t n; sent && (n = read(fd, buffer.data(), buffer.size())) > 0;) {
        output.append(buffer.data(), n);
      }
      close(fd);
      // The last line is "exit CODE"; without it the call died (the line count says so).
      size_t at = output.rfind("\nexit ");
      if (at == std::string::npos) return -1;
      int code = std::atoi(output.c_str() + at + 6);
      output.resize(at + 1);
      return code;
    }
    if (fd >= 0) close(fd);
  }
  std::string command = fmt::format("python3 {}/tests/aws_cli/validate_requests.py --list {}",
                                    BERTH_SOURCE_DIR, list);
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buffer;
  while (pipe && fgets(buffer.data(), buffer.size(), pipe)) output += buffer.data();
  int status = pipe ? pclose(pipe) : -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

ir::Program CompilePath(const std::string& path) {
  CheckOptions options;
  options.path = path;
  options.stdlib_dir = std::string(BERTH_SOURCE_DIR) + "/stdlib";
  // Sources outlive the programs' ranges: tests keep programs for their whole run.
  static SourceManager& sources = *new SourceManager();
  Diagnostics diags;
  std::optional<ir::Program> program = Check(options, sources, diags);
  if (!program) {
    std::ostringstream text;
    RenderDiagnosticsText(diags, sources, text);
    ADD_FAILURE() << path << " does not compile:\n" << text.str();
    return {};
  }
  return *program;
}

ir::Program CompileSource(const std::string& source) {
  std::string dir = TempDir("berth-aws-services");
  std::ofstream(dir + "/main.berth") << source;
  ir::Program program = CompilePath(dir);
  fs::remove_all(dir);
  return program;
}

std::string Header(const std::string& extra_tags) {
  return fmt::format(R"(stack "t" {{
  region  = "ap-northeast-1"
  account = "123456789012"
  tags    = {{ team = "web"{} }}
}}
)",
                     extra_tags);
}

std::vector<AwsCall> CreateAll(const ir::Program& program) {
  EmitContext context(program);
  std::vector<AwsCall> calls;
  for (const ir::Resource* resource : DependencyOrder(program)) {
    for (const KindEmitter* emitter : EmittersOf(resource->kind)) {
      Append(calls, emitter->create(*resource, context));
    }
  }
  return calls;
}

std::vector<AwsCall> CreateOf(const ir::Program& program, const std::string& address) {
  EmitContext context(program);
  std::vector<AwsCall> calls;
  const ir::Resource* resource = program.Find(address);
  if (resource == nullptr) {
    ADD_FAILURE() << "no " << address;
    return calls;
  }
  for (const KindEmitter* emitter : EmittersOf(resource->kind)) {
    Append(calls, emitter->create(*resource, context));
  }
  return WithoutEcs(std::move(calls));
}

std::vector<AwsCall> UpdateOf(const ir::Program& before, const ir::Program& after,
                              const std::string& address) {
  EmitContext context(after);
  std::vector<AwsCall> calls;
  const ir::Resource* old_resource = before.Find(address);
  const ir::Resource* resource = after.Find(address);
  if (old_resource == nullptr || resource == nullptr) {
    ADD_FAILURE() << "no " << address << " before and after";
    return calls;
  }
  // As emission runs them: every update, then the parts that wait for all of them.
  std::vector<const KindEmitter*> emitters = EmittersOf(resource->kind);
  for (const KindEmitter* emitter : emitters) {
    Append(calls, emitter->update(*resource, old_resource->attributes, context));
  }
  for (auto it = emitters.rbegin(); it != emitters.rend(); ++it) {
    if ((*it)->update_last)
      Append(calls, (*it)->update_last(*resource, old_resource->attributes, context));
  }
  return WithoutEcs(std::move(calls));
}

std::vector<AwsCall> RemoveOf(const ir::Program& before, const ir::Program& after,
                              const std::string& address) {
  EmitContext context(after);
  std::vector<AwsCall> calls;
  const ir::Resource* old_resource = before.Find(address);
  if (old_resource == nullptr) {
    ADD_FAILURE() << "no " << address << " before";
    return calls;
  }
  std::vector<const KindEmitter*> emitters = EmittersOf(old_resource->kind);
  for (auto it = emitters.rbegin(); it != emitters.rend(); ++it) {
    Append(calls, (*it)->remove(*old_resource, context));
  }
  return WithoutEcs(std::move(calls));
}

std::vector<AwsCall> WithoutEcs(std::vector<AwsCall> calls) {
  std::erase_if(calls, [](const AwsCall& call) { return call.service == "ecs"; });
  return calls;
}

std::vector<std::string> CaptureProblems(const std::vector<AwsCall>& calls,
                                         const ir::Program& program) {
  std::vector<std::string> problems;
  for (const std::string& problem : UncapturedPlaceholders(calls)) {
    // "... {{berth:security_group.alb.id}} is not captured ..." -> kind security_group
    size_t at = problem.find("{{berth:") + 8;
    std::string kind = problem.substr(at, problem.find('.', at) - at);
    if (!EmittersOf(kind).empty()) problems.push_back(problem);
  }
  return problems;
}

std::optional<std::vector<std::string>> CliRejections(const std::vector<AwsCall>& calls) {
  std::string dir = TempDir("berth-aws-cli");
  nlohmann::json list = nlohmann::json::array();
  for (size_t i = 0; i < calls.size(); ++i) {
    std::string file =
        fmt::format("{}/{:03}-{}-{}.json", dir, i + 1, calls[i].service, calls[i].operation);
    std::ofstream(file) << calls[i].body.dump(2);
    list.push_back(
        {{"service", calls[i].service}, {"operation", calls[i].operation}, {"file", file}});
  }
  std::ofstream(dir + "/list.json") << list.dump();
  std::vector<std::string> rejections;
  std::string output;
  int code = RunValidator(dir + "/list.json", output);
  fs::remove_all(dir);
  if (code == 77) return std::nullopt;
  size_t lines = 0;
  for (size_t start = 0; start < output.size();) {
    size_t end = output.find('\n', start);
    std::string line = output.substr(start, end - start);
    if (line.starts_with("FAIL ")) rejections.push_back(line);
    if (line.starts_with("FAIL ") || line.starts_with("OK ")) ++lines;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (lines != calls.size()) {
    rejections.push_back(fmt::format("validator exited {} after {} of {} bodies: {}", code, lines,
                                     calls.size(), output));
  }
  return rejections;
}

std::vector<const AwsCall*> WithOperation(const std::vector<AwsCall>& calls,
                                          const std::string& operation) {
  std::vector<const AwsCall*> found;
  for (const AwsCall& call : calls) {
    if (call.operation == operation) found.push_back(&call);
  }
  return found;
}

const AwsCall& Only(const std::vector<AwsCall>& calls, const std::string& operation) {
  static const AwsCall kNone;
  std::vector<const AwsCall*> found = WithOperation(calls, operation);
  if (found.size() != 1) {
    ADD_FAILURE() << found.size() << " calls of " << operation << ", expected 1";
    return kNone;
  }
  return *found[0];
}

void ExpectValid(const std::vector<AwsCall>& calls, const ir::Program& program) {
  for (const std::string& problem : CaptureProblems(calls, program)) ADD_FAILURE() << problem;
  std::optional<std::vector<std::string>> rejections = CliRejections(calls);
  if (!rejections) {
    GTEST_SKIP() << "SKIPPED: no AWS CLI is installed, so these request bodies were NOT "
                    "validated against the AWS API model";
  }
  for (const std::string& rejection : *rejections) ADD_FAILURE() << rejection;
}

}  // namespace berth::aws::testing

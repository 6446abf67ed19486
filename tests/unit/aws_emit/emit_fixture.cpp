#include "tests/unit/aws_emit/emit_fixture.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "compiler/check/check.h"

namespace berth::aws::testing {

const char* const kStack = R"(
stack "demo" {
  region  = "eu-west-1"
  account = "111122223333"
}

variable "note" {
  type      = string
  default   = "hunter2-do-not-print"
  sensitive = true
}

log_group "api" {
  name      = "/ecs/api"
  retention = 14d
  tags      = { team = "core" }
}

role "exec" {
  name    = "api-exec"
  managed = ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]
}

role "app" {
  name        = "api-task"
  description = var.note
  statement "read_assets" {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::assets/*"]
  }
  statement "deny_delete" {
    effect    = deny
    actions   = ["s3:DeleteObject"]
    resources = ["*"]
  }
}

security_group "tasks" {
  vpc = "vpc-1"
  ingress {
    port                  = 8080
    source_security_group = security_group.alb.id
  }
  egress {
    protocol = tcp
    port     = 443
    cidr     = ["0.0.0.0/0"]
  }
}

security_group "alb" {
  vpc = "vpc-1"
  ingress {
    port = 443
    cidr = ["0.0.0.0/0"]
    description = "https"
  }
}
)";

ir::Program Compile(const std::string& source) {
  std::string pattern = (std::filesystem::temp_directory_path() / "berth-aws-XXXXXX").string();
  std::string dir = mkdtemp(pattern.data());
  std::ofstream(dir + "/main.berth") << source;
  ir::Program program = CompileDirectory(dir);
  std::filesystem::remove_all(dir);
  return program;
}

ir::Program CompileDirectory(const std::string& dir) {
  CheckOptions options;
  options.path = dir;
  options.stdlib_dir = BERTH_SOURCE_DIR "/stdlib";
  SourceManager sources;
  Diagnostics diags;
  std::optional<ir::Program> program = Check(options, sources, diags);
  std::ostringstream errors;
  RenderDiagnosticsText(diags, sources, errors);
  EXPECT_TRUE(program.has_value()) << errors.str();
  return program ? std::move(*program) : ir::Program{};
}

const AwsCall& FindCall(const std::vector<AwsCall>& calls, const std::string& operation,
                        const std::string& address) {
  for (const AwsCall& call : calls) {
    if (call.operation == operation && call.address == address) return call;
  }
  ADD_FAILURE() << "no " << operation << " for " << address;
  static const AwsCall kNone;
  return kNone;
}

}  // namespace berth::aws::testing

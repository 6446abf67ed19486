#include "tests/unit/lint/lint_fixture.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/check/check.h"

namespace berth::testing {

namespace fs = std::filesystem;

const char* const kCleanStack = R"(stack "t" {
  region  = "ap-northeast-1"
  account = "123456789012"
}

cluster "main" {
  container_insights = true
}

role "exec" {
  managed = ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]
}

role "app" {
  statement "read" {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::assets/*"]
  }
}

task "api" {
  cpu            = 256
  memory         = 512MiB
  network_mode   = awsvpc
  requires       = ["FARGATE"]
  execution_role = role.exec
  task_role      = role.app

  container "app" {
    image          = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1.4.2"
    port           = 8080
    user           = "1000:1000"
    read_only_root = true
    env            = { APP_ENV = "prod" }
    health {
      command      = ["CMD-SHELL", "curl -f http://localhost:8080/health"]
      start_period = 60s
    }
    logs {
      driver  = awslogs
      options = { "awslogs-group" = "/ecs/app", "awslogs-region" = "ap-northeast-1", "awslogs-stream-prefix" = "app" }
    }
  }
}

service "api" {
  cluster            = cluster.main
  task               = task.api
  desired_count      = 2
  launch_type        = FARGATE
  health_check_grace = 30s

  network {
    subnets = ["subnet-a", "subnet-b"]
  }

  deployment {
    min_healthy_percent = 50
    circuit_breaker     = rollback
  }
}
)";

std::string Edit(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "the clean stack has no \"" << from << "\"";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

void LintTest::SetUp() {
  old_cwd_ = fs::current_path().string();
  std::string tmpl = (fs::temp_directory_path() / "berth-lint-XXXXXX").string();
  dir_ = mkdtemp(tmpl.data());
  fs::current_path(dir_);
}

void LintTest::TearDown() {
  fs::current_path(old_cwd_);
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

lint::LintResult LintTest::Run(const std::string& stack) {
  fs::create_directories("app");
  std::ofstream("app/main.berth", std::ios::binary) << stack;
  CheckOptions options;
  options.path = "app";
  options.stdlib_dir = BERTH_SOURCE_DIR "/stdlib";
  Diagnostics diags;
  auto program = Check(options, sources_, diags);
  std::ostringstream errors;
  RenderDiagnosticsText(diags, sources_, errors);
  EXPECT_TRUE(program.has_value()) << errors.str();
  if (!program) return {};
  program_ = std::move(*program);
  return lint::Lint(program_, sources_);
}

std::vector<std::string> LintTest::Of(const lint::LintResult& result,
                                      const std::string& rule) const {
  std::vector<std::string> out;
  for (const lint::Finding& f : result.findings) {
    if (f.rule == rule && !f.suppressed)
      out.push_back(std::to_string(f.range.line) + ": " + f.message);
  }
  return out;
}

std::string LintTest::Text(const lint::LintResult& result) const {
  std::ostringstream out;
  lint::RenderText(result, sources_, out);
  return out.str();
}

}  // namespace berth::testing

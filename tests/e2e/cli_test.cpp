// The berth binary end to end: examples, determinism, exit codes, fmt, JSON diagnostics,
// secrets.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

TEST(Cli, EveryExampleValidates) {
  std::vector<std::string> names = ExampleNames();
  ASSERT_GE(names.size(), 6u);
  for (const std::string& name : names) {
    RunResult r = RunBerth({"validate", "examples/" + name});
    EXPECT_EQ(r.exit_code, 0) << name << "\n" << r.err;
    EXPECT_NE(r.out.find("The stack is valid"), std::string::npos) << name;
  }
}

TEST(Cli, IrIsByteIdenticalAcrossRuns) {
  for (const std::string& name : ExampleNames()) {
    RunResult a = RunBerth({"compile", "examples/" + name, "--emit", "ir"});
    RunResult b = RunBerth({"compile", "examples/" + name, "--emit", "ir"});
    ASSERT_EQ(a.exit_code, 0) << name << a.err;
    EXPECT_EQ(a.out, b.out) << name;
    EXPECT_TRUE(nlohmann::json::accept(a.out)) << name;
  }
}

TEST(Cli, PlanOfAnExampleCreatesEverything) {
  RunResult r = RunBerth({"plan", "examples/fargate_web_api"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("+ service.api {"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Plan: "), std::string::npos);
  EXPECT_NE(r.out.find(" to add, 0 to change, 0 to replace, 0 to destroy."), std::string::npos);
  RunResult detailed = RunBerth({"plan", "examples/fargate_web_api", "--detailed-exitcode"});
  EXPECT_EQ(detailed.exit_code, 2);
}

TEST(Cli, FmtCheckPassesOnExamplesAndStdlib) {
  for (const std::string& name : ExampleNames()) {
    RunResult r = RunBerth({"fmt", "--check", "examples/" + name});
    EXPECT_EQ(r.exit_code, 0) << name << "\n" << r.out << r.err;
  }
  for (const char* module : {"stdlib/web_service", "stdlib/queue_worker", "stdlib/scheduled_job"}) {
    RunResult r = RunBerth({"fmt", "--check", module});
    EXPECT_EQ(r.exit_code, 0) << module << "\n" << r.out << r.err;
  }
}

TEST(Cli, FmtRewritesAndIsIdempotent) {
  TempDir dir;
  std::string f = dir.Write("main.berth",
                            "# the cluster\ncluster   \"main\"{container_insights=true # on\n}\n");
  RunResult check = RunBerth({"fmt", "--check", f});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.out.find(f), std::string::npos) << check.out;
  ASSERT_EQ(RunBerth({"fmt", f}).exit_code, 0);
  std::string once = ReadFile(f);
  EXPECT_EQ(once, "# the cluster\ncluster \"main\" {\n  container_insights = true # on\n}\n");
  ASSERT_EQ(RunBerth({"fmt", f}).exit_code, 0);
  EXPECT_EQ(ReadFile(f), once);
  EXPECT_EQ(RunBerth({"fmt", "--check", f}).exit_code, 0);
}

TEST(Cli, GraphFormats) {
  RunResult dot = RunBerth({"graph", "examples/fargate_web_api", "--format", "dot"});
  ASSERT_EQ(dot.exit_code, 0) << dot.err;
  EXPECT_EQ(dot.out.rfind("digraph", 0), 0u) << dot.out;
  EXPECT_NE(dot.out.find("service.api"), std::string::npos);
  RunResult mermaid = RunBerth({"graph", "examples/fargate_web_api", "--format", "mermaid"});
  ASSERT_EQ(mermaid.exit_code, 0) << mermaid.err;
  EXPECT_EQ(mermaid.out.rfind("flowchart", 0), 0u) << mermaid.out;
  RunResult bad = RunBerth({"graph", "examples/fargate_web_api", "--format", "png"});
  EXPECT_EQ(bad.exit_code, 1);
}

TEST(Cli, UnknownCommandSuggests) {
  RunResult r = RunBerth({"plna"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown command \"plna\" (did you mean \"plan\"?)"), std::string::npos)
      << r.err;
}

TEST(Cli, UnknownFlagSuggests) {
  RunResult r = RunBerth({"validate", "--vra", "x=1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown flag --vra (did you mean --var?)"), std::string::npos) << r.err;
}

TEST(Cli, JsonDiagnosticsAreJsonLines) {
  TempDir dir;
  std::string f = dir.Write("main.berth", "cluster \"main\" {\n  container_insight = true\n}\n"
                                          "cluster \"main\" {}\n");
  RunResult r = RunBerth({"validate", f, "--diagnostics", "json"});
  EXPECT_EQ(r.exit_code, 1);
  std::istringstream lines(r.err);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    nlohmann::json j = nlohmann::json::parse(line);
    EXPECT_EQ(j["severity"], "error");
    EXPECT_EQ(j["range"]["file"], f);
    ++count;
  }
  EXPECT_EQ(count, 2) << r.err;
}

TEST(Cli, AllErrorsOfARunAreReported) {
  TempDir dir;
  dir.Write("a.berth", "cluster \"one\" {\n  bogus = 1\n}\n");
  dir.Write("b.berth", "cluster \"two\" {\n  other = 2\n}\n");
  RunResult r = RunBerth({"validate", dir.path()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("a.berth:2:3: error:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("b.berth:2:3: error:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 errors"), std::string::npos) << r.err;
}

TEST(Cli, SensitiveVariableNeverPrinted) {
  TempDir dir;
  std::string f = dir.Write(
      "main.berth",
      "variable \"token\" {\n  type = string\n  sensitive = true\n}\n"
      "cluster \"main\" {}\n"
      "task \"api\" {\n  cpu = 256\n  memory = 512MiB\n"
      "  container \"app\" {\n    image = \"nginx:1.27\"\n    env = { TOKEN = var.token }\n  }\n}\n");
  const std::string secret = "hunter2-very-secret";
  for (const std::vector<std::string>& cmd :
       {std::vector<std::string>{"plan", f, "--var", "token=" + secret},
        std::vector<std::string>{"compile", f, "--emit", "ir", "--var", "token=" + secret}}) {
    RunResult r = RunBerth(cmd);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find(secret), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find(secret), std::string::npos) << r.err;
  }
}

TEST(Cli, MissingVariableSaysWhatToDo) {
  TempDir dir;
  std::string f = dir.Write("main.berth", "variable \"image_tag\" {\n  type = string\n}\n");
  RunResult r = RunBerth({"validate", f});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--var image_tag="), std::string::npos) << r.err;
  RunResult ok = RunBerth({"validate", f, "--var", "image_tag=1.2.3"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

}  // namespace
}  // namespace berth::e2e

// `berth emit cloudformation` run as a user runs it: the files it writes, and its diagnostics.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

TEST(CfnEmitCli, WritesATemplateAndOrderJson) {
  TempDir dir;
  std::string out = dir.path() + "/cfn";
  RunResult run = RunBerth({"emit", "cloudformation", "examples/fargate_web_api", "-o", out});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "Wrote 1 template (14 resources) and order.json to " + out + "\n");
  EXPECT_EQ(run.err, "");
  nlohmann::json order = nlohmann::json::parse(ReadFile(out + "/order.json"));
  ASSERT_EQ(order["stacks"].size(), 1u);
  EXPECT_EQ(order["stacks"][0]["stack_name"], "sample-api");
  nlohmann::json body = nlohmann::json::parse(ReadFile(out + "/sample-api.json"));
  EXPECT_EQ(body["Resources"].size(), 14u);
  // Written again over its own output: replaced.
  EXPECT_EQ(RunBerth({"emit", "cloudformation", "examples/fargate_web_api", "-o", out}).exit_code,
            0);
}

TEST(CfnEmitCli, UserMistakesAreOneLineDiagnostics) {
  TempDir dir;
  dir.Write("mine/notes.txt", "keep me");
  RunResult run =
      RunBerth({"emit", "cloudformation", "examples/fargate_web_api", "-o", dir.path() + "/mine"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, "berth emit: " + dir.path() +
                         "/mine is a directory berth did not write (no order.json); choose "
                         "another -o or empty it\n");
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/mine/notes.txt"));
  run = RunBerth({"emit", "terraform", "examples/fargate_web_api", "-o", dir.path() + "/x"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err,
            "berth emit: unknown target \"terraform\"; the available targets are aws and "
            "cloudformation\n");
}

}  // namespace
}  // namespace berth::e2e

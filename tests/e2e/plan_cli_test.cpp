// `berth plan` output formats, saved plans and `berth show`, end to end on an example.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

const char* kPlanExample = "examples/fargate_web_api";

TEST(PlanCli, JsonFormat) {
  TempDir dir;
  std::string state = dir.path() + "/state.json";
  RunResult r = RunBerth({"plan", kPlanExample, "--format", "json", "--state", state});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["format_version"], 1);
  ASSERT_GT(j["resource_changes"].size(), 5u);
  bool found = false;
  for (const auto& c : j["resource_changes"]) {
    EXPECT_EQ(c["actions"], nlohmann::json::array({"create"})) << c["address"];
    if (c["address"] == "service.api") {
      found = true;
      EXPECT_EQ(c["kind"], "service");
      EXPECT_EQ(c["after"]["cluster"]["$ref"], "cluster.main");
      EXPECT_NE(std::find(c["unknown_paths"].begin(), c["unknown_paths"].end(), "cluster"),
                c["unknown_paths"].end());
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(j["summary"]["add"], j["resource_changes"].size());
}

TEST(PlanCli, MarkdownFormat) {
  TempDir dir;
  RunResult r = RunBerth(
      {"plan", kPlanExample, "--format", "markdown", "--state", dir.path() + "/state.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("### berth plan\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("<details><summary><code>+ service.api</code> will be created"),
            std::string::npos);
  EXPECT_EQ(r.out.find("[!CAUTION]"), std::string::npos) << "nothing is destroyed";
  EXPECT_LT(r.out.size(), 65000u);
}

TEST(PlanCli, BadFormatIsAUsageError) {
  RunResult r = RunBerth({"plan", kPlanExample, "--format", "yaml"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--format takes text, json or markdown"), std::string::npos) << r.err;
}

TEST(PlanCli, SavedPlanIsShownInEveryFormat) {
  TempDir dir;
  std::string planfile = dir.path() + "/plan.json";
  std::string state = dir.path() + "/state.json";
  RunResult plan = RunBerth({"plan", kPlanExample, "--state", state, "--out", planfile, "--var",
                             "image_tag=1.4.3", "--detailed-exitcode"});
  ASSERT_EQ(plan.exit_code, 2) << plan.err;
  EXPECT_NE(plan.out.find("Saved the plan to " + planfile), std::string::npos) << plan.out;
  nlohmann::json saved = nlohmann::json::parse(ReadFile(planfile));
  EXPECT_EQ(saved["kind"], "berth-plan");
  EXPECT_EQ(saved["stack_path"], kPlanExample);
  EXPECT_EQ(saved["variables"]["image_tag"], "1.4.3");
  EXPECT_EQ(saved["state"]["serial"], 0);
  EXPECT_TRUE(saved["state"]["fingerprint"].is_string());

  RunResult text = RunBerth({"show", planfile});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  // `show` prints exactly what `plan` printed before its note about the saved file.
  EXPECT_EQ(plan.out.substr(0, plan.out.find("\nSaved the plan")), text.out);
  EXPECT_NE(text.out.find("sample-api:1.4.3"), std::string::npos);

  RunResult json = RunBerth({"show", planfile, "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  RunResult direct = RunBerth(
      {"plan", kPlanExample, "--state", state, "--format", "json", "--var", "image_tag=1.4.3"});
  EXPECT_EQ(json.out, direct.out);

  RunResult markdown = RunBerth({"show", planfile, "--format", "markdown"});
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_EQ(markdown.out.rfind("### berth plan", 0), 0u);
}

TEST(PlanCli, ShowRefusesWhatIsNotAPlan) {
  TempDir dir;
  std::string bogus = dir.Write("x.json", "{}");
  RunResult r = RunBerth({"show", bogus});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not a berth plan file"), std::string::npos) << r.err;
}

TEST(PlanCli, TargetLimitsThePlan) {
  TempDir dir;
  RunResult r = RunBerth({"plan", kPlanExample, "--state", dir.path() + "/s.json", "--target",
                          "log_group.api", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["resource_changes"].size(), 1u);
  EXPECT_EQ(j["resource_changes"][0]["address"], "log_group.api");
  RunResult bad = RunBerth({"plan", kPlanExample, "--target", "log_group.nope"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("--target log_group.nope matches no resource"), std::string::npos);
}

}  // namespace
}  // namespace berth::e2e

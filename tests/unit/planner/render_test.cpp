// The three renderers, each asserted whole against tests/golden/plan/*.golden
// (BERTH_REFRESH_GOLDEN=1 rewrites them; review the diff). No output may contain a secret.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "planner/plan.h"
#include "tests/unit/planner/plan_fixture.h"

namespace berth::planner::testing {
namespace {

// "https://${load_balancer.public.dns_name}/api": text around a value known after apply.
Value PublicApiUrl() {
  return Value::Template({Value::String("https://"), Value::Ref("load_balancer.public", "dns_name"),
                          Value::String("/api")});
}

// Sets the env var `name` of the first container of the task attributes `task`.
void SetEnv(Value& task, const std::string& name, Value value) {
  ValueList containers = task.Get("containers")->list();
  Value env = *containers[0].Get("env");
  env.Set(name, std::move(value));
  containers[0].Set("env", env);
  task.Set("containers", Value::List(containers));
}

// One of each action: task.api replaced (an env var and the secret changed, a URL now built
// around a value known after apply), service.api updated, role.exec (its policy on a log
// group's streams, "${log_group.app.arn}:*") and service.worker (references known after apply)
// created, log_group.old destroyed, cluster.main unchanged.
Plan MixedPlan() {
  ir::Program desired = Stack("prod", 3, false);
  for (ir::Resource& r : desired.resources)
    if (r.address == "task.api") SetEnv(r.attributes, "URL", PublicApiUrl());
  Value statement =
      Value::Map({{"name", Value::String("logs")},
                  {"actions", Value::List({Value::String("logs:PutLogEvents")})},
                  {"resources", Value::List({Value::Template(
                                    {Value::Ref("log_group.app", "arn"), Value::String(":*")})})}});
  desired.resources.push_back(Resource(
      "role.exec", "role",
      Value::Map({{"name", Value::String("exec")}, {"statements", Value::List({statement})}})));
  desired.resources.push_back(Resource("service.worker", "service", ServiceAttributes(1, false),
                                       {"cluster.main", "task.api"}));
  desired = Program(desired.resources);
  std::vector<LiveResource> live;
  ir::Program before = Stack("stg", 2, false);
  for (const ir::Resource& r : before.resources) live.push_back(Live(r));
  Value& task = live[2].attributes;
  SetEnv(task, "DB_PASS", Value::String("old-password-also-secret").MarkSensitive());
  SetEnv(task, "URL", Value::String("https://old.example.com/api"));
  live.push_back(Live("log_group.old", "log_group",
                      Value::Map({{"name", Value::String("/ecs/old")},
                                  {"retention", Value::Duration(30.0 * 86400000)}})));
  return Diff({}, desired, live);
}

std::string Golden(const std::string& name, const std::string& actual) {
  std::string path = std::string(BERTH_SOURCE_DIR) + "/tests/golden/plan/" + name;
  const char* refresh = std::getenv("BERTH_REFRESH_GOLDEN");
  if (refresh && std::string(refresh) == "1") std::ofstream(path, std::ios::binary) << actual;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void ExpectNoSecrets(const std::string& output) {
  EXPECT_EQ(output.find(kSecretValue), std::string::npos) << output;
  EXPECT_EQ(output.find("old-password-also-secret"), std::string::npos) << output;
}

TEST(Render, Text) {
  std::ostringstream out;
  RenderText(MixedPlan(), {}, out);
  EXPECT_EQ(out.str(), Golden("mixed.text.golden", out.str()));
  ExpectNoSecrets(out.str());
  EXPECT_NE(out.str().find("~ containers[\"app\"].env.APP_ENV = \"stg\" -> \"prod\""),
            std::string::npos);
  EXPECT_NE(out.str().find("cluster.main (known after apply)"), std::string::npos);
  // A template keeps its text, in the change and in a created resource.
  EXPECT_NE(out.str().find("= \"https://old.example.com/api\" -> "
                           "\"https://${load_balancer.public.dns_name}/api\" (known after apply)"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("\"${log_group.app.arn}:*\" (known after apply)"), std::string::npos);
}

TEST(Render, TextInColour) {
  std::ostringstream out;
  RenderText(MixedPlan(), {.color = true}, out);
  EXPECT_NE(out.str().find("\033[31m # forces replacement\033[0m"), std::string::npos);
  ExpectNoSecrets(out.str());
}

TEST(Render, Json) {
  std::ostringstream out;
  RenderJson(MixedPlan(), out);
  EXPECT_EQ(out.str(), Golden("mixed.json.golden", out.str()));
  ExpectNoSecrets(out.str());
  nlohmann::json j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["format_version"], 1);
  EXPECT_EQ(j["summary"]["replace"], 1);
  // The template is written with its parts, and its path is among the unknown ones.
  bool found = false;
  for (const nlohmann::json& change : j["resource_changes"]) {
    if (change["address"] != "role.exec") continue;
    found = true;
    EXPECT_EQ(change["after"]["statements"][0]["resources"][0],
              nlohmann::json::parse(
                  R"({"$template": [{"$ref": "log_group.app", "attribute": "arn"}, ":*"]})"));
    EXPECT_EQ(change["unknown_paths"],
              nlohmann::json::parse(R"(["statements[\"logs\"].resources[0]"])"));
  }
  EXPECT_TRUE(found);
}

TEST(Render, Markdown) {
  std::ostringstream out;
  RenderMarkdown(MixedPlan(), out);
  EXPECT_EQ(out.str(), Golden("mixed.markdown.golden", out.str()));
  ExpectNoSecrets(out.str());
  EXPECT_NE(out.str().find("> [!CAUTION]"), std::string::npos);
}

TEST(Render, NoChanges) {
  Plan plan = Diff({}, Stack(), {});
  for (ResourceChange& c : plan.changes) c.action = Action::kNoOp;
  std::ostringstream text, markdown;
  RenderText(plan, {}, text);
  RenderMarkdown(plan, markdown);
  EXPECT_EQ(text.str(), "No changes. The live infrastructure matches the configuration.\n");
  EXPECT_EQ(markdown.str().find("> [!CAUTION]"), std::string::npos);
  EXPECT_NE(markdown.str().find("**No changes.**"), std::string::npos);
}

TEST(Render, MarkdownStaysUnderTheLimitAndSaysWhatWasCut) {
  std::vector<ir::Resource> resources;
  for (int i = 0; i < 2000; ++i) {
    resources.push_back(Resource(
        "log_group.g" + std::to_string(10000 + i), "log_group",
        Value::Map(
            {{"name", Value::String(std::string(100, 'x'))},
             {"tags", Value::Map({{"secret", Value::String(kSecretValue).MarkSensitive()}})}})));
  }
  Plan plan = Diff({}, Program(resources), {});
  std::ostringstream out;
  RenderMarkdown(plan, out);
  std::string md = out.str();
  EXPECT_LT(md.size(), kMarkdownLimit);
  EXPECT_GT(md.size(), kMarkdownLimit - 2000) << "the budget is used, not wasted";
  size_t shown = 0;
  for (size_t at = md.find("<details>"); at != std::string::npos;
       at = md.find("<details>", at + 1)) {
    ++shown;
  }
  std::string note = std::to_string(2000 - shown) + " of 2000 changed resources were cut";
  EXPECT_NE(md.find(note), std::string::npos) << md.substr(md.size() - 500);
  EXPECT_NE(md.find("Plan: 2000 to add"), std::string::npos);
  ExpectNoSecrets(md);
}

TEST(Render, MarkdownCautionNamesDestroyedAndReplaced) {
  std::ostringstream out;
  RenderMarkdown(MixedPlan(), out);
  EXPECT_NE(out.str().find("> - `log_group.old` is destroyed"), std::string::npos);
  EXPECT_NE(out.str().find("> - `task.api` is replaced"), std::string::npos);
}

}  // namespace
}  // namespace berth::planner::testing

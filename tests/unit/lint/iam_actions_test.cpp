// BRT015's table of actions that take only the resource "*", checked against cfn-lint's
// machine-readable copy of the AWS Service Authorization Reference (Policies.json: for each
// service, each action and the resource types it supports; none means "*" only).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "compiler/lint/iam_actions.h"

namespace berth::testing {
namespace {

std::string CfnLintPolicies() {
  FILE* pipe = popen(
      // find_spec locates the package without importing it (cfn-lint's import takes seconds).
      "python3 -c 'import importlib.util as u; "
      "print(u.find_spec(\"cfnlint\").submodule_search_locations[0])' 2>/dev/null",
      "r");
  if (!pipe) return "";
  std::array<char, 4096> buffer{};
  std::string dir;
  while (fgets(buffer.data(), buffer.size(), pipe)) dir += buffer.data();
  pclose(pipe);
  while (!dir.empty() && (dir.back() == '\n' || dir.back() == '\r')) dir.pop_back();
  return dir.empty() ? "" : dir + "/data/AdditionalSpecs/Policies.json";
}

TEST(IamActionsTest, EveryEntryTakesOnlyEveryResourceInTheReference) {
  std::string path = CfnLintPolicies();
  std::ifstream in(path);
  if (path.empty() || !in) {
    GTEST_SKIP() << "cfn-lint is not installed (pip install cfn-lint): the table of actions "
                    "taking only \"*\" is NOT checked against the Service Authorization Reference";
  }
  nlohmann::json policies = nlohmann::json::parse(in);
  for (std::string_view entry : lint::ActionsTakingOnlyEveryResource()) {
    size_t colon = entry.find(':');
    ASSERT_NE(colon, std::string_view::npos) << entry;
    std::string service(entry.substr(0, colon)), action(entry.substr(colon + 1));
    ASSERT_TRUE(policies.contains(service)) << entry;
    const nlohmann::json& actions = policies[service]["Actions"];
    auto takes_only_every = [](const nlohmann::json& spec) {
      return !spec.contains("Resources") || spec["Resources"].empty();
    };
    if (action.ends_with('*')) {
      std::string prefix = action.substr(0, action.size() - 1);
      int matched = 0;
      for (const auto& [name, spec] : actions.items()) {
        if (!name.starts_with(prefix)) continue;
        ++matched;
        EXPECT_TRUE(takes_only_every(spec)) << service << ":" << name << " (from " << entry << ")";
      }
      EXPECT_GT(matched, 0) << entry;
    } else {
      ASSERT_TRUE(actions.contains(action)) << entry << " is not an action of " << service;
      EXPECT_TRUE(takes_only_every(actions[action])) << entry << " takes resource ARNs";
    }
  }
}

TEST(IamActionsTest, MatchesActionsAndPatternsCaseInsensitively) {
  EXPECT_TRUE(lint::TakesOnlyEveryResource("ecr:GetAuthorizationToken"));
  EXPECT_TRUE(lint::TakesOnlyEveryResource("ECR:GETAUTHORIZATIONTOKEN"));
  EXPECT_TRUE(lint::TakesOnlyEveryResource("elasticloadbalancing:Describe*"));
  EXPECT_TRUE(lint::TakesOnlyEveryResource("elasticloadbalancing:DescribeTargetHealth"));
  EXPECT_FALSE(lint::TakesOnlyEveryResource("ecr:BatchGetImage"));
  EXPECT_FALSE(lint::TakesOnlyEveryResource("ecr:*"));
  EXPECT_FALSE(lint::TakesOnlyEveryResource("ecr:Get*"));  // GetDownloadUrlForLayer takes ARNs
  EXPECT_FALSE(lint::TakesOnlyEveryResource("elasticloadbalancing:*"));
  EXPECT_FALSE(lint::TakesOnlyEveryResource("*"));
  EXPECT_FALSE(lint::TakesOnlyEveryResource("ecr:Get*Token"));
}

}  // namespace
}  // namespace berth::testing

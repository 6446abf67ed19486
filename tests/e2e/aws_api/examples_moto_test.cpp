// Every example applied to moto with `--backend aws-api`, planned again from what moto holds
// (live reading), and destroyed: apply -> plan says "No changes" -> destroy leaves nothing of the
// stack. The examples' VPC, subnets and certificates are moto's (the test rewrites their ids).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>

#include "backends/aws_api/client.h"
#include "tests/e2e/aws_api/moto_env.h"
#include "tests/e2e/moto_gaps.h"
#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

using aws_api::Json;

// What of the stack is left in moto, one line per object.
std::vector<std::string> Leftovers(const aws_api::Client& aws) {
  std::vector<std::string> left;
  // Each answer kept in a variable: a range-for over a member of a temporary (`Ok(...)["X"]`)
  // reads freed memory, and saw nothing left whatever was.
  auto each = [&](const char* service, const char* operation, const Json& input, const char* member,
                  const std::function<void(const Json&)>& see) {
    Json answer = Ok(aws, service, operation, input);
    for (const Json& item : answer[member]) see(item);
  };
  auto named = [&](const char* what, const char* field) {
    return [&left, what, field](const Json& item) {
      left.push_back(std::string(what) + " " + item[field].get<std::string>());
    };
  };
  each("elbv2", "describe-load-balancers", {}, "LoadBalancers",
       named("load balancer", "LoadBalancerName"));
  each("elbv2", "describe-target-groups", {}, "TargetGroups",
       named("target group", "TargetGroupName"));
  each("logs", "describe-log-groups", {}, "logGroups", named("log group", "logGroupName"));
  each("iam", "list-roles", {}, "Roles", named("role", "RoleName"));
  each("ecs", "list-task-definitions", {{"status", "ACTIVE"}}, "taskDefinitionArns",
       [&](const Json& arn) { left.push_back("task definition " + arn.get<std::string>()); });
  each("ecs", "list-clusters", {}, "clusterArns", [&](const Json& arn) {
    each("ecs", "describe-clusters", {{"clusters", {arn}}}, "clusters", [&](const Json& cluster) {
      if (cluster["status"] != "INACTIVE")
        left.push_back("cluster " + cluster["clusterName"].get<std::string>());
    });
  });
  each("ec2", "describe-security-groups", {}, "SecurityGroups", [&](const Json& group) {
    if (group["GroupName"] != "default")
      left.push_back("security group " + group["GroupName"].get<std::string>());
  });
  each("application-autoscaling", "describe-scalable-targets", {{"ServiceNamespace", "ecs"}},
       "ScalableTargets", named("scalable target", "ResourceId"));
  each("events", "list-rules", {}, "Rules", named("schedule", "Name"));
  return left;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

// The example copied into `dir`, its VPC, subnet and certificate ids rewritten to moto's.
std::string CopyExample(const TempDir& dir, const std::string& name, const aws_api::Client& aws) {
  std::string stack = dir.path() + "/stack";
  std::filesystem::copy(std::string(BERTH_SOURCE_DIR) + "/examples/" + name, stack,
                        std::filesystem::copy_options::recursive);
  RewriteExampleIds(stack, aws);
  return stack;
}

class ExamplesMoto : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!Moto::Get().Skip().empty()) GTEST_SKIP() << Moto::Get().Skip();
    Moto::Get().Reset();
  }
};

TEST_P(ExamplesMoto, ApplyThenNoChangesThenDestroyLeavesNothing) {
  aws_api::Client aws = MotoClient();
  TempDir dir;
  std::string stack = CopyExample(dir, GetParam(), aws);
  ASSERT_TRUE(Leftovers(aws).empty()) << Joined(Leftovers(aws));

  RunResult apply = RunBerth({"apply", stack, "--backend", "aws-api", "--auto-approve"},
                             BERTH_SOURCE_DIR, BerthEnv());
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;

  // Read back from moto: nothing to change but what moto does not store.
  RunResult plan = RunBerth({"plan", stack, "--backend", "aws-api", "--format", "json"},
                            BERTH_SOURCE_DIR, BerthEnv());
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_TRUE(ChangesMotoDoesNotExplain(plan.out).empty())
      << Joined(ChangesMotoDoesNotExplain(plan.out));

  RunResult destroy = RunBerth({"destroy", stack, "--backend", "aws-api", "--auto-approve"},
                               BERTH_SOURCE_DIR, BerthEnv());
  ASSERT_EQ(destroy.exit_code, 0) << destroy.out << destroy.err;
  EXPECT_TRUE(Leftovers(aws).empty()) << Joined(Leftovers(aws));
}

// The edits of a day's work, made to the example's source where it has the thing: an image, a
// container's environment, a desired count (of a service the scaler does not own), a listener
// rule's priority, a scaling target's maximum. Returns, for each edit made, a text the plan's
// line for it contains.
std::vector<std::string> EditStack(const std::string& stack) {
  struct Edit {
    std::regex pattern;
    std::function<std::string(const std::smatch&)> replace;
    std::string shows;  // in the plan's line for the change
    bool unless_autoscaled = false;
  };
  auto plus_one = [](const std::smatch& m) {
    return m[1].str() + std::to_string(std::stoi(m[2].str()) + 1);
  };
  std::vector<Edit> edits = {
      {std::regex(R"re((\bimage\s*=\s*"[^"\n]*)")re"),
       [](const std::smatch& m) { return m[1].str() + "-edited\""; }, "-edited"},
      {std::regex(R"re((\benv\s*=\s*\{))re"),
       [](const std::smatch& m) { return m[1].str() + " BERTH_EDIT = \"1\","; }, "BERTH_EDIT"},
      {std::regex(R"re((\bdesired_count\s*=\s*)(\d+))re"), plus_one, "desired_count", true},
      {std::regex(R"re((\bpriority\s*=\s*)(\d+))re"), plus_one, "priority"},
      {std::regex(R"re((autoscaling\s*\{\s*min\s*=\s*\d+\s*max\s*=\s*)(\d+))re"), plus_one,
       "autoscaling.max"},
  };
  std::vector<std::string> shown;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(stack)) {
    if (entry.path().extension() == ".berth") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const Edit& edit : edits) {
    for (const std::filesystem::path& file : files) {
      std::string text = ReadFile(file.string());
      if (edit.unless_autoscaled && text.find("autoscaling {") != std::string::npos) continue;
      std::smatch m;
      if (!std::regex_search(text, m, edit.pattern)) continue;
      text = m.prefix().str() + edit.replace(m) + m.suffix().str();
      std::ofstream(file) << text;
      shown.push_back(edit.shows);
      break;
    }
  }
  return shown;
}

// Edit -> the plan shows exactly the edits (nothing else but moto's gaps) -> apply -> the plan
// read back from moto has no changes.
TEST_P(ExamplesMoto, EditsPlanExactlyWhatChangedAndApply) {
  aws_api::Client aws = MotoClient();
  TempDir dir;
  std::string stack = CopyExample(dir, GetParam(), aws);
  RunResult apply = RunBerth({"apply", stack, "--backend", "aws-api", "--auto-approve"},
                             BERTH_SOURCE_DIR, BerthEnv());
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;

  std::vector<std::string> edits = EditStack(stack);
  ASSERT_GE(edits.size(), 2u) << "an example with too little to edit";
  RunResult plan = RunBerth({"plan", stack, "--backend", "aws-api", "--format", "json"},
                            BERTH_SOURCE_DIR, BerthEnv());
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  std::vector<std::string> changes = ChangesMotoDoesNotExplain(plan.out);
  for (const std::string& edit : edits) {
    bool shown = std::any_of(changes.begin(), changes.end(), [&](const std::string& line) {
      return line.find(edit) != std::string::npos;
    });
    EXPECT_TRUE(shown) << "the edit " << edit << " is not in the plan:\n" << Joined(changes);
  }
  for (const std::string& line : changes) {
    bool edited = std::any_of(edits.begin(), edits.end(), [&](const std::string& edit) {
      return line.find(edit) != std::string::npos;
    });
    EXPECT_TRUE(edited) << "a change nobody made: " << line;
  }

  apply = RunBerth({"apply", stack, "--backend", "aws-api", "--auto-approve"}, BERTH_SOURCE_DIR,
                   BerthEnv());
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  plan = RunBerth({"plan", stack, "--backend", "aws-api", "--format", "json"}, BERTH_SOURCE_DIR,
                  BerthEnv());
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_TRUE(ChangesMotoDoesNotExplain(plan.out).empty())
      << Joined(ChangesMotoDoesNotExplain(plan.out));
}

// Every example that goes to AWS (local_docker is a stack of the docker backend).
std::vector<std::string> AwsExamples() {
  std::vector<std::string> names = ExampleNames();
  std::erase(names, "local_docker");
  return names;
}

INSTANTIATE_TEST_SUITE_P(Examples, ExamplesMoto, ::testing::ValuesIn(AwsExamples()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace berth::e2e

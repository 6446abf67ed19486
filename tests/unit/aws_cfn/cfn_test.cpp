// berth emit cloudformation: every example, the stacks that set every attribute of the other aws
// tests, and the split of the 10,000-service bench stack give templates that pass the checker
// (cfn_fixture.h) and cfn-lint's CloudFormation schemas.
#include <gtest/gtest.h>

#include <stdlib.h>
#include <iostream>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "backends/aws/cfn_properties.h"
#include "backends/aws/cfn_template.h"
#include "backends/aws/json_size.h"
#include "tests/unit/aws_cfn/cfn_fixture.h"

namespace berth::aws::testing {
namespace {

namespace fs = std::filesystem;

const char* kEverythingEcs =
#include "tests/unit/aws_ecs/everything.berth.inc"
    ;

std::string TempDir() {
  std::string pattern = (fs::temp_directory_path() / "berth-cfn-test-XXXXXX").string();
  return mkdtemp(pattern.data());
}

std::string Join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

// Builds, splits, writes and checks programs' templates (references, limits, names), and then
// runs cfn-lint once per region over all of them: cfn-lint takes seconds to start.
class DeployableBatch {
 public:
  ~DeployableBatch() { fs::remove_all(dir_); }

  // The program's template set, checked; its files join the batch's cfn-lint run.
  CfnTemplateSet Add(const ir::Program& program, const CfnLimits& limits = {}) {
    CfnTemplateSet set = SplitTemplates(BuildCloudFormation(program), limits);
    EXPECT_EQ(Join(TemplateProblems(set, limits.resources)), "");
    ExpectWeights(set);
    std::string out = dir_ + "/" + std::to_string(count_++);
    std::string error;
    EXPECT_TRUE(WriteCloudFormation(out, program.stack, set, error)) << error;
    for (const CfnTemplate& part : set.templates)
      files_by_region_[program.stack.region].push_back(out + "/" + part.file);
    return set;
  }

  // The splitter weighs each resource by the bytes its properties take one level into a
  // pretty-printed document, counted from the text the builder wrote (which is at a template's
  // depth): the same as the serializer counts from the tree (the template's parsed back).
  static void ExpectWeights(const CfnTemplateSet& set) {
    for (const CfnTemplate& part : set.templates) {
      Json body = part.Body();
      for (const CfnResource& resource : part.resource_list()) {
        bool imports = false;
        for (const CfnReference& reference : resource.references)
          imports = imports || reference.import != CfnReference::kNone;
        if (imports) continue;  // the file's text has the imports; the weight, the references
        EXPECT_EQ(resource.properties_bytes,
                  DumpedSize(body["Resources"][resource.logical_id]["Properties"], 2, 2))
            << part.file << " " << resource.logical_id;
      }
    }
  }

  void Lint() {
    for (const auto& [region, files] : files_by_region_) {
      std::optional<std::string> lint = CfnLint(files, region);
      if (lint) {
        EXPECT_EQ(*lint, "") << "cfn-lint rejects templates (" << dir_ << ")";
      } else {
        // cfn-lint comes with this machine image's Python (pip); Debian has no package of it:
        // say so loudly, keep checking references and limits.
        std::cerr << "*** cfn-lint is not installed: " << files.size()
                  << " templates are NOT checked against CloudFormation's resource schemas ***\n";
      }
    }
    files_by_region_.clear();
  }

 private:
  std::string dir_ = TempDir();
  int count_ = 0;
  std::map<std::string, std::vector<std::string>> files_by_region_;
};

// The stacks of the aws_services tests (every attribute of load balancers, target groups,
// rules, autoscaling, schedules, Cloud Map), read from their source rather than copied.
std::vector<std::string> ServicesStacks() {
  std::ifstream in(std::string(BERTH_SOURCE_DIR) + "/tests/unit/aws_services/coverage_test.cpp");
  std::stringstream text;
  text << in.rdbuf();
  std::string source = text.str();
  std::vector<std::string> stacks;
  size_t at = 0;
  while ((at = source.find("R\"berth(", at)) != std::string::npos) {
    size_t end = source.find(")berth\"", at);
    stacks.push_back(source.substr(at + 8, end - at - 8));
    at = end;
  }
  return stacks;
}

TEST(AwsCfn, EveryExampleGivesOneDeployableTemplate) {
  DeployableBatch batch;
  for (const auto& entry : fs::directory_iterator(std::string(BERTH_SOURCE_DIR) + "/examples")) {
    SCOPED_TRACE(entry.path().string());
    CfnTemplateSet set = batch.Add(CompilePath(entry.path().string()));
    EXPECT_EQ(set.templates.size(), 1u);
    EXPECT_EQ(Join(set.notes), "");
  }
  batch.Lint();
}

TEST(AwsCfn, StacksSettingEveryAttributeGiveDeployableTemplates) {
  std::vector<std::string> stacks = ServicesStacks();
  ASSERT_GE(stacks.size(), 2u);
  stacks.push_back(kEverythingEcs);
  DeployableBatch batch;
  for (const std::string& source : stacks) {
    ir::Program program = CompileSource(source);
    SCOPED_TRACE(program.stack.name);
    batch.Add(program);
  }
  batch.Lint();
}

// The batch's cfn-lint run finds a bad template among good ones and names its file.
TEST(AwsCfn, OneLintRunNamesTheBadTemplateAmongGoodOnes) {
  std::string dir = TempDir();
  std::ofstream(dir + "/good.json") << R"({"Resources": {"Logs": {"Type": "AWS::Logs::LogGroup",
      "Properties": {"RetentionInDays": 7}}}})";
  std::ofstream(dir + "/bad.json") << R"({"Resources": {"Logs": {"Type": "AWS::Logs::LogGroup",
      "Properties": {"RetentionInDays": 8}}}})";
  std::optional<std::string> lint = CfnLint({dir + "/good.json", dir + "/bad.json"}, "us-east-1");
  fs::remove_all(dir);
  if (!lint) GTEST_SKIP() << "cfn-lint is not installed";
  EXPECT_NE(lint->find("bad.json"), std::string::npos) << *lint;
  EXPECT_EQ(lint->find("good.json"), std::string::npos) << *lint;
}

TEST(AwsCfn, PlaceholdersBecomeRefsAndGetAtts) {
  ir::Program program = CompilePath(std::string(BERTH_SOURCE_DIR) + "/examples/fargate_web_api");
  CfnTemplateSet set = SplitTemplates(BuildCloudFormation(program));
  const Json body = set.templates[0].Body();
  const Json& resources = body["Resources"];
  const Json& service = resources["ServiceApi"];
  EXPECT_EQ(service["Properties"]["TaskDefinition"], Json::parse(R"({"Ref":"TaskApi"})"));
  EXPECT_EQ(service["Properties"]["Cluster"], Json::parse(R"({"Ref":"ClusterMain"})"));
  EXPECT_EQ(service["Properties"]["LoadBalancers"][0]["TargetGroupArn"],
            Json::parse(R"({"Ref":"TargetGroupApi"})"));
  // ECS refuses a target group no listener attaches: the service waits for the listener.
  EXPECT_EQ(service["DependsOn"], Json::parse(R"(["LoadBalancerPublicListenerHttps"])"));
  EXPECT_EQ(resources["TaskApi"]["Properties"]["ExecutionRoleArn"],
            Json::parse(R"({"Fn::GetAtt":["RoleExec","Arn"]})"));
  EXPECT_EQ(resources["SecurityGroupTasks"]["Properties"]["SecurityGroupIngress"][0]
                     ["SourceSecurityGroupId"],
            Json::parse(R"({"Fn::GetAtt":["SecurityGroupAlb","GroupId"]})"));
  // The scalable target names the service by text: it depends on it explicitly.
  const Json& target = resources["ServiceApiScalableTarget"];
  EXPECT_EQ(target["DependsOn"], Json::parse(R"(["ServiceApi"])"));
  EXPECT_EQ(target["Properties"]["ResourceId"],
            Json::parse(R"({"Fn::Join":["",["service/",{"Ref":"ClusterMain"},"/sample-api"]]})"));
  EXPECT_EQ(resources["ServiceApiScalingPolicySampleApiCpu"]["Properties"]["ScalingTargetId"],
            Json::parse(R"({"Ref":"ServiceApiScalableTarget"})"));
  // Text around a value known after apply is joined to it (issue 10, item 1): the output
  // "https://${load_balancer.public.dns_name}", an env var, a policy on a log group's streams.
  EXPECT_EQ(body["Outputs"]["Url"]["Value"], Json::parse(R"({"Fn::Join":["",["https://",
                              {"Fn::GetAtt":["LoadBalancerPublic","DNSName"]}]]})"));
  Json environment = resources["TaskApi"]["Properties"]["ContainerDefinitions"][0]["Environment"];
  EXPECT_EQ(environment, Json::parse(R"([{"Name":"APP_ENV","Value":"prod"},
      {"Name":"PUBLIC_URL","Value":{"Fn::Join":["",["https://",
          {"Fn::GetAtt":["LoadBalancerPublic","DNSName"]},"/api"]]}}])"));
  const Json& statements =
      resources["RoleApp"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
  ASSERT_EQ(statements.size(), 2u) << statements.dump(2);
  EXPECT_EQ(statements[1]["Resource"], Json::parse(R"([{"Fn::Join":["",[
      "arn:aws:logs:ap-northeast-1:123456789012:log-group:",{"Ref":"LogGroupApi"},":*"]]}])"));
}

TEST(AwsCfn, VariablesBecomeParametersAndSensitiveValuesNeverReachTheTemplate) {
  ir::Program program = CompileSource(R"(
stack "t" {
  region  = "ap-northeast-1"
  account = "123456789012"
}
variable "db_password" {
  type      = string
  sensitive = true
  default   = "hunter2"
}
variable "replicas" {
  type        = number
  default     = 2
  description = "How many"
}
variable "zones" {
  type    = list
  default = ["a", "b"]
}
variable "debug" {
  type    = bool
  default = false
}
task "api" {
  cpu    = 256
  memory = 512MiB
  container "app" {
    image = "nginx"
    env   = { DB_PASSWORD = var.db_password }
  }
}
)");
  CfnTemplateSet set = SplitTemplates(BuildCloudFormation(program));
  EXPECT_EQ(Join(TemplateProblems(set)), "");
  const Json body = set.templates[0].Body();
  EXPECT_EQ(body.dump().find("hunter2"), std::string::npos) << body.dump(2);
  const Json& parameters = body["Parameters"];
  EXPECT_EQ(parameters["DbPassword"], Json::parse(R"({"Type":"String","NoEcho":true})"));
  EXPECT_EQ(parameters["Replicas"],
            Json::parse(R"({"Type":"Number","Description":"How many","Default":"2"})"));
  EXPECT_EQ(parameters["Zones"], Json::parse(R"({"Type":"CommaDelimitedList","Default":"a,b"})"));
  EXPECT_EQ(parameters["Debug"],
            Json::parse(R"({"Type":"String","Default":"false","AllowedValues":["true","false"]})"));
  // The sensitive value is a NoEcho parameter of its own, referred to where it is used.
  const Json& sensitive = parameters["SensitiveTaskApiContainersAppEnvDBPASSWORD"];
  EXPECT_EQ(sensitive["NoEcho"], true);
  EXPECT_EQ(body["Resources"]["TaskApi"]["Properties"]["ContainerDefinitions"][0]["Environment"][0]
                ["Value"],
            Json::parse(R"({"Ref":"SensitiveTaskApiContainersAppEnvDBPASSWORD"})"));
}

TEST(AwsCfn, LogicalIdsAreAlphanumericUniqueAndStable) {
  ir::Program program = CompileSource(R"(
stack "t" {
  region  = "ap-northeast-1"
  account = "123456789012"
}
log_group "a_b" { name = "one" }
log_group "aB" { name = "two" }
)");
  CfnStack first = BuildCloudFormation(program);
  CfnStack second = BuildCloudFormation(program);
  ASSERT_EQ(first.resources.size(), 2u);
  EXPECT_NE(first.resources[0].logical_id, first.resources[1].logical_id);
  EXPECT_EQ(first.resources[0].logical_id, second.resources[0].logical_id);
  EXPECT_EQ(first.resources[1].logical_id, second.resources[1].logical_id);
  EXPECT_EQ(Join(TemplateProblems(SplitTemplates(first))), "");
  EXPECT_EQ(PascalWords("module.web.service.api[\"blue\"]"), "ModuleWebServiceApiBlue");
}

TEST(AwsCfn, SmallLimitsSplitWithExportsMatchingImports) {
  ir::Program program = CompilePath(std::string(BERTH_SOURCE_DIR) + "/examples/multi_service");
  CfnLimits limits;
  limits.resources = 5;
  DeployableBatch batch;
  CfnTemplateSet set = batch.Add(program, limits);
  batch.Lint();
  EXPECT_GT(set.templates.size(), 3u);
  size_t imports = 0;
  for (const CfnTemplate& part : set.templates) imports += part.imports_from.size();
  EXPECT_GT(imports, 0u);
  EXPECT_EQ(set.templates[0].stack_name, "storefront-01");
}

// The benchmark stack of bench/gen_stack.sh at 10,000 services (about 90,000 resources).
// 2,000 services (16,000 resources, dozens of templates) split as 10,000 do; how long 10,000
// take is bench/'s business (docs/performance.md), not a unit test's.
TEST(AwsCfn, TwoThousandServiceBenchStackSplitsUnder500ResourcesPerTemplate) {
  std::string dir = TempDir();
  std::string command =
      "sh " + std::string(BERTH_SOURCE_DIR) + "/bench/gen_stack.sh 2000 " + dir + " >/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0);
  ir::Program program = CompilePath(dir);
  fs::remove_all(dir);
  CfnTemplateSet set = SplitTemplates(BuildCloudFormation(program));
  EXPECT_EQ(Join(TemplateProblems(set)), "");
  size_t resources = 0;
  size_t exports = 0;
  for (const CfnTemplate& part : set.templates) {
    EXPECT_LE(part.resources, 500u) << part.file;
    resources += part.resources;
    exports += part.exports.size();
  }
  EXPECT_GT(resources, 15000u);
  EXPECT_GE(set.templates.size(), resources / 500);
  EXPECT_GT(exports, 0u);
}

}  // namespace
}  // namespace berth::aws::testing

// The IAM, CloudWatch Logs and EC2 security group builders: request bodies and update diffs.
#include <gtest/gtest.h>

#include "backends/aws/emitters.h"
#include "tests/unit/aws_emit/emit_fixture.h"

namespace berth::aws {
namespace {

using testing::Compile;
using testing::FindCall;
using testing::kStack;

TEST(RoleEmitter, CreatesTheRoleThenAttachesAndPutsItsPolicies) {
  ir::Program program = Compile(kStack);
  EmitContext context(program);
  std::vector<AwsCall> calls = kRoleEmitter.create(*program.Find("role.app"), context);
  ASSERT_EQ(calls.size(), 2u);
  const Json& role = calls[0].body;
  EXPECT_EQ(calls[0].operation, "create-role");
  EXPECT_EQ(role["RoleName"], "api-task");
  EXPECT_EQ(role["Path"], "/");
  EXPECT_EQ(role["MaxSessionDuration"], 3600);
  EXPECT_EQ(role["AssumeRolePolicyDocument"],
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":)"
            R"(["ecs-tasks.amazonaws.com"]},"Action":"sts:AssumeRole"}]})");
  EXPECT_EQ(calls[1].operation, "put-role-policy");
  EXPECT_EQ(calls[1].body["PolicyName"], "berth-inline");
  Json policy = Json::parse(calls[1].body["PolicyDocument"].get<std::string>());
  EXPECT_EQ(policy["Statement"][0]["Sid"], "ReadAssets");  // IAM takes only [A-Za-z0-9]
  EXPECT_EQ(policy["Statement"][0]["Effect"], "Allow");
  EXPECT_EQ(policy["Statement"][1]["Sid"], "DenyDelete");
  EXPECT_EQ(policy["Statement"][1]["Effect"], "Deny");
  EXPECT_EQ(policy["Statement"][1]["Resource"], Json::array({"*"}));

  std::vector<AwsCall> exec = kRoleEmitter.create(*program.Find("role.exec"), context);
  ASSERT_EQ(exec.size(), 2u);
  EXPECT_EQ(exec[1].operation, "attach-role-policy");
  EXPECT_EQ(exec[1].body["PolicyArn"],
            "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
}

TEST(RoleEmitter, UpdatesOnlyWhatChangedAndRemovesPoliciesBeforeTheRole) {
  ir::Program before = Compile(kStack);
  std::string changed = kStack;
  changed.replace(changed.find("managed = ["), 11,
                  "max_session = 2h\n  trust = [\"events.amazonaws.com\"]\n  managed = [");
  changed.replace(changed.find("AmazonECSTaskExecutionRolePolicy"), 32, "ReadOnlyAccess");
  ir::Program after = Compile(changed);
  EmitContext context(after);
  std::vector<AwsCall> calls =
      kRoleEmitter.update(*after.Find("role.exec"), before.Find("role.exec")->attributes, context);
  std::vector<std::string> operations;
  for (const AwsCall& call : calls) operations.push_back(call.operation);
  EXPECT_EQ(operations, (std::vector<std::string>{"update-assume-role-policy", "update-role",
                                                  "attach-role-policy", "detach-role-policy"}));
  EXPECT_EQ(calls[1].body["MaxSessionDuration"], 7200);
  EXPECT_EQ(calls[2].body["PolicyArn"], "arn:aws:iam::aws:policy/service-role/ReadOnlyAccess");

  std::vector<AwsCall> removes = kRoleEmitter.remove(*before.Find("role.app"), context);
  ASSERT_EQ(removes.size(), 2u);
  EXPECT_EQ(removes[0].operation, "delete-role-policy");
  EXPECT_EQ(removes[1].operation, "delete-role");
}

TEST(LogGroupEmitter, NamesTheClassOnlyWhenItIsNotTheDefault) {
  std::string cheaper = kStack;
  cheaper.replace(cheaper.find("retention = 14d"), 15,
                  "retention = 14d\n  class = \"INFREQUENT_ACCESS\"");
  ir::Program program = Compile(cheaper);
  EmitContext context(program);
  std::vector<AwsCall> calls = kLogGroupEmitter.create(*program.Find("log_group.api"), context);
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls[0].body["logGroupClass"], "INFREQUENT_ACCESS");
}

TEST(LogGroupEmitter, CreatesWithTagsThenSetsRetentionInDays) {
  ir::Program program = Compile(kStack);
  EmitContext context(program);
  std::vector<AwsCall> calls = kLogGroupEmitter.create(*program.Find("log_group.api"), context);
  ASSERT_EQ(calls.size(), 2u);
  // STANDARD, the default, is left out: CLIs older than log classes (awscli 2.9.19) reject it.
  EXPECT_EQ(calls[0].body, Json::parse(R"({"logGroupName":"/ecs/api","tags":{"team":"core"}})"));
  EXPECT_EQ(calls[1].operation, "put-retention-policy");
  EXPECT_EQ(calls[1].body["retentionInDays"], 14);

  std::string forever = kStack;
  forever.erase(forever.find("retention = 14d"), 15);
  ir::Program after = Compile(forever);
  std::vector<AwsCall> update = kLogGroupEmitter.update(
      *after.Find("log_group.api"), program.Find("log_group.api")->attributes, context);
  ASSERT_EQ(update.size(), 1u);
  EXPECT_EQ(update[0].operation, "delete-retention-policy");
}

TEST(SecurityGroupEmitter, CreatesCapturesTheIdAndReplacesTheDefaultEgress) {
  ir::Program program = Compile(kStack);
  EmitContext context(program);
  std::vector<AwsCall> calls =
      kSecurityGroupEmitter.create(*program.Find("security_group.tasks"), context);
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[0].operation, "create-security-group");
  EXPECT_EQ(calls[0].body["Description"], "Managed by berth");
  EXPECT_EQ(calls[0].body["VpcId"], "vpc-1");
  ASSERT_EQ(calls[0].captures.size(), 1u);
  EXPECT_EQ(calls[0].captures[0].name, "security_group.tasks.id");
  EXPECT_EQ(calls[0].captures[0].query, "GroupId");
  EXPECT_EQ(calls[1].operation, "authorize-security-group-ingress");
  EXPECT_EQ(calls[1].body["GroupId"], "{{berth:security_group.tasks.id}}");
  EXPECT_EQ(calls[1].body["IpPermissions"],
            Json::parse(R"([{"IpProtocol":"tcp","FromPort":8080,"ToPort":8080,)"
                        R"("UserIdGroupPairs":[{"GroupId":"{{berth:security_group.alb.id}}"}]}])"));
  // The declared egress replaces EC2's allow-all rule.
  EXPECT_EQ(calls[2].operation, "revoke-security-group-egress");
  EXPECT_EQ(calls[2].body["IpPermissions"],
            Json::parse(R"([{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}]}])"));
  EXPECT_EQ(calls[3].operation, "authorize-security-group-egress");
  EXPECT_EQ(calls[3].body["IpPermissions"][0]["FromPort"], 443);

  std::vector<AwsCall> alb =
      kSecurityGroupEmitter.create(*program.Find("security_group.alb"), context);
  ASSERT_EQ(alb.size(), 2u);  // no egress declared: EC2's default stays
  EXPECT_EQ(alb[1].body["IpPermissions"][0]["IpRanges"],
            Json::parse(R"([{"CidrIp":"0.0.0.0/0","Description":"https"}])"));
}

TEST(SecurityGroupEmitter, UpdatesAuthorizeAndRevokeTheDifferenceAfterReadingTheId) {
  ir::Program before = Compile(kStack);
  std::string changed = kStack;
  changed.replace(changed.find("port = 443\n    cidr"), 10, "port = 8443");
  ir::Program after = Compile(changed);
  EmitContext context(after);
  std::vector<AwsCall> calls = kSecurityGroupEmitter.update(
      *after.Find("security_group.alb"), before.Find("security_group.alb")->attributes, context);
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].operation, "describe-security-groups");
  EXPECT_EQ(calls[0].body["Filters"], Json::parse(R"([{"Name":"group-name","Values":["alb"]},)"
                                                  R"({"Name":"vpc-id","Values":["vpc-1"]}])"));
  EXPECT_EQ(calls[0].captures[0].name, "security_group.alb.id");
  EXPECT_EQ(calls[1].operation, "revoke-security-group-ingress");
  EXPECT_EQ(calls[1].body["IpPermissions"][0]["FromPort"], 443);
  EXPECT_EQ(calls[2].operation, "authorize-security-group-ingress");
  EXPECT_EQ(calls[2].body["IpPermissions"][0]["FromPort"], 8443);

  EXPECT_TRUE(kSecurityGroupEmitter
                  .update(*before.Find("security_group.alb"),
                          before.Find("security_group.alb")->attributes, context)
                  .empty());
  std::vector<AwsCall> removes =
      kSecurityGroupEmitter.remove(*before.Find("security_group.alb"), context);
  ASSERT_EQ(removes.size(), 2u);
  EXPECT_EQ(removes[1].operation, "delete-security-group");
  EXPECT_EQ(removes[1].body["GroupId"], "{{berth:security_group.alb.id}}");
}

}  // namespace
}  // namespace berth::aws

// What berth serve checks of every request before its handler (controlplane/api/
// input_constraints.h): required members and enums from botocore's models, reported with each
// service's validation code and AWS's message, whole strings compared.
#include "controlplane/api/input_constraints.h"

#include <gtest/gtest.h>

#include "controlplane/api/api.h"

namespace berth::controlplane::api {
namespace {

// "CODE: message" of the check, or "" when the input passes.
std::string Check(const char* service, const char* operation, const json& input) {
  try {
    CheckInput(*aws_api::FindService(service), operation, input);
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status, 400);
    return e.type + ": " + e.what();
  }
  return "";
}

TEST(InputConstraints, CompleteInputPasses) {
  EXPECT_EQ(Check("ecs", "CreateService", {{"serviceName", "web"}, {"launchType", "FARGATE"}}), "");
  EXPECT_EQ(Check("ecs", "ListClusters", json::object()), "");
  // An operation the model does not have is the router's to refuse, not this check's.
  EXPECT_EQ(Check("ecs", "NoSuchOperation", json::object()), "");
}

TEST(InputConstraints, MissingMemberWithTheServicesCode) {
  EXPECT_EQ(Check("ecs", "CreateService", json::object()),
            "InvalidParameterException: 1 validation error detected: Value null at "
            "'serviceName' failed to satisfy constraint: Member must not be null");
  EXPECT_EQ(Check("servicediscovery", "GetService", json::object()),
            "InvalidInput: 1 validation error detected: Value null at 'id' failed to satisfy "
            "constraint: Member must not be null");
  EXPECT_EQ(Check("iam", "GetRole", json::object()),
            "ValidationError: 1 validation error detected: Value null at 'roleName' failed to "
            "satisfy constraint: Member must not be null");
  EXPECT_EQ(Check("ec2", "CreateSecurityGroup", {{"GroupName", "web"}}),
            "MissingParameter: The request must contain the parameter Description");
}

TEST(InputConstraints, EnumsAtAnyDepthAllReported) {
  EXPECT_EQ(Check("ecs", "CreateService", {{"launchType", "LAMBDA"}}),
            "InvalidParameterException: 2 validation errors detected: Value null at "
            "'serviceName' failed to satisfy constraint: Member must not be null; Value 'LAMBDA' "
            "at 'launchType' failed to satisfy constraint: Member must satisfy enum value set: "
            "[EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES]");
  json listener = {{"LoadBalancerArn", "arn"},
                   {"DefaultActions", {{{"Type", "forward"}}, {{"Type", "drop"}}}}};
  EXPECT_EQ(Check("elbv2", "CreateListener", listener),
            "ValidationError: 1 validation error detected: Value 'drop' at "
            "'defaultActions.2.member.type' failed to satisfy constraint: Member must satisfy "
            "enum value set: [forward, authenticate-oidc, authenticate-cognito, redirect, "
            "fixed-response, jwt-validation]");
  EXPECT_EQ(Check("ec2", "AuthorizeSecurityGroupIngress",
                  {{"GroupId", "sg-1"}, {"IpPermissions", {{{"IpProtocol", "tcp"}}}}}),
            "");
}

TEST(InputConstraints, NullIsMissingAndWrongTypesAreLeftToTheHandler) {
  EXPECT_EQ(Check("logs", "CreateLogGroup", {{"logGroupName", nullptr}}),
            "InvalidParameterException: 1 validation error detected: Value null at "
            "'logGroupName' failed to satisfy constraint: Member must not be null");
  EXPECT_EQ(Check("ecs", "CreateService", {{"serviceName", "web"}, {"launchType", 3}}), "");
}

}  // namespace
}  // namespace berth::controlplane::api

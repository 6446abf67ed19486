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
    const aws_api::ServiceModel& model = *aws_api::FindService(service);
    CheckInput(model, operation, input, model.protocol == aws_api::Protocol::kJson);
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

TEST(InputConstraints, NullIsMissing) {
  EXPECT_EQ(Check("logs", "CreateLogGroup", {{"logGroupName", nullptr}}),
            "InvalidParameterException: 1 validation error detected: Value null at "
            "'logGroupName' failed to satisfy constraint: Member must not be null");
}

TEST(InputConstraints, WrongJsonTypeIsASerializationErrorFirst) {
  EXPECT_EQ(Check("ecs", "CreateService", {{"serviceName", "web"}, {"desiredCount", "2"}}),
            "SerializationException: STRING_VALUE can not be converted to an Integer");
  // Before the missing serviceName, as AWS reads the body before it validates it.
  EXPECT_EQ(Check("ecs", "CreateService", {{"launchType", 3}}),
            "SerializationException: NUMBER_VALUE can not be converted to a String");
  EXPECT_EQ(Check("ecs", "CreateService", {{"serviceName", "web"}, {"tags", {{"key", "a"}}}}),
            "SerializationException: Start of structure or map found where not expected.");
  EXPECT_EQ(Check("application-autoscaling", "RegisterScalableTarget",
                  {{"ServiceNamespace", "ecs"},
                   {"ResourceId", "service/main/web"},
                   {"ScalableDimension", "ecs:service:DesiredCount"},
                   {"MinCapacity", 1.5}}),
            "SerializationException: NUMBER_VALUE can not be converted to an Integer");
  // An integer written as a whole float is one; timestamps come as epoch seconds (botocore's)
  // or as text.
  EXPECT_EQ(Check("ecs", "CreateService", {{"serviceName", "web"}, {"desiredCount", 2.0}}), "");
  json action = {{"ServiceNamespace", "ecs"},
                 {"ScheduledActionName", "nightly"},
                 {"ResourceId", "service/main/web"},
                 {"ScalableDimension", "ecs:service:DesiredCount"},
                 {"StartTime", 1765000000.5}};
  EXPECT_EQ(Check("application-autoscaling", "PutScheduledAction", action), "");
  action["StartTime"] = "2026-12-07T00:00:00Z";
  EXPECT_EQ(Check("application-autoscaling", "PutScheduledAction", action), "");
}

}  // namespace
}  // namespace berth::controlplane::api

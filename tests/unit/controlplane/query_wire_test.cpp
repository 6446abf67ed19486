// The server side of the query and ec2 protocols against the wire client's own side: a request
// the client serializes decodes to the JSON it started from, and an answer the server encodes
// parses (as botocore's parsers do) to the JSON the handler returned. Lists, flattened lists,
// maps, nested structures, ec2's capitalised names and typed scalars all pass both ways.
#include "controlplane/api/query_wire.h"

#include <gtest/gtest.h>

#include "backends/aws_api/xml_response.h"

namespace berth::controlplane::api {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

json RoundTripRequest(const char* service_name, const char* operation_name, const json& input) {
  const aws_api::ServiceModel* service = aws_api::FindService(service_name);
  auto operation = service->Operation(operation_name);
  aws_api::FormFields fields =
      aws_api::SerializeQuery(*service, *operation, ordered_json::parse(input.dump()));
  return DecodeQueryInput(*service, *operation, fields);
}

json RoundTripResponse(const char* service_name, const char* operation_name, const json& output) {
  const aws_api::ServiceModel* service = aws_api::FindService(service_name);
  auto operation = service->Operation(operation_name);
  std::string xml = EncodeQueryOutput(*service, *operation, output, "req-1");
  std::string error;
  auto parsed = aws_api::ParseXmlResponse(*service, *operation, xml, error);
  EXPECT_TRUE(parsed) << error << "\n" << xml;
  if (!parsed) return {};
  EXPECT_EQ((*parsed)["ResponseMetadata"]["RequestId"], "req-1");
  parsed->erase("ResponseMetadata");
  return json::parse(parsed->dump());
}

TEST(QueryWireTest, ElbRequestsDecodeToWhatWasSerialized) {
  json rule = {
      {"ListenerArn", "arn:aws:elasticloadbalancing:r:1:listener/app/x/1/2"},
      {"Priority", 10},
      {"Conditions",
       {{{"Field", "path-pattern"}, {"PathPatternConfig", {{"Values", {"/api/*", "/v2/*"}}}}}}},
      {"Actions",
       {{{"Type", "forward"},
         {"ForwardConfig",
          {{"TargetGroups", {{{"TargetGroupArn", "arn:tg"}, {"Weight", 3}}}},
           {"TargetGroupStickinessConfig", {{"Enabled", false}}}}}}}},
      {"Tags", {{{"Key", "app"}, {"Value", "web"}}}}};
  EXPECT_EQ(RoundTripRequest("elbv2", "CreateRule", rule), rule);
  json attributes = {{"TargetGroupArn", "arn:tg"},
                     {"Attributes", {{{"Key", "stickiness.enabled"}, {"Value", "true"}}}}};
  EXPECT_EQ(RoundTripRequest("elbv2", "ModifyTargetGroupAttributes", attributes), attributes);
  // An empty list is sent as a bare field, and comes back empty.
  json empty = {{"LoadBalancerArn", "arn:lb"}, {"SecurityGroups", json::array()}};
  EXPECT_EQ(RoundTripRequest("elbv2", "SetSecurityGroups", empty), empty);
}

TEST(QueryWireTest, Ec2AndIamRequestsDecodeToWhatWasSerialized) {
  json ingress = {{"GroupId", "sg-1"},
                  {"IpPermissions",
                   {{{"IpProtocol", "tcp"},
                     {"FromPort", 443},
                     {"ToPort", 443},
                     {"IpRanges", {{{"CidrIp", "0.0.0.0/0"}, {"Description", "web"}}}},
                     {"UserIdGroupPairs", {{{"GroupId", "sg-2"}}}}}}}};
  EXPECT_EQ(RoundTripRequest("ec2", "AuthorizeSecurityGroupIngress", ingress), ingress);
  json filters = {{"Filters", {{{"Name", "group-name"}, {"Values", {"a", "b"}}}}}};
  EXPECT_EQ(RoundTripRequest("ec2", "DescribeSecurityGroups", filters), filters);
  json role = {{"RoleName", "r"},
               {"AssumeRolePolicyDocument", "{\"Version\":\"2012-10-17\"}"},
               {"MaxSessionDuration", 3600},
               {"Tags", {{{"Key", "a"}, {"Value", "b c&d=e"}}}}};
  EXPECT_EQ(RoundTripRequest("iam", "CreateRole", role), role);
  json alarm = {{"AlarmName", "a"},
                {"Threshold", 100.5},
                {"EvaluationPeriods", 1},
                {"ComparisonOperator", "GreaterThanThreshold"},
                {"Dimensions", {{{"Name", "QueueName"}, {"Value", "q"}}}}};
  EXPECT_EQ(RoundTripRequest("cloudwatch", "PutMetricAlarm", alarm), alarm);
}

TEST(QueryWireTest, AnswersParseToWhatTheHandlerReturned) {
  json groups = {{"SecurityGroups",
                  {{{"GroupId", "sg-1"},
                    {"GroupName", "web"},
                    {"IpPermissions",
                     {{{"IpProtocol", "tcp"},
                       {"FromPort", 80},
                       {"ToPort", 80},
                       {"IpRanges", {{{"CidrIp", "0.0.0.0/0"}}}},
                       {"UserIdGroupPairs", json::array()}}}},
                    {"Tags", {{{"Key", "app"}, {"Value", "web"}}}}}}}};
  EXPECT_EQ(RoundTripResponse("ec2", "DescribeSecurityGroups", groups), groups);
  json rules = {{"Rules",
                 {{{"RuleArn", "arn:rule"},
                   {"Priority", "default"},
                   {"IsDefault", true},
                   {"Conditions", json::array()},
                   {"Actions", {{{"Type", "forward"}, {"Order", 1}}}}}}}};
  EXPECT_EQ(RoundTripResponse("elbv2", "DescribeRules", rules), rules);
  json attached = {{"AttachedPolicies", {{{"PolicyName", "P"}, {"PolicyArn", "arn:p"}}}},
                   {"IsTruncated", false}};
  EXPECT_EQ(RoundTripResponse("iam", "ListAttachedRolePolicies", attached), attached);
}

TEST(QueryWireTest, TimestampsAreWrittenIso8601) {
  EXPECT_EQ(IsoTimestamp(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(IsoTimestamp(1796607065.25), "2026-12-07T01:31:05.250Z");
  json role = {{"Role", {{"RoleName", "r"}, {"CreateDate", 1796607065.25}}}};
  json parsed = RoundTripResponse("iam", "GetRole", role);
  EXPECT_EQ(parsed["Role"]["CreateDate"], "2026-12-07T01:31:05.250Z");
}

TEST(QueryWireTest, ErrorsInEachProtocolsShape) {
  std::string query =
      EncodeQueryError(aws_api::Protocol::kQuery, "NoSuchEntity", "gone & lost", "req-2", false);
  auto error = aws_api::ParseXmlError(query);
  ASSERT_TRUE(error) << query;
  EXPECT_EQ(error->code, "NoSuchEntity");
  EXPECT_EQ(error->message, "gone & lost");
  EXPECT_EQ(error->request_id, "req-2");
  EXPECT_NE(query.find("<Type>Sender</Type>"), std::string::npos) << query;
  std::string ec2 =
      EncodeQueryError(aws_api::Protocol::kEc2, "InvalidGroup.NotFound", "no", "req-3", false);
  EXPECT_EQ(ec2,
            "<?xml version=\"1.0\"?><Response><Errors><Error><Code>InvalidGroup.NotFound</Code>"
            "<Message>no</Message></Error></Errors><RequestID>req-3</RequestID></Response>");
}

}  // namespace
}  // namespace berth::controlplane::api

// berth's query and ec2 protocols against botocore's serializers and parsers (the AWS CLI's):
// request bodies of the shapes the aws emitters send (nested lists of structures, flattened
// lists, maps, empty lists, numbers and booleans), and XML responses of AWS's documentation
// (lists of <member> and <item>, result wrappers, maps, typed scalars).
#include <gtest/gtest.h>

#include "backends/aws_api/query_serializer.h"
#include "backends/aws_api/xml_response.h"
#include "tests/unit/aws_api/python_check.h"

namespace berth::aws_api {
namespace {

using Json = nlohmann::ordered_json;

Json RequestCase(const std::string& service, const std::string& operation, Json input) {
  const ServiceModel* model = FindService(service);
  EXPECT_NE(model, nullptr) << service;
  std::optional<OperationModel> op = model->Operation(operation);
  EXPECT_TRUE(op.has_value()) << operation;
  Json fields = Json::array();
  for (const auto& [name, value] : SerializeQuery(*model, *op, input))
    fields.push_back({name, value});
  return {{"service", service}, {"operation", op->name}, {"input", input}, {"berth", fields}};
}

Json ResponseCase(const std::string& service, const std::string& operation,
                  const std::string& xml) {
  const ServiceModel* model = FindService(service);
  std::optional<OperationModel> op = model->Operation(operation);
  std::string error;
  std::optional<Json> parsed = ParseXmlResponse(*model, *op, xml, error);
  EXPECT_TRUE(parsed.has_value()) << error;
  return {{"service", service},
          {"operation", op->name},
          {"xml", xml},
          {"berth", parsed.value_or(Json())}};
}

Json RequestCases() {
  Json cases = Json::array();
  cases.push_back(RequestCase("elbv2", "create-target-group",
                              {{"Name", "api"},
                               {"Protocol", "HTTP"},
                               {"Port", 8080},
                               {"VpcId", "vpc-1"},
                               {"TargetType", "ip"},
                               {"HealthCheckEnabled", true},
                               {"Matcher", {{"HttpCode", "200-299"}}},
                               {"Tags", {{{"Key", "team"}, {"Value", "a b&c=d"}}}}}));
  cases.push_back(RequestCase(
      "elbv2", "create-listener",
      {{"LoadBalancerArn", "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/x/1"},
       {"Protocol", "HTTPS"},
       {"Port", 443},
       {"Certificates", {{{"CertificateArn", "arn:aws:acm:eu-west-1:1:certificate/c"}}}},
       {"DefaultActions",
        {{{"Type", "forward"},
          {"ForwardConfig",
           {{"TargetGroups",
             {{{"TargetGroupArn", "tg-1"}, {"Weight", 90}},
              {{"TargetGroupArn", "tg-2"}, {"Weight", 10}}}}}}},
         {{"Type", "fixed-response"},
          {"FixedResponseConfig", {{"StatusCode", "404"}, {"ContentType", "text/plain"}}}}}}}));
  cases.push_back(RequestCase(
      "elbv2", "create-rule",
      {{"ListenerArn", "l"},
       {"Priority", 10},
       {"Conditions",
        {{{"Field", "path-pattern"}, {"PathPatternConfig", {{"Values", {"/api/*", "/v2/*"}}}}},
         {{"Field", "host-header"}, {"HostHeaderConfig", {{"Values", Json::array()}}}}}},
       {"Actions", {{{"Type", "forward"}, {"TargetGroupArn", "tg"}}}}}));
  cases.push_back(RequestCase("elbv2", "modify-target-group-attributes",
                              {{"TargetGroupArn", "tg"},
                               {"Attributes",
                                {{{"Key", "deregistration_delay.timeout_seconds"}, {"Value", "30"}},
                                 {{"Key", "stickiness.enabled"}, {"Value", "false"}}}}}));
  cases.push_back(RequestCase("elbv2", "describe-target-groups", {{"Names", {"a", "b"}}}));
  cases.push_back(
      RequestCase("elbv2", "remove-tags", {{"ResourceArns", {"arn:1"}}, {"TagKeys", {"team"}}}));
  cases.push_back(RequestCase(
      "iam", "create-role",
      {{"RoleName", "api-exec"},
       {"AssumeRolePolicyDocument",
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]})"},
       {"Description", "ünïcode + spaces"},
       {"MaxSessionDuration", 3600},
       {"Tags", {{{"Key", "k"}, {"Value", "v"}}}}}));
  cases.push_back(RequestCase("iam", "attach-role-policy",
                              {{"RoleName", "r"}, {"PolicyArn", "arn:aws:iam::aws:policy/X"}}));
  cases.push_back(RequestCase("sts", "get-caller-identity", Json::object()));
  cases.push_back(RequestCase("cloudwatch", "put-metric-alarm",
                              {{"AlarmName", "cpu"},
                               {"MetricName", "CPUUtilization"},
                               {"Namespace", "AWS/ECS"},
                               {"Statistic", "Average"},
                               {"Period", 60},
                               {"EvaluationPeriods", 3},
                               {"Threshold", 70.5},
                               {"ComparisonOperator", "GreaterThanThreshold"},
                               {"ActionsEnabled", false},
                               {"Dimensions",
                                {{{"Name", "ClusterName"}, {"Value", "main"}},
                                 {{"Name", "ServiceName"}, {"Value", "api"}}}},
                               {"AlarmActions", {"arn:a", "arn:b"}}}));
  cases.push_back(RequestCase(
      "ec2", "authorize-security-group-ingress",
      {{"GroupId", "sg-1"},
       {"IpPermissions",
        {{{"IpProtocol", "tcp"},
          {"FromPort", 443},
          {"ToPort", 443},
          {"IpRanges", {{{"CidrIp", "0.0.0.0/0"}, {"Description", "https"}}}},
          {"Ipv6Ranges", {{{"CidrIpv6", "::/0"}}}}},
         {{"IpProtocol", "-1"},
          {"UserIdGroupPairs", {{{"GroupId", "sg-2"}, {"Description", "from alb"}}}}}}}}));
  cases.push_back(RequestCase("ec2", "describe-security-groups",
                              {{"Filters",
                                {{{"Name", "group-name"}, {"Values", {"alb"}}},
                                 {{"Name", "vpc-id"}, {"Values", {"vpc-1"}}}}},
                               {"GroupIds", Json::array()}}));
  cases.push_back(RequestCase(
      "ec2", "create-security-group",
      {{"GroupName", "alb"},
       {"Description", "the ALB"},
       {"VpcId", "vpc-1"},
       {"TagSpecifications",
        {{{"ResourceType", "security-group"}, {"Tags", {{{"Key", "Name"}, {"Value", "alb"}}}}}}}}));
  cases.push_back(RequestCase(
      "ec2", "create-tags", {{"Resources", {"sg-1"}}, {"Tags", {{{"Key", "a"}, {"Value", ""}}}}}));
  cases.push_back(
      RequestCase("ec2", "delete-tags", {{"Resources", {"sg-1"}}, {"Tags", {{{"Key", "a"}}}}}));
  return cases;
}

Json ResponseCases() {
  Json cases = Json::array();
  cases.push_back(ResponseCase("elbv2", "describe-target-groups", R"(<?xml version="1.0"?>
<DescribeTargetGroupsResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
  <DescribeTargetGroupsResult>
    <TargetGroups>
      <member>
        <TargetGroupArn>arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067</TargetGroupArn>
        <HealthCheckTimeoutSeconds>5</HealthCheckTimeoutSeconds>
        <HealthCheckPort>traffic-port</HealthCheckPort>
        <HealthCheckEnabled>true</HealthCheckEnabled>
        <TargetGroupName>my-targets</TargetGroupName>
        <HealthCheckProtocol>HTTP</HealthCheckProtocol>
        <HealthCheckPath>/</HealthCheckPath>
        <Protocol>HTTP</Protocol>
        <Port>80</Port>
        <VpcId>vpc-3ac0fb5f</VpcId>
        <Matcher><HttpCode>200</HttpCode></Matcher>
        <LoadBalancerArns>
          <member>arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/my-load-balancer/50dc6c495c0c9188</member>
        </LoadBalancerArns>
      </member>
      <member><TargetGroupName>empty</TargetGroupName><LoadBalancerArns/></member>
    </TargetGroups>
    <NextMarker>abc</NextMarker>
  </DescribeTargetGroupsResult>
  <ResponseMetadata><RequestId>70092c0e-f3a9-11e5-ae48-cff02092876b</RequestId></ResponseMetadata>
</DescribeTargetGroupsResponse>)"));
  cases.push_back(ResponseCase(
      "iam", "get-role", R"(<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <GetRoleResult>
    <Role>
      <Path>/application_abc/component_xyz/</Path>
      <Arn>arn:aws:iam::123456789012:role/application_abc/component_xyz/S3Access</Arn>
      <RoleName>S3Access</RoleName>
      <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%7D</AssumeRolePolicyDocument>
      <CreateDate>2012-05-08T23:34:01Z</CreateDate>
      <RoleId>AROADBQP57FF2AEXAMPLE</RoleId>
      <MaxSessionDuration>3600</MaxSessionDuration>
      <Tags><member><Key>team</Key><Value>core</Value></member></Tags>
    </Role>
  </GetRoleResult>
  <ResponseMetadata><RequestId>df37e965-9967-11e1-a4c3-270EXAMPLE04</RequestId></ResponseMetadata>
</GetRoleResponse>)"));
  cases.push_back(ResponseCase(
      "ec2", "describe-security-groups",
      R"(<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
   <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>
   <securityGroupInfo>
      <item>
         <ownerId>123456789012</ownerId>
         <groupId>sg-1a2b3c4d</groupId>
         <groupName>WebServers</groupName>
         <groupDescription>Web Servers</groupDescription>
         <vpcId>vpc-614cc409</vpcId>
         <ipPermissions>
            <item>
               <ipProtocol>tcp</ipProtocol>
               <fromPort>80</fromPort>
               <toPort>80</toPort>
               <groups>
                 <item><userId>123456789012</userId><groupId>sg-2</groupId></item>
               </groups>
               <ipRanges>
                  <item><cidrIp>0.0.0.0/0</cidrIp><description>web</description></item>
               </ipRanges>
               <ipv6Ranges/>
               <prefixListIds/>
            </item>
         </ipPermissions>
         <ipPermissionsEgress/>
         <tagSet><item><key>Name</key><value>web</value></item></tagSet>
      </item>
   </securityGroupInfo>
</DescribeSecurityGroupsResponse>)"));
  cases.push_back(ResponseCase(
      "cloudwatch", "describe-alarms",
      R"(<DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
  <DescribeAlarmsResult>
    <MetricAlarms>
      <member>
        <AlarmName>cpu</AlarmName>
        <Threshold>70.5</Threshold>
        <EvaluationPeriods>3</EvaluationPeriods>
        <ActionsEnabled>false</ActionsEnabled>
        <Dimensions><member><Name>ClusterName</Name><Value>main</Value></member></Dimensions>
        <AlarmActions/>
      </member>
    </MetricAlarms>
  </DescribeAlarmsResult>
</DescribeAlarmsResponse>)"));
  cases.push_back(
      ResponseCase("sts", "get-caller-identity",
                   R"(<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
   <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AKIAI44QH8DHBEXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>)"));
  return cases;
}

TEST(ProtocolBotocore, QueryAndEc2RequestsSerializeAsBotocoreDoes) {
  Json cases = RequestCases();
  ASSERT_EQ(cases.size(), 15u);
  testing::PythonResult result = testing::RunChecker("botocore_protocol.py", cases);
  if (result.exit_code == testing::kNoBotocore) GTEST_SKIP() << result.output;
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

TEST(ProtocolBotocore, XmlResponsesParseAsBotocoreDoes) {
  Json cases = ResponseCases();
  testing::PythonResult result = testing::RunChecker("botocore_protocol.py", cases);
  if (result.exit_code == testing::kNoBotocore) GTEST_SKIP() << result.output;
  EXPECT_EQ(result.exit_code, 0) << result.output;
  // And the values berth reads, typed.
  const Json& groups = cases[0]["berth"]["TargetGroups"];
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0]["Port"], 80);
  EXPECT_EQ(groups[0]["HealthCheckEnabled"], true);
  EXPECT_EQ(groups[0]["Matcher"]["HttpCode"], "200");
  EXPECT_EQ(groups[1]["LoadBalancerArns"], Json::array());
  EXPECT_EQ(cases[0]["berth"]["ResponseMetadata"]["RequestId"],
            "70092c0e-f3a9-11e5-ae48-cff02092876b");
  const Json& sg = cases[2]["berth"]["SecurityGroups"][0];
  EXPECT_EQ(sg["GroupId"], "sg-1a2b3c4d");
  EXPECT_EQ(sg["IpPermissions"][0]["UserIdGroupPairs"][0]["GroupId"], "sg-2");
  EXPECT_EQ(sg["Tags"][0]["Value"], "web");
  EXPECT_EQ(cases[3]["berth"]["MetricAlarms"][0]["Threshold"], 70.5);
}

TEST(ProtocolBotocore, UnknownParametersAreRefusedWithTheirPath) {
  const ServiceModel* elbv2 = FindService("elbv2");
  std::optional<OperationModel> op = elbv2->Operation("CreateTargetGroup");
  ASSERT_TRUE(op.has_value());
  EXPECT_EQ(op->name, "CreateTargetGroup");
  try {
    SerializeQuery(*elbv2, *op, {{"Name", "x"}, {"Tags", {{{"Key", "a"}, {"Colour", "b"}}}}});
    FAIL() << "no error";
  } catch (const SerializeError& e) {
    EXPECT_STREQ(e.what(), "Unknown parameter Tags[0].Colour");
  }
}

TEST(ProtocolBotocore, ErrorsOfBothXmlProtocolsAreRead) {
  std::optional<XmlError> query = ParseXmlError(
      R"(<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><Error><Type>Sender</Type><Code>TargetGroupNotFound</Code><Message>One or more target groups not found</Message></Error><RequestId>r-1</RequestId></ErrorResponse>)");
  ASSERT_TRUE(query.has_value());
  EXPECT_EQ(query->code, "TargetGroupNotFound");
  EXPECT_EQ(query->message, "One or more target groups not found");
  EXPECT_EQ(query->request_id, "r-1");
  std::optional<XmlError> ec2 = ParseXmlError(
      R"(<Response><Errors><Error><Code>InvalidGroup.NotFound</Code><Message>The security group 'sg-1' does not exist</Message></Error></Errors><RequestID>r-2</RequestID></Response>)");
  ASSERT_TRUE(ec2.has_value());
  EXPECT_EQ(ec2->code, "InvalidGroup.NotFound");
  EXPECT_EQ(ec2->request_id, "r-2");
  EXPECT_FALSE(ParseXmlError("<ok/>").has_value());
  EXPECT_FALSE(ParseXmlError("not xml").has_value());
}

}  // namespace
}  // namespace berth::aws_api

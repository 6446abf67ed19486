// The wire client against moto_server (an independent AWS on 127.0.0.1): a round trip in every
// protocol and every service the aws emitters call, AWS's errors as AWS names them, and the
// standard retry mode through a proxy that throttles or fails the first calls.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "backends/aws_api/client.h"
#include "tests/e2e/aws_api/moto_env.h"

namespace berth::aws_api {
namespace {

using e2e::Moto;

ClientConfig MotoConfig(const std::string& endpoint) {
  ClientConfig config;
  config.region = "us-east-1";
  config.credentials = {Moto::Get().Env().at("AWS_ACCESS_KEY_ID"),
                        Moto::Get().Env().at("AWS_SECRET_ACCESS_KEY"), ""};
  config.endpoint = endpoint;
  config.retry_base_seconds = 0.001;
  return config;
}

class ClientMoto : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Moto::Get().Skip().empty()) GTEST_SKIP() << Moto::Get().Skip();
    Moto::Get().Reset();
  }
  Json Ok(const Client& client, const char* service, const char* operation, const Json& input) {
    CallResult result = client.Call(service, operation, input);
    EXPECT_TRUE(result.ok()) << result.error().ToString();
    return result.json();
  }
};

TEST_F(ClientMoto, EveryProtocolRoundTrips) {
  Client client(MotoConfig(Moto::Get().Url()));
  // query (STS, ELBv2, IAM, CloudWatch)
  EXPECT_EQ(Ok(client, "sts", "get-caller-identity", {})["Account"], "123456789012");
  Json vpcs = Ok(client, "ec2", "describe-vpcs", {});
  ASSERT_FALSE(vpcs["Vpcs"].empty());
  std::string vpc = vpcs["Vpcs"][0]["VpcId"];
  Json created = Ok(client, "elbv2", "create-target-group",
                    {{"Name", "api"},
                     {"Protocol", "HTTP"},
                     {"Port", 8080},
                     {"VpcId", vpc},
                     {"TargetType", "ip"},
                     {"Tags", {{{"Key", "team"}, {"Value", "a b&c=d"}}}}});
  std::string arn = created["TargetGroups"][0]["TargetGroupArn"];
  Json described = Ok(client, "elbv2", "describe-target-groups", {{"Names", {"api"}}});
  ASSERT_EQ(described["TargetGroups"].size(), 1u);
  EXPECT_EQ(described["TargetGroups"][0]["TargetGroupArn"], arn);
  EXPECT_EQ(described["TargetGroups"][0]["Port"], 8080);
  Json tags = Ok(client, "elbv2", "describe-tags", {{"ResourceArns", {arn}}});
  EXPECT_EQ(tags["TagDescriptions"][0]["Tags"][0]["Value"], "a b&c=d");

  Ok(client, "iam", "create-role",
     {{"RoleName", "exec"},
      {"AssumeRolePolicyDocument",
       R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]})"}});
  Json role = Ok(client, "iam", "get-role", {{"RoleName", "exec"}});
  EXPECT_EQ(role["Role"]["Arn"], "arn:aws:iam::123456789012:role/exec");

  Ok(client, "cloudwatch", "put-metric-alarm",
     {{"AlarmName", "cpu"},
      {"MetricName", "CPUUtilization"},
      {"Namespace", "AWS/ECS"},
      {"Statistic", "Average"},
      {"Period", 60},
      {"EvaluationPeriods", 3},
      {"Threshold", 70.5},
      {"ComparisonOperator", "GreaterThanThreshold"},
      {"Dimensions", {{{"Name", "ClusterName"}, {"Value", "main"}}}}});
  Json alarms = Ok(client, "cloudwatch", "describe-alarms", {{"AlarmNames", {"cpu"}}});
  ASSERT_EQ(alarms["MetricAlarms"].size(), 1u);
  EXPECT_EQ(alarms["MetricAlarms"][0]["Threshold"], 70.5);
  EXPECT_EQ(alarms["MetricAlarms"][0]["Dimensions"][0]["Value"], "main");

  // ec2
  Json group = Ok(client, "ec2", "create-security-group",
                  {{"GroupName", "alb"}, {"Description", "the ALB"}, {"VpcId", vpc}});
  std::string group_id = group["GroupId"];
  Ok(client, "ec2", "authorize-security-group-ingress",
     {{"GroupId", group_id},
      {"IpPermissions",
       {{{"IpProtocol", "tcp"},
         {"FromPort", 443},
         {"ToPort", 443},
         {"IpRanges", {{{"CidrIp", "0.0.0.0/0"}, {"Description", "https"}}}}}}}});
  Json groups = Ok(client, "ec2", "describe-security-groups",
                   {{"Filters", {{{"Name", "group-name"}, {"Values", {"alb"}}}}}});
  ASSERT_EQ(groups["SecurityGroups"].size(), 1u);
  EXPECT_EQ(groups["SecurityGroups"][0]["GroupId"], group_id);
  EXPECT_EQ(groups["SecurityGroups"][0]["IpPermissions"][0]["FromPort"], 443);
  EXPECT_EQ(groups["SecurityGroups"][0]["IpPermissions"][0]["IpRanges"][0]["Description"], "https");

  // awsJson1_1 (ECS, CloudWatch Logs, Application Auto Scaling, EventBridge, Cloud Map)
  Ok(client, "ecs", "create-cluster", {{"clusterName", "main"}});
  Json clusters = Ok(client, "ecs", "DescribeClusters", {{"clusters", {"main"}}});
  EXPECT_EQ(clusters["clusters"][0]["clusterName"], "main");
  Ok(client, "logs", "create-log-group", {{"logGroupName", "/ecs/api"}});
  Json logs = Ok(client, "logs", "describe-log-groups", {{"logGroupNamePrefix", "/ecs/"}});
  EXPECT_EQ(logs["logGroups"][0]["logGroupName"], "/ecs/api");
  Ok(client, "events", "put-rule", {{"Name", "nightly"}, {"ScheduleExpression", "rate(1 day)"}});
  EXPECT_EQ(Ok(client, "events", "describe-rule", {{"Name", "nightly"}})["ScheduleExpression"],
            "rate(1 day)");
  // (moto registers a scalable target only for a service it has: the apply tests do that)
  Json targets = Ok(client, "application-autoscaling", "describe-scalable-targets",
                    {{"ServiceNamespace", "ecs"}});
  EXPECT_TRUE(targets["ScalableTargets"].is_array());
  Json ns = Ok(client, "servicediscovery", "list-namespaces", {});
  EXPECT_TRUE(ns["Namespaces"].is_array());
  EXPECT_EQ(client.calls(), client.requests());  // nothing was retried
}

TEST_F(ClientMoto, ErrorsCarryAwsCodeAndMessage) {
  Client client(MotoConfig(Moto::Get().Url()));
  CallResult query = client.Call("elbv2", "describe-target-groups", {{"Names", {"missing"}}});
  ASSERT_FALSE(query.ok());
  EXPECT_EQ(query.error().code, "TargetGroupNotFound");
  EXPECT_EQ(query.error().status, 400);
  EXPECT_EQ(query.error().operation, "DescribeTargetGroups");
  EXPECT_EQ(query.error().attempts, 1);  // a client error is not retried
  CallResult json =
      client.Call("ecs", "describe-services", {{"cluster", "missing"}, {"services", {"api"}}});
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.error().code, "ClusterNotFoundException");
  EXPECT_EQ(json.error().ToString(), "ecs DescribeServices: ClusterNotFoundException: " +
                                         json.error().message + " (HTTP 400)");
  CallResult ec2 = client.Call("ec2", "delete-security-group", {{"GroupId", "sg-00000000"}});
  ASSERT_FALSE(ec2.ok());
  EXPECT_EQ(ec2.error().code, "InvalidGroup.NotFound");
  CallResult unknown = client.Call("ecs", "launch-rockets", {});
  EXPECT_EQ(unknown.error().code, "UnknownOperation");
  CallResult bad = client.Call("elbv2", "create-target-group", {{"Nmae", "x"}});
  EXPECT_EQ(bad.error().code, "InvalidParameter");
  EXPECT_EQ(bad.error().message, "Unknown parameter Nmae");
}

// A proxy in front of moto that answers the first `failures` requests itself, with `status` and
// `body`, then forwards.
class FaultyProxy {
 public:
  FaultyProxy(int failures, int status, std::string body)
      : failures_(failures), status_(status), body_(std::move(body)) {
    server_.Post(".*", [this](const httplib::Request& request, httplib::Response& response) {
      if (seen_++ < failures_) {
        response.status = status_;
        response.set_content(body_, "text/xml");
        return;
      }
      httplib::Client moto(Moto::Get().Url());
      // moto builds a service's backend on its first call: seconds on a loaded machine, past
      // httplib's default 5 s read timeout, which would turn into a 502 the test did not ask for.
      moto.set_read_timeout(60, 0);
      httplib::Headers headers;
      for (const auto& [name, value] : request.headers) {
        if (name != "Content-Length" && name != "Content-Type") headers.emplace(name, value);
      }
      auto answer = moto.Post(request.path.c_str(), headers, request.body,
                              request.get_header_value("Content-Type").c_str());
      if (!answer) {
        response.status = 502;
        return;
      }
      response.status = answer->status;
      response.set_content(answer->body, answer->get_header_value("Content-Type").c_str());
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FaultyProxy() {
    server_.stop();
    thread_.join();
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int seen() const { return seen_.load(); }

 private:
  int failures_;
  int status_;
  std::string body_;
  std::atomic<int> seen_{0};
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

TEST_F(ClientMoto, ThrottlingAndServerErrorsAreRetriedWithBackoff) {
  FaultyProxy throttling(
      3, 400,
      "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
      "</ErrorResponse>");
  ClientConfig config = MotoConfig(throttling.Url());
  config.max_attempts = 5;
  Client client(config);
  Json identity = Ok(client, "sts", "get-caller-identity", {});
  EXPECT_EQ(identity["Account"], "123456789012");
  EXPECT_EQ(throttling.seen(), 4);
  EXPECT_EQ(client.requests(), 4);

  FaultyProxy failing(2, 500, "internal error");
  Client json_client(MotoConfig(failing.Url()));  // 3 attempts: two failures are absorbed
  Ok(json_client, "ecs", "list-clusters", {});
  EXPECT_EQ(failing.seen(), 3);

  FaultyProxy down(10, 503,
                   "<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>");
  Client gives_up(MotoConfig(down.Url()));
  CallResult result = gives_up.Call("elbv2", "describe-load-balancers", {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().attempts, 3);
  EXPECT_EQ(result.error().ToString(),
            "elbv2 DescribeLoadBalancers: ServiceUnavailable (HTTP 503, after 3 attempts)");
}

TEST_F(ClientMoto, AnEndpointNobodyListensOnIsAConnectionError) {
  // A port that was free a moment ago and that nothing listens on (httplib's bind_to_any_port
  // would listen, and a connection would wait for an answer instead of being refused).
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  int port = ntohs(address.sin_port);
  close(fd);
  Client client(MotoConfig("http://127.0.0.1:" + std::to_string(port)));
  CallResult result = client.Call("ecs", "list-clusters", {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "ConnectionError");
  EXPECT_EQ(result.error().attempts, 3);
}

}  // namespace
}  // namespace berth::aws_api

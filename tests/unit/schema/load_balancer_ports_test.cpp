#include "tests/unit/schema/rules_fixture.h"

namespace berth::testing {
namespace {

class LoadBalancerPortsTest : public RulesTest {
 protected:
  // task.api: container "app" on port 8080 (shorthand) and "sidecar" with a 9901 port_mapping.
  ir::Resource Task(std::string_view mode = "awsvpc") {
    Value app = Block({{"name", Value::String("app")},
                       {"image", Value::String("api")},
                       {"port", Value::Number(8080)}},
                      Span("container \"app\""));
    Value sidecar =
        Block({{"name", Value::String("sidecar")},
               {"image", Value::String("envoy")},
               {"port_mappings", Value::List({Block({{"container_port", Value::Number(9901)}})})}});
    ValueMap attrs = {{"network_mode", Value::String(std::string(mode))},
                      {"containers", Value::List({app, sidecar})}};
    if (mode == "awsvpc") {
      attrs.push_back({"cpu", Value::Cpu(256)});
      attrs.push_back({"memory", Value::Size(512 * kMiB)});
    } else {
      attrs.push_back({"requires", Value::List({Value::String("EC2")})});
      attrs.push_back({"memory", Value::Size(512 * kMiB)});
    }
    return Resource("task", "api", attrs);
  }

  ir::Resource Service(Value container, Value port, std::string_view launch = "FARGATE") {
    Value lb =
        Block({{"target_group", Value::Ref("target_group.api", "", Span("target_group.api"))},
               {"container", container},
               {"port", port}},
              Span("load_balancer {"));
    ValueMap attrs = {{"cluster", Value::Ref("cluster.main")},
                      {"task", Value::Ref("task.api")},
                      {"launch_type", Value::String(std::string(launch))},
                      {"load_balancers", Value::List({lb})}};
    if (launch == "FARGATE") {
      attrs.push_back({"network", Block({{"subnets", Value::List({Value::String("subnet-a")})}})});
    }
    return Resource("service", "api", attrs);
  }

  // An application load balancer forwarding to target_group.api: a service's target group must
  // be attached to one.
  ir::Resource Forwarder() {
    Value forward = Block({{"target_group", Value::Ref("target_group.api")}});
    Value listener = Block({{"name", Value::String("http")},
                            {"port", Value::Number(80)},
                            {"protocol", Value::String("HTTP")},
                            {"forward", forward}});
    return Resource(
        "load_balancer", "public",
        {{"subnets", Value::List({Value::String("subnet-a"), Value::String("subnet-b")})},
         {"listeners", Value::List({listener})}});
  }

  ir::Resource TargetGroup(std::string_view target_type = "ip") {
    std::string text = "target_type = " + std::string(target_type);
    SourceRange at = text_.find(text) != std::string::npos ? Span(text) : SourceRange{};
    return Resource("target_group", "api",
                    {{"port", Value::Number(8080)},
                     {"vpc", Value::String("vpc-1")},
                     {"target_type", Value::String(std::string(target_type), at)}});
  }
};

constexpr const char* kSource =
    "task \"api\" {\n"
    "  container \"app\" { image = \"api\"  port = 8080 }\n"
    "  container \"sidecar\" { image = \"envoy\" }\n"
    "}\n"
    "target_group \"api\" { target_type = ip }\n"
    "service \"api\" {\n"
    "  load_balancer { target_group = target_group.api  container = \"ap\"  port = 8081 }\n"
    "}\n";

TEST_F(LoadBalancerPortsTest, UnknownContainerSuggestsTheClosest) {
  SetSource(kSource);
  EXPECT_EQ(Check({Task(), TargetGroup(), Resource("cluster", "main", {}), Forwarder(),
                   Service(Value::String("ap", Span("\"ap\"")), Value::Number(8080))}),
            "main.berth:7:64: error: task.api has no container \"ap\"; did you mean \"app\"?\n"
            "    7 |   load_balancer { target_group = target_group.api  container = \"ap\"  port = "
            "8081 }\n"
            "      |                                                                ^~~~\n"
            "main.berth:1:1: note: task.api is declared here\n"
            "    1 | task \"api\" {\n"
            "      | ^~~~~~~~~~\n");
}

TEST_F(LoadBalancerPortsTest, UnknownContainerWithoutCloseMatchListsThem) {
  SetSource(kSource);
  std::string out =
      Check({Task(), TargetGroup(), Resource("cluster", "main", {}), Forwarder(),
             Service(Value::String("frontend", Span("\"ap\"")), Value::Number(8080))});
  EXPECT_EQ(out.substr(0, out.find('\n')),
            "main.berth:7:64: error: task.api has no container \"frontend\"; its containers are "
            "\"app\" and \"sidecar\"");
}

TEST_F(LoadBalancerPortsTest, PortTheContainerDoesNotExpose) {
  SetSource(kSource);
  EXPECT_EQ(
      Check({Task(), TargetGroup(), Resource("cluster", "main", {}), Forwarder(),
             Service(Value::String("app"), Value::Number(8081, Span("8081")))}),
      "main.berth:7:77: error: container \"app\" of task.api does not expose port 8081; it "
      "exposes 8080\n"
      "    7 |   load_balancer { target_group = target_group.api  container = \"ap\"  port = 8081 "
      "}\n"
      "      |                                                                             ^~~~\n"
      "main.berth:2:3: note: container \"app\" is declared here\n"
      "    2 |   container \"app\" { image = \"api\"  port = 8080 }\n"
      "      |   ^~~~~~~~~~~~~~~\n");
  // Ports of port_mapping blocks count as exposed too.
  EXPECT_EQ(Check({Task(), TargetGroup(), Resource("cluster", "main", {}), Forwarder(),
                   Service(Value::String("sidecar"), Value::Number(9901))}),
            "");
}

TEST_F(LoadBalancerPortsTest, ContainerWithoutPorts) {
  SetSource(kSource);
  ir::Resource task = Resource(
      "task", "api",
      {{"cpu", Value::Cpu(256)},
       {"memory", Value::Size(512 * kMiB)},
       {"containers",
        Value::List({Block({{"name", Value::String("app")}, {"image", Value::String("api")}})})}});
  std::string out = Check({task, TargetGroup(), Resource("cluster", "main", {}), Forwarder(),
                           Service(Value::String("app"), Value::Number(8080, Span("8081")))});
  EXPECT_EQ(out.substr(0, out.find('\n')),
            "main.berth:7:77: error: container \"app\" of task.api exposes no ports; add port = "
            "8080 to it");
}

TEST_F(LoadBalancerPortsTest, TargetTypeMustMatchNetworkMode) {
  SetSource(kSource);
  EXPECT_EQ(Check({Task("bridge"), TargetGroup("ip"), Resource("cluster", "main", {}), Forwarder(),
                   Service(Value::String("app"), Value::Number(8080), "EC2")}),
            "main.berth:7:34: error: target_group.api has target_type ip, but task.api uses "
            "network_mode bridge, whose tasks register by instance: use target_type = instance\n"
            "    7 |   load_balancer { target_group = target_group.api  container = \"ap\"  port = "
            "8081 }\n"
            "      |                                  ^~~~~~~~~~~~~~~~\n"
            "main.berth:5:22: note: target_type is set here\n"
            "    5 | target_group \"api\" { target_type = ip }\n"
            "      |                      ^~~~~~~~~~~~~~~~\n");
}

TEST_F(LoadBalancerPortsTest, AwsvpcTasksRegisterByIp) {
  SetSource(
      "task \"api\" { container \"app\" {} }\n"
      "target_group \"api\" { target_type = instance }\n"
      "service \"api\" {\n"
      "  load_balancer { target_group = target_group.api }\n"
      "}\n");
  std::string out = Check({Task(), TargetGroup("instance"), Resource("cluster", "main", {}),
                           Forwarder(), Service(Value::String("app"), Value::Number(8080))});
  EXPECT_EQ(out.substr(0, out.find('\n')),
            "main.berth:4:34: error: target_group.api has target_type instance, but task.api uses "
            "network_mode awsvpc, whose tasks register by IP address: use target_type = ip");
  EXPECT_EQ(Check({Task(), TargetGroup("ip"), Resource("cluster", "main", {}), Forwarder(),
                   Service(Value::String("app"), Value::Number(8080))}),
            "");
}

}  // namespace
}  // namespace berth::testing

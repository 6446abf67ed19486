// A port mapping takes a port or a port range; a service's load balancer a target group or a
// Classic Load Balancer: exactly one of each.
#include "tests/unit/schema/rules_fixture.h"

namespace berth::testing {
namespace {

class AlternativesTest : public RulesTest {
 protected:
  void SetUp() override { SetSource("task \"api\" {}\nservice \"api\" {}\n"); }

  std::string CheckMapping(ValueMap mapping) {
    Value container = Block({{"name", Value::String("app")},
                             {"image", Value::String("nginx")},
                             {"port_mappings", Value::List({Block(mapping)})}});
    return Headlines(Check({Resource("task", "api",
                                     {{"cpu", Value::Cpu(256)},
                                      {"memory", Value::Size(512 * kMiB)},
                                      {"containers", Value::List({container})}})}));
  }
  std::string CheckBalancer(ValueMap lb) {
    return Headlines(Check(
        {Resource("cluster", "main", {}),
         Resource("task", "api", {{"cpu", Value::Cpu(256)}, {"memory", Value::Size(512 * kMiB)}}),
         Resource("target_group", "api", {{"port", Value::Number(80)}}),
         Resource("service", "api",
                  {{"cluster", Value::Ref("cluster.main")},
                   {"task", Value::Ref("task.api")},
                   {"network", Block({{"subnets", Value::List({Value::String("subnet-a")})}})},
                   {"load_balancers", Value::List({Block(lb)})}})}));
  }
};

TEST_F(AlternativesTest, PortMappingNeedsPortOrRange) {
  EXPECT_EQ(CheckMapping({{"container_port", Value::Number(8080)}}), "");
  EXPECT_EQ(CheckMapping({{"container_port_range", Value::String("8000-8099")}}), "");
  EXPECT_EQ(CheckMapping({}),
            "main.berth:1:1: error: a port_mapping of container \"app\" of task.api needs "
            "container_port or container_port_range\n");
  EXPECT_EQ(CheckMapping({{"container_port", Value::Number(8080)},
                          {"container_port_range", Value::String("8000-8099")}}),
            "main.berth:1:1: error: a port_mapping of container \"app\" of task.api sets both "
            "container_port and container_port_range; keep one\n");
}

TEST_F(AlternativesTest, LoadBalancerNeedsTargetGroupOrClassic) {
  ValueMap container = {{"container", Value::String("app")}, {"port", Value::Number(8080)}};
  ValueMap with_tg = container;
  with_tg.emplace_back("target_group", Value::Ref("target_group.api"));
  // The task in this test declares no containers; only this rule's messages matter here.
  EXPECT_NE(CheckBalancer(container).find("main.berth:2:1: error: a load_balancer block of "
                                          "service.api needs target_group or "
                                          "classic_load_balancer\n"),
            std::string::npos);
  EXPECT_EQ(CheckBalancer(with_tg).find("load_balancer block"), std::string::npos);
  ValueMap both = with_tg;
  both.emplace_back("classic_load_balancer", Value::String("legacy"));
  EXPECT_NE(CheckBalancer(both).find("sets both target_group and classic_load_balancer"),
            std::string::npos);
}

}  // namespace
}  // namespace berth::testing

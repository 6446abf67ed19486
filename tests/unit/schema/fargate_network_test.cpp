#include "tests/unit/schema/rules_fixture.h"

namespace berth::testing {
namespace {

class FargateNetworkTest : public RulesTest {};

TEST_F(FargateNetworkTest, FargateNeedsAwsvpc) {
  SetSource(
      "task \"api\" {\n"
      "  network_mode = bridge\n"
      "}\n");
  EXPECT_EQ(Check({Resource("task", "api",
                            {{"cpu", Value::Cpu(256)},
                             {"memory", Value::Size(512 * kMiB)},
                             {"network_mode", Value::String("bridge", Span("bridge"))}})}),
            "main.berth:2:18: error: Fargate tasks need network_mode awsvpc, not bridge\n"
            "    2 |   network_mode = bridge\n"
            "      |                  ^~~~~~\n");
}

TEST_F(FargateNetworkTest, AwsvpcHostPortMustMatch) {
  SetSource(
      "task \"api\" {\n"
      "  container \"app\" {\n"
      "    port_mapping { container_port = 8080  host_port = 81 }\n"
      "  }\n"
      "}\n");
  Value mapping = Block({{"container_port", Value::Number(8080, Span("8080"))},
                         {"host_port", Value::Number(81, Span("81"))}});
  Value container = Block({{"name", Value::String("app")},
                           {"image", Value::String("nginx")},
                           {"port_mappings", Value::List({mapping})}});
  EXPECT_EQ(Check({Resource("task", "api",
                            {{"cpu", Value::Cpu(256)},
                             {"memory", Value::Size(512 * kMiB)},
                             {"containers", Value::List({container})}})}),
            "main.berth:3:55: error: with network_mode awsvpc, host_port must equal "
            "container_port (8080) or be omitted\n"
            "    3 |     port_mapping { container_port = 8080  host_port = 81 }\n"
            "      |                                                       ^~\n");
}

class LauncherTest : public RulesTest {
 protected:
  ir::Resource Task(std::string_view mode = "awsvpc",
                    std::vector<std::string> requires_list = {"FARGATE"}) {
    ValueList requires_values;
    for (const std::string& r : requires_list) requires_values.push_back(Value::String(r));
    ValueMap attrs = {{"network_mode", Value::String(std::string(mode))},
                      {"requires", Value::List(requires_values)}};
    if (requires_list.front() == "FARGATE") {
      attrs.push_back({"cpu", Value::Cpu(256)});
      attrs.push_back({"memory", Value::Size(512 * kMiB)});
    }
    return Resource("task", "api", attrs);
  }
  ir::Resource Cluster() { return Resource("cluster", "main", {}); }
};

TEST_F(LauncherTest, ServiceOfAwsvpcTaskNeedsNetwork) {
  SetSource(
      "cluster \"main\" {}\n"
      "task \"api\" { requires = [\"FARGATE\"] }\n"
      "service \"api\" {\n"
      "  cluster = cluster.main\n"
      "  task    = task.api\n"
      "}\n");
  EXPECT_EQ(Check({Cluster(), Task(),
                   Resource("service", "api",
                            {{"cluster", Value::Ref("cluster.main", "", Span("cluster.main"))},
                             {"task", Value::Ref("task.api", "", Span("task.api"))}})}),
            "main.berth:3:1: error: service.api needs a network block with subnets: its task "
            "task.api uses network_mode awsvpc\n"
            "    3 | service \"api\" {\n"
            "      | ^~~~~~~~~~~~~\n"
            "main.berth:2:1: note: task.api is declared here\n"
            "    2 | task \"api\" { requires = [\"FARGATE\"] }\n"
            "      | ^~~~~~~~~~\n");
}

TEST_F(LauncherTest, EmptySubnets) {
  SetSource(
      "cluster \"main\" {}\n"
      "task \"api\" { requires = [\"FARGATE\"] }\n"
      "schedule \"etl\" {\n"
      "  network { subnets = [] }\n"
      "}\n");
  EXPECT_EQ(
      Check({Cluster(), Task(),
             Resource("role", "events",
                      {{"trust", Value::List({Value::String("events.amazonaws.com")})}}),
             Resource("schedule", "etl",
                      {{"cluster", Value::Ref("cluster.main")},
                       {"task", Value::Ref("task.api")},
                       {"role", Value::Ref("role.events")},
                       {"expression", Value::String("rate(1 hour)")},
                       {"network",
                        Block({{"subnets", Value::List({}, Span("[]"))}}, Span("network"))}})}),
      "main.berth:4:23: error: network.subnets of schedule.etl is empty; awsvpc tasks need at "
      "least one subnet\n"
      "    4 |   network { subnets = [] }\n"
      "      |                       ^~\n");
}

TEST_F(LauncherTest, NetworkBlockForBridgeTask) {
  SetSource(
      "task \"api\" {\n"
      "  requires = [\"EC2\"]\n"
      "  network_mode = bridge\n"
      "}\n"
      "service \"api\" {\n"
      "  network { subnets = [\"subnet-a\"] }\n"
      "}\n");
  ir::Resource task =
      Resource("task", "api",
               {{"network_mode", Value::String("bridge", Span("bridge"))},
                {"requires", Value::List({Value::String("EC2")}, Span("[\"EC2\"]"))}});
  EXPECT_EQ(
      Check({task, Resource("cluster", "main", {}),
             Resource("service", "api",
                      {{"cluster", Value::Ref("cluster.main")},
                       {"task", Value::Ref("task.api")},
                       {"network", Block({{"subnets", Value::List({Value::String("subnet-a")})}},
                                         Span("network { subnets = [\"subnet-a\"] }"))}})}),
      "main.berth:6:3: error: service.api has a network block, but its task task.api uses "
      "network_mode bridge; only awsvpc tasks take one\n"
      "    6 |   network { subnets = [\"subnet-a\"] }\n"
      "      |   ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
      "main.berth:3:18: note: network_mode is set here\n"
      "    3 |   network_mode = bridge\n"
      "      |                  ^~~~~~\n");
}

TEST_F(LauncherTest, FargateLaunchOfAnEc2OnlyTask) {
  SetSource(
      "task \"api\" {\n"
      "  requires = [\"EC2\"]\n"
      "}\n"
      "service \"api\" {\n"
      "  launch_type = FARGATE\n"
      "  network { subnets = [\"subnet-a\"] }\n"
      "}\n");
  ir::Resource task = Resource(
      "task", "api", {{"requires", Value::List({Value::String("EC2")}, Span("[\"EC2\"]"))}});
  EXPECT_EQ(Check({task, Resource("cluster", "main", {}),
                   Resource("service", "api",
                            {{"cluster", Value::Ref("cluster.main")},
                             {"task", Value::Ref("task.api")},
                             {"launch_type", Value::String("FARGATE", Span("FARGATE"))},
                             {"network",
                              Block({{"subnets", Value::List({Value::String("subnet-a")})}})}})}),
            "main.berth:5:17: error: service.api launches on FARGATE, but task.api does not list "
            "FARGATE in requires ([\"EC2\"])\n"
            "    5 |   launch_type = FARGATE\n"
            "      |                 ^~~~~~~\n"
            "main.berth:2:14: note: requires is set here\n"
            "    2 |   requires = [\"EC2\"]\n"
            "      |              ^~~~~~~\n");
}

TEST_F(LauncherTest, LaunchTypeAndCapacityProvidersExcludeEachOther) {
  SetSource(
      "task \"api\" {}\n"
      "service \"api\" {\n"
      "  launch_type = FARGATE\n"
      "  capacity_provider { name = \"FARGATE_SPOT\" }\n"
      "}\n");
  EXPECT_EQ(
      Check({Task(), Resource("cluster", "main", {}),
             Resource(
                 "service", "api",
                 {{"cluster", Value::Ref("cluster.main")},
                  {"task", Value::Ref("task.api")},
                  {"launch_type", Value::String("FARGATE", Span("FARGATE"))},
                  {"capacity_providers",
                   Value::List({Block({{"name", Value::String("FARGATE_SPOT")}})})},
                  {"network", Block({{"subnets", Value::List({Value::String("subnet-a")})}})}})}),
      "main.berth:3:17: error: service.api sets both launch_type and capacity_provider blocks; "
      "ECS takes one or the other\n"
      "    3 |   launch_type = FARGATE\n"
      "      |                 ^~~~~~~\n");
}

TEST_F(LauncherTest, PublicIpNeedsFargate) {
  SetSource(
      "task \"api\" {}\n"
      "service \"api\" {\n"
      "  launch_type = EC2\n"
      "  network { subnets = [\"subnet-a\"]  assign_public_ip = true }\n"
      "}\n");
  EXPECT_EQ(Check({Task("awsvpc", {"FARGATE", "EC2"}), Resource("cluster", "main", {}),
                   Resource("service", "api",
                            {{"cluster", Value::Ref("cluster.main")},
                             {"task", Value::Ref("task.api")},
                             {"launch_type", Value::String("EC2")},
                             {"network",
                              Block({{"subnets", Value::List({Value::String("subnet-a")})},
                                     {"assign_public_ip", Value::Bool(true, Span("true"))}})}})}),
            "main.berth:4:56: error: assign_public_ip needs the FARGATE launch type; service.api "
            "launches on EC2\n"
            "    4 |   network { subnets = [\"subnet-a\"]  assign_public_ip = true }\n"
            "      |                                                        ^~~~\n");
}

TEST_F(LauncherTest, ValidServicesPass) {
  SetSource("task \"api\" {}\nservice \"api\" {}\nservice \"spot\" {}\n");
  Value network = Block({{"subnets", Value::List({Value::String("subnet-a")})},
                         {"assign_public_ip", Value::Bool(true)}});
  EXPECT_EQ(Check({Task(), Resource("cluster", "main", {}),
                   Resource("service", "api",
                            {{"cluster", Value::Ref("cluster.main")},
                             {"task", Value::Ref("task.api")},
                             {"network", network}}),
                   Resource("service", "spot",
                            {{"cluster", Value::Ref("cluster.main")},
                             {"task", Value::Ref("task.api")},
                             {"capacity_providers",
                              Value::List({Block({{"name", Value::String("FARGATE_SPOT")}})})},
                             {"network", network}})}),
            "");
}

}  // namespace
}  // namespace berth::testing

#include "controlplane/reconciler/placement.h"

#include <gtest/gtest.h>

namespace berth::controlplane::reconciler {
namespace {

json Instance(const std::string& id, int cpu, int memory, bool connected = true) {
  return {{"id", id}, {"cpu", cpu}, {"memory", memory}, {"connected", connected}};
}

json Task(const std::string& instance, const std::string& group, int memory) {
  return {{"group", group},
          {"cpu", "0"},
          {"memory", std::to_string(memory)},
          {"x-berth", {{"instance", instance}}}};
}

const json kDefinition = {{"containerDefinitions", {{{"name", "app"}, {"memory", 100}}}}};

TEST(Placement, DemandIsTaskLevelElseTheContainersSum) {
  EXPECT_EQ(DemandOf(kDefinition).memory, 100);
  json two = {{"containerDefinitions",
               {{{"memory", 100}, {"cpu", 128}}, {{"memoryReservation", 50}, {"cpu", 128}}}}};
  EXPECT_EQ(DemandOf(two).memory, 150);
  EXPECT_EQ(DemandOf(two).cpu, 256);
  two["memory"] = "512";
  EXPECT_EQ(DemandOf(two).memory, 512);
}

TEST(Placement, SpreadsAServiceOverInstancesByDefault) {
  std::vector<json> instances = {Instance("a", 2048, 1000), Instance("b", 2048, 1000)};
  std::vector<json> tasks;
  PlacementRequest request{&kDefinition, json::array(), json::array(), "service:web"};
  std::map<std::string, int> count;
  for (int i = 0; i < 4; ++i) {
    std::string reason;
    auto chosen = Place(request, instances, tasks, reason);
    ASSERT_TRUE(chosen) << reason;
    ++count[*chosen];
    tasks.push_back(Task(*chosen, "service:web", 100));
  }
  EXPECT_EQ(count["a"], 2);
  EXPECT_EQ(count["b"], 2);
}

TEST(Placement, ARegisteredInstanceTakesOnlyItsClustersTasks) {
  json registered = Instance("r", 2048, 1000);
  registered["cluster"] = "reg";
  json everywhere = Instance("e", 2048, 1000);
  PlacementRequest request{&kDefinition, json::array(), json::array(), "family:x", "other"};
  std::string reason;
  EXPECT_FALSE(Place(request, {registered}, {}, reason));
  EXPECT_EQ(reason, "No Container Instances were found in your cluster.");
  EXPECT_EQ(Place(request, {registered, everywhere}, {}, reason), "e");
  request.cluster = "reg";
  EXPECT_EQ(Place(request, {registered}, {}, reason), "r");
  registered["status"] = "INACTIVE";  // deregistered
  EXPECT_FALSE(Place(request, {registered}, {}, reason));
}

TEST(Placement, AFixedHostPortBehindABridgeIsHeldByTheTaskUsingIt) {
  json definition = {{"networkMode", "bridge"},
                     {"containerDefinitions",
                      {{{"name", "app"},
                        {"memory", 100},
                        {"portMappings", {{{"containerPort", 80}, {"hostPort", 8080}}}}}}}};
  json a = Instance("a", 2048, 1000), b = Instance("b", 2048, 1000);
  a["bridge"] = b["bridge"] = true;
  json holder = Task("a", "other", 100);
  holder["containers"] = {{{"networkBindings", {{{"containerPort", 80}, {"hostPort", 8080}}}}}};
  PlacementRequest request{&definition, json::array(), json::array(), "family:x"};
  std::string reason;
  EXPECT_EQ(Place(request, {a, b}, {holder}, reason), "b");
  EXPECT_FALSE(Place(request, {a}, {holder}, reason));
  EXPECT_EQ(reason, "RESOURCE:PORTS");
  // Without a bridge berth gives the task free ports of its own: no conflict.
  a["bridge"] = false;
  EXPECT_EQ(Place(request, {a}, {holder}, reason), "a");
}

TEST(Placement, BinpackFillsTheFullestInstanceThatFits) {
  std::vector<json> instances = {Instance("a", 2048, 1000), Instance("b", 2048, 1000)};
  std::vector<json> tasks = {Task("b", "other", 800)};
  PlacementRequest request{&kDefinition, json::array({{{"type", "binpack"}, {"field", "memory"}}}),
                           json::array(), "service:web"};
  std::string reason;
  EXPECT_EQ(Place(request, instances, tasks, reason), "b");
  tasks.push_back(Task("b", "other", 150));  // b has 50 MiB left: too little
  EXPECT_EQ(Place(request, instances, tasks, reason), "a");
}

TEST(Placement, DistinctInstanceAndNoRoomGiveECSReasons) {
  std::vector<json> instances = {Instance("a", 2048, 1000), Instance("b", 2048, 1000, false)};
  std::vector<json> tasks = {Task("a", "service:web", 100)};
  PlacementRequest request{&kDefinition, json::array(),
                           json::array({{{"type", "distinctInstance"}}}), "service:web"};
  std::string reason;
  EXPECT_FALSE(Place(request, instances, tasks, reason));
  EXPECT_EQ(reason, "DistinctInstance placement constraint unsatisfied.");
  tasks = {Task("a", "x", 950)};
  request.constraints = json::array();
  EXPECT_FALSE(Place(request, instances, tasks, reason));
  EXPECT_EQ(reason, "RESOURCE:MEMORY");
  EXPECT_FALSE(Place(request, {}, tasks, reason));
  EXPECT_EQ(reason, "No Container Instances were found in your cluster.");
}

}  // namespace
}  // namespace berth::controlplane::reconciler

// Cloud Map in berth serve: a service's RUNNING tasks registered as instances (and deregistered
// when they are to stop), and the addresses a new task is given (controlplane/discovery/).
#include <gtest/gtest.h>

#include "controlplane/discovery/environment.h"
#include "controlplane/discovery/instances.h"
#include "tests/unit/controlplane/temp_store.h"

namespace berth::controlplane::discovery {
namespace {

class DiscoveryTest : public test_support::TempStoreTest {
 protected:
  void SetUp() override {
    TempStoreTest::SetUp();
    if (HasFatalFailure()) return;
    store_->Transaction([](store::Tx& tx) {
      tx.Put(kNamespace, "ns-1", "",
             {{"Id", "ns-1"},
              {"Name", "shop.internal"},
              {"Type", "DNS_PRIVATE"},
              {"Properties", {{"HttpProperties", {{"HttpName", "shop.internal"}}}}}});
      tx.Put(store::kDiscoveryService, "srv-1", "",
             {{"Id", "srv-1"}, {"Name", "backend"}, {"NamespaceId", "ns-1"}});
    });
  }

  static json Service() {
    return {{"serviceName", "api"},
            {"clusterArn", "arn:aws:ecs:us-east-1:000000000000:cluster/main"},
            {"status", "ACTIVE"},
            {"serviceRegistries",
             {{{"registryArn", "arn:aws:servicediscovery:us-east-1:000000000000:service/srv-1"},
               {"containerName", "app"},
               {"containerPort", 8080}}}}};
  }
  static json Task(const std::string& id, const std::string& last, int host_port) {
    return {{"taskArn", "arn:aws:ecs:us-east-1:000000000000:task/main/" + id},
            {"taskDefinitionArn", "arn:aws:ecs:us-east-1:000000000000:task-definition/api:3"},
            {"lastStatus", last},
            {"desiredStatus", "RUNNING"},
            {"healthStatus", "HEALTHY"},
            {"x-berth", {{"service", "api"}, {"cluster", "main"}}},
            {"containers",
             {{{"name", "side"}, {"networkBindings", {{{"containerPort", 9000}, {"hostPort", 1}}}}},
              {{"name", "app"},
               {"networkBindings", {{{"containerPort", 8080}, {"hostPort", host_port}}}}}}}};
  }
  std::vector<json> Instances() {
    std::vector<json> out;
    store_->Transaction([&](store::Tx& tx) { out = tx.List(kInstance); });
    return out;
  }
  void Sync(const std::vector<json>& tasks) {
    store_->Transaction([&](store::Tx& tx) {
      SyncInstances(tx, model::Origin{}, {{"main", tasks}}, {Service()});
    });
  }
};

TEST_F(DiscoveryTest, RunningTasksRegisteredWithTheirHostPortThenDeregistered) {
  Sync({Task("t1", "RUNNING", 31001), Task("t2", "PENDING", 31002)});
  std::vector<json> instances = Instances();
  ASSERT_EQ(instances.size(), 1u);
  EXPECT_EQ(instances[0]["Id"], "t1");
  const json& attributes = instances[0]["Attributes"];
  EXPECT_EQ(attributes["AWS_INSTANCE_IPV4"], "127.0.0.1");
  EXPECT_EQ(attributes["AWS_INSTANCE_PORT"], "31001");  // app's 8080, not side's 9000
  EXPECT_EQ(attributes["ECS_SERVICE_NAME"], "api");
  EXPECT_EQ(attributes["ECS_CLUSTER_NAME"], "main");
  EXPECT_EQ(attributes["ECS_TASK_DEFINITION_FAMILY"], "api");
  store_->Transaction([](store::Tx& tx) {
    EXPECT_EQ((*tx.Get(store::kDiscoveryService, "srv-1"))["InstanceCount"], 1);
  });

  json stopping = Task("t1", "RUNNING", 31001);
  stopping["desiredStatus"] = "STOPPED";
  Sync({stopping, Task("t2", "RUNNING", 31002)});
  instances = Instances();
  ASSERT_EQ(instances.size(), 1u);
  EXPECT_EQ(instances[0]["Id"], "t2");
}

TEST_F(DiscoveryTest, NewTaskGetsHostsVariableAndRewrittenAddresses) {
  Sync({Task("t1", "RUNNING", 31001)});
  json definition = {{"containerDefinitions",
                      {{{"name", "web"},
                        {"environment",
                         {{{"name", "API_URL"}, {"value", "http://backend.shop.internal:8080/v1"}},
                          {{"name", "OTHER"}, {"value", "backend.shop.internal:9999"}}}}}}}};
  store_->Transaction([&](store::Tx& tx) { AddDiscoveredAddresses(tx, definition); });
  const json& spec = definition["containerDefinitions"][0];
  std::map<std::string, std::string> env;
  for (const json& pair : spec["environment"]) env[pair["name"]] = pair["value"];
  EXPECT_EQ(env["API_URL"], "http://127.0.0.1:31001/v1");
  EXPECT_EQ(env["OTHER"], "backend.shop.internal:9999");  // another port: left as written
  EXPECT_EQ(env["BERTH_DISCOVERY_BACKEND_SHOP_INTERNAL"], "127.0.0.1:31001");
  EXPECT_EQ(spec["extraHosts"],
            json::parse(R"([{"hostname":"backend.shop.internal","ipAddress":"127.0.0.1"}])"));
}

}  // namespace
}  // namespace berth::controlplane::discovery

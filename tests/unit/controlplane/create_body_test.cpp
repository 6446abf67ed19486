// The container-create body of a task's container (controlplane/engines/create_body.h): on the
// host network, and behind Docker's bridge with real port mappings. The second half sends the
// bridge body to a real engine of the docker_engine fixture (run by the ctest
// controlplane_bridge_body; skipped elsewhere): an engine run with --bridge=none, as every
// engine here is, starts the container without any of its mappings, which is why berth serve
// keeps such tasks on the host network there.
#include "controlplane/engines/create_body.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "backends/docker/engine_client.h"
#include "controlplane/reconciler/new_task.h"

namespace berth::controlplane::engines {
namespace {

const json kDefinition = {
    {"family", "web"},
    {"taskDefinitionArn", "arn:aws:ecs:us-east-1:000000000000:task-definition/web:1"},
    {"networkMode", "bridge"},
    {"containerDefinitions",
     {{{"name", "app"},
       {"image", "berth-busybox:1"},
       {"memory", 32},
       {"command", {"sleep", "60"}},
       {"portMappings",
        {{{"containerPort", 8080}, {"hostPort", 18080}}, {{"containerPort", 9090}}}}}}}};

json NewTask(bool bridge) {
  reconciler::TaskOrigin from;
  from.cluster = "main";
  from.cluster_arn = "arn:aws:ecs:us-east-1:000000000000:cluster/main";
  from.instance = "i-0";
  from.group = "family:web";
  from.bridge = bridge;
  std::set<int> taken;
  return reconciler::NewTask({"us-east-1", "000000000000"}, kDefinition, from, taken);
}

TEST(CreateBody, BehindTheBridgePortsAreMappedOnLoopback) {
  json task = NewTask(true);
  const json& status = task["containers"][0];
  int ephemeral = status["networkBindings"][1]["hostPort"];
  EXPECT_EQ(status["networkBindings"][0]["hostPort"], 18080);  // the definition's hostPort
  EXPECT_GT(ephemeral, 0);
  json body = CreateBody(task, kDefinition["containerDefinitions"][0], status);
  EXPECT_EQ(body["HostConfig"]["NetworkMode"], "bridge");
  EXPECT_EQ(body["ExposedPorts"],
            (json{{"8080/tcp", json::object()}, {"9090/tcp", json::object()}}));
  EXPECT_EQ(
      body["HostConfig"]["PortBindings"],
      (json{{"8080/tcp", {{{"HostIp", "127.0.0.1"}, {"HostPort", "18080"}}}},
            {"9090/tcp", {{{"HostIp", "127.0.0.1"}, {"HostPort", std::to_string(ephemeral)}}}}}));
  // The program listens on its container port, in a network of its own.
  std::vector<std::string> env = body["Env"];
  EXPECT_NE(std::find(env.begin(), env.end(), "BERTH_PORT=8080"), env.end());
  EXPECT_NE(std::find(env.begin(), env.end(), "BERTH_PORT_9090=9090"), env.end());
}

TEST(CreateBody, OnTheHostNetworkEachPortIsAFreeHostPort) {
  json task = NewTask(false);
  const json& status = task["containers"][0];
  int port = status["networkBindings"][0]["hostPort"];
  EXPECT_NE(port, 18080);  // a fixed hostPort would allow one task per machine
  json body = CreateBody(task, kDefinition["containerDefinitions"][0], status);
  EXPECT_EQ(body["HostConfig"]["NetworkMode"], "host");
  EXPECT_FALSE(body.contains("ExposedPorts"));
  EXPECT_FALSE(body["HostConfig"].contains("PortBindings"));
  std::vector<std::string> env = body["Env"];
  EXPECT_NE(std::find(env.begin(), env.end(), "BERTH_PORT=" + std::to_string(port)), env.end());
}

// The docker_engine fixture's DOCKER_HOST socket path, or "" when the test runs without it.
std::string FixtureSocket() {
  const char* file = std::getenv("BERTH_DOCKER_FIXTURE_ENV");
  if (file == nullptr) return "";
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("DOCKER_HOST=unix://", 0) == 0) return line.substr(19);
  }
  return "";
}

TEST(CreateBodyOnEngine, AnEngineWithoutABridgeDropsTheMappings) {
  std::string socket = FixtureSocket();
  if (socket.empty())
    GTEST_SKIP() << "needs the docker_engine fixture (ctest controlplane_bridge_body)";
  docker::EngineClient engine(socket);
  ASSERT_FALSE(engine.Get("/networks/bridge").ok()) << "the fixture's engine has a bridge";
  json task = NewTask(true);
  json body = CreateBody(task, kDefinition["containerDefinitions"][0], task["containers"][0]);
  // The engine takes the body and starts the container, but with no bridge network the
  // container has only its loopback: no address, and the port bindings are dropped without a
  // word (NetworkSettings.Ports is empty, nothing listens on 127.0.0.1:18080). A task there
  // would run unreachable: berth serve keeps bridge tasks on the host network of such engines.
  docker::EngineResponse created = engine.Post("/containers/create?name=berth-bridge-body", body);
  ASSERT_TRUE(created.ok()) << created.Describe();
  docker::EngineResponse started = engine.Post("/containers/berth-bridge-body/start");
  docker::EngineResponse inspected = engine.Get("/containers/berth-bridge-body/json");
  engine.Delete("/containers/berth-bridge-body?force=1");
  EXPECT_TRUE(started.ok()) << started.Describe();
  ASSERT_TRUE(inspected.ok()) << inspected.Describe();
  EXPECT_EQ(inspected.body["HostConfig"]["NetworkMode"], "bridge");
  EXPECT_EQ(inspected.body["HostConfig"]["PortBindings"], body["HostConfig"]["PortBindings"]);
  const json& settings = inspected.body["NetworkSettings"];
  EXPECT_TRUE(settings["Ports"].empty()) << settings["Ports"].dump();
  EXPECT_EQ(settings["Networks"]["bridge"].value("IPAddress", "x"), "");
  // The host body of the same task is what the engine takes.
  json host = NewTask(false);
  body = CreateBody(host, kDefinition["containerDefinitions"][0], host["containers"][0]);
  created = engine.Post("/containers/create?name=berth-host-body", body);
  EXPECT_TRUE(created.ok()) << created.Describe();
  engine.Delete("/containers/berth-host-body?force=1");
}

}  // namespace
}  // namespace berth::controlplane::engines

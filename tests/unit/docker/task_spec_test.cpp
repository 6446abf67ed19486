// The mapping of a task's attributes to Docker container create bodies, and the config hash.
#include "backends/docker/task_spec.h"

#include <gtest/gtest.h>

namespace berth::docker {
namespace {

using nlohmann::json;

Value Strings(std::initializer_list<const char*> items) {
  ValueList list;
  for (const char* s : items) list.push_back(Value::String(s));
  return Value::List(std::move(list));
}

Value WebContainer() {
  return Value::Map({
      {"name", Value::String("app")},
      {"image", Value::String("berth-busybox:1")},
      {"essential", Value::Bool(true)},
      {"command", Strings({"httpd", "-f"})},
      {"entry_point", Strings({"/bin/sh", "-c"})},
      {"working_dir", Value::String("/srv")},
      {"user", Value::String("1000:1000")},
      {"env", Value::Map({{"MODE", Value::String("prod")}})},
      {"secrets",
       Value::Map({{"TOKEN", Value::Secret("arn:aws:secretsmanager:x").MarkSensitive()}})},
      {"port", Value::Number(8080)},
      {"cpu", Value::Cpu(256)},
      {"memory", Value::Size(64 * 1024 * 1024)},
      {"read_only_root", Value::Bool(true)},
      {"health", Value::Map({{"command", Strings({"CMD-SHELL", "true"})},
                             {"interval", Value::Duration(1000)},
                             {"timeout", Value::Duration(2000)},
                             {"retries", Value::Number(2)},
                             {"start_period", Value::Duration(500)}})},
      {"ulimits", Value::List({Value::Map({{"name", Value::String("nofile")},
                                           {"soft", Value::Number(1024)},
                                           {"hard", Value::Number(2048)}})})},
      {"mounts", Value::List({Value::Map({{"volume", Value::String("data")},
                                          {"path", Value::String("/data")},
                                          {"read_only", Value::Bool(false)}}),
                              Value::Map({{"volume", Value::String("logs")},
                                          {"path", Value::String("/logs")},
                                          {"read_only", Value::Bool(true)}})})},
      {"logs", Value::Map({{"driver", Value::String("awslogs")}})},
      {"stop_timeout", Value::Duration(5000)},
  });
}

Value Task(ValueList containers, const char* network_mode = "awsvpc") {
  return Value::Map({
      {"family", Value::String("web")},
      {"network_mode", Value::String(network_mode)},
      {"containers", Value::List(std::move(containers))},
      {"volumes", Value::List({Value::Map({{"name", Value::String("data")}}),
                               Value::Map({{"name", Value::String("logs")},
                                           {"host_path", Value::String("/var/log/web")}})})},
  });
}

TEST(TaskSpec, ContainerAttributesBecomeTheCreateBody) {
  TaskSpec spec;
  std::string error;
  ASSERT_TRUE(BuildTaskSpec(Task({WebContainer()}), spec, error)) << error;
  EXPECT_EQ(spec.network_mode, "host");  // awsvpc runs on the host network locally
  ASSERT_EQ(spec.containers.size(), 1u);
  const ContainerSpec& c = spec.containers[0];
  EXPECT_EQ(c.name, "app");
  EXPECT_TRUE(c.essential);
  EXPECT_TRUE(c.has_health);
  EXPECT_EQ(c.ports, std::vector<int>({8080}));
  EXPECT_EQ(spec.ports, std::vector<int>({8080}));
  ASSERT_EQ(c.secrets.size(), 1u);
  EXPECT_EQ(c.secrets[0].first, "TOKEN");
  const json& b = c.body;
  EXPECT_EQ(b["Image"], "berth-busybox:1");
  EXPECT_EQ(b["Cmd"], json({"httpd", "-f"}));
  EXPECT_EQ(b["Entrypoint"], json({"/bin/sh", "-c"}));
  EXPECT_EQ(b["WorkingDir"], "/srv");
  EXPECT_EQ(b["User"], "1000:1000");
  EXPECT_EQ(b["Env"], json({"MODE=prod"}));  // secrets are added per replica, resolved locally
  EXPECT_EQ(b["StopTimeout"], 5);
  EXPECT_EQ(b["Healthcheck"], json({{"Test", {"CMD-SHELL", "true"}},
                                    {"Interval", 1000000000},
                                    {"Timeout", 2000000000},
                                    {"Retries", 2},
                                    {"StartPeriod", 500000000}}));
  const json& h = b["HostConfig"];
  EXPECT_EQ(h["Memory"], 64 * 1024 * 1024);
  EXPECT_EQ(h["CpuShares"], 256);
  EXPECT_EQ(h["ReadonlyRootfs"], true);
  EXPECT_EQ(h["RestartPolicy"]["Name"], "unless-stopped");
  EXPECT_EQ(h["LogConfig"]["Type"], "json-file");
  EXPECT_EQ(h["Ulimits"], json::array({{{"Name", "nofile"}, {"Soft", 1024}, {"Hard", 2048}}}));
  ASSERT_EQ(h["Mounts"].size(), 2u);
  EXPECT_EQ(h["Mounts"][0]["Type"], "volume");
  EXPECT_EQ(h["Mounts"][0]["Target"], "/data");
  EXPECT_EQ(
      h["Mounts"][1],
      json(
          {{"Type", "bind"}, {"Source", "/var/log/web"}, {"Target", "/logs"}, {"ReadOnly", true}}));
  ASSERT_EQ(spec.volumes.size(), 1u);  // the bind mount needs no volume
  EXPECT_EQ(spec.volumes[0].label, "data");
  EXPECT_FALSE(spec.volumes[0].shared);
}

TEST(TaskSpec, DependenciesStartFirstAndNonEssentialContainersDoNotRestart) {
  Value sidecar = Value::Map({{"name", Value::String("log")},
                              {"image", Value::String("busybox")},
                              {"essential", Value::Bool(false)}});
  Value app = Value::Map(
      {{"name", Value::String("app")},
       {"image", Value::String("busybox")},
       {"depends_on", Value::List({Value::Map({{"container", Value::String("log")},
                                               {"condition", Value::String("START")}})})}});
  TaskSpec spec;
  std::string error;
  ASSERT_TRUE(BuildTaskSpec(Task({app, sidecar}, "bridge"), spec, error)) << error;
  ASSERT_EQ(spec.containers.size(), 2u);
  EXPECT_EQ(spec.containers[0].name, "log");
  EXPECT_EQ(spec.containers[1].name, "app");
  EXPECT_EQ(spec.containers[0].body["HostConfig"]["RestartPolicy"]["Name"], "no");
  EXPECT_EQ(spec.network_mode, "bridge");
}

TEST(TaskSpec, WhatALocalEngineCannotRunIsAnError) {
  Value a =
      Value::Map({{"name", Value::String("a")},
                  {"image", Value::String("x")},
                  {"depends_on", Value::List({Value::Map({{"container", Value::String("b")}})})}});
  Value b =
      Value::Map({{"name", Value::String("b")},
                  {"image", Value::String("x")},
                  {"depends_on", Value::List({Value::Map({{"container", Value::String("a")}})})}});
  TaskSpec spec;
  std::string error;
  EXPECT_FALSE(BuildTaskSpec(Task({a, b}), spec, error));
  EXPECT_EQ(error, "the depends_on of container a form a cycle");

  Value efs_task = Value::Map(
      {{"containers", Value::List({Value::Map({{"name", Value::String("a")}})})},
       {"volumes", Value::List({Value::Map(
                       {{"name", Value::String("shared")},
                        {"efs", Value::Map({{"file_system_id", Value::String("fs-1")}})}})})}});
  TaskSpec efs;
  EXPECT_FALSE(BuildTaskSpec(efs_task, efs, error));
  EXPECT_EQ(error, "volume shared is an EFS volume, which a local Docker engine cannot mount");
}

// Nothing local creates a load balancer: an env var built around its DNS name (a template) or
// holding a bare reference is an error naming it, never an env var left out.
TEST(TaskSpec, ValuesKnownOnlyAfterApplyAreErrorsNotLeftOut) {
  Value url =
      Value::Template({Value::String("https://"), Value::Ref("load_balancer.public", "dns_name"),
                       Value::String("/api")});
  Value with_url = WebContainer();
  with_url.Set("env", Value::Map({{"MODE", Value::String("prod")}, {"PUBLIC_URL", url}}));
  TaskSpec spec;
  std::string error;
  EXPECT_FALSE(BuildTaskSpec(Task({with_url}), spec, error));
  EXPECT_EQ(error,
            "container app: env.PUBLIC_URL = \"https://${load_balancer.public.dns_name}/api\" is "
            "known only after apply, from load_balancer.public, which the docker backend records "
            "without creating (docs/docker.md): give it a value the local engine can use");

  Value with_ref = WebContainer();
  with_ref.Set("image", Value::Ref("repository.app", "url"));
  EXPECT_FALSE(BuildTaskSpec(Task({with_ref}), spec, error));
  EXPECT_EQ(error.substr(0, 60), "container app: image = repository.app.url is known only afte");

  // A sensitive one is named, never shown.
  Value secret_url = url;
  secret_url.MarkSensitive();
  with_url.Set("env", Value::Map({{"PUBLIC_URL", secret_url}}));
  EXPECT_FALSE(BuildTaskSpec(Task({with_url}), spec, error));
  EXPECT_NE(error.find("env.PUBLIC_URL = (sensitive) is known only after apply"), std::string::npos)
      << error;

  // The container's logs options may refer to AWS: they have no local effect.
  Value logs = WebContainer();
  logs.Set("logs",
           Value::Map(
               {{"driver", Value::String("awslogs")},
                {"options", Value::Map({{"awslogs-group", Value::Ref("log_group.app", "arn")}})}}));
  EXPECT_TRUE(BuildTaskSpec(Task({logs}), spec, error)) << error;
}

TEST(ConfigHash, StableChangesWithTheTaskAndNeverSeesSensitiveValues) {
  Value task = Task({WebContainer()});
  std::string hash = ConfigHash(task);
  EXPECT_EQ(hash.size(), 16u);
  EXPECT_EQ(ConfigHash(Task({WebContainer()})), hash);
  Value changed = WebContainer();
  changed.Set("image", Value::String("berth-busybox:2"));
  EXPECT_NE(ConfigHash(Task({changed})), hash);
  Value tagged = Task({WebContainer()});
  tagged.Set("tags", Value::Map({{"team", Value::String("web")}}));
  EXPECT_EQ(ConfigHash(tagged), hash) << "a tag change restarts nothing";
  // Two sensitive values hash alike: the hash, which goes into a label, holds none of them.
  Value a = WebContainer();
  a.Set("env", Value::Map({{"KEY", Value::String("one").MarkSensitive()}}));
  Value b = WebContainer();
  b.Set("env", Value::Map({{"KEY", Value::String("two").MarkSensitive()}}));
  EXPECT_EQ(ConfigHash(Task({a})), ConfigHash(Task({b})));
}

}  // namespace
}  // namespace berth::docker

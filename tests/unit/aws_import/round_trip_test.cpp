// Round trip of the import corpus (tests/data/ecs_import/): JSON -> `berth import` source ->
// compile -> the ECS request builders -> a request equal to the original, field for field, once
// both drop what AWS fills in itself (read-only fields, empty lists, AWS's own defaults). The
// normalisation here is written from the API's documented defaults, independently of the
// decoders, so that a field the decoders lose shows up as a difference.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "backends/aws/ecs_decode.h"
#include "backends/aws/ecs_import.h"
#include "backends/aws/ecs_requests.h"
#include "compiler/check/check.h"

namespace berth::testing {
namespace {

namespace fs = std::filesystem;
using Plain = nlohmann::json;  // sorted keys: member order does not matter to AWS

std::string Read(const std::string& name) {
  std::ifstream in(std::string(BERTH_SOURCE_DIR) + "/tests/data/ecs_import/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

SourceManager& Sources() {
  static SourceManager* sources = new SourceManager();
  return *sources;
}

std::optional<ir::Program> Compile(const std::string& source, std::string& errors) {
  std::string tmpl = (fs::temp_directory_path() / "berth-import-XXXXXX").string();
  std::string dir = mkdtemp(tmpl.data());
  std::ofstream(dir + "/main.berth") << source;
  Diagnostics diags;
  CheckOptions options;
  options.path = dir;
  options.stdlib_dir = BERTH_SOURCE_DIR "/stdlib";
  std::optional<ir::Program> program = Check(options, Sources(), diags);
  std::ostringstream text;
  RenderDiagnosticsText(diags, Sources(), text);
  errors = text.str();
  fs::remove_all(dir);
  return program;
}

std::string Imported(aws::ImportKind kind, const std::string& file) {
  auto result = aws::ImportEcs(kind, nlohmann::json::parse(Read(file)), {});
  if (auto* error = std::get_if<aws::DecodeError>(&result)) {
    ADD_FAILURE() << file << ": " << error->ToString();
    return "";
  }
  return std::get<std::string>(result);
}

void SortByKey(Plain& list, const char* key) {
  std::sort(list.begin(), list.end(),
            [&](const Plain& a, const Plain& b) { return a.value(key, "") < b.value(key, ""); });
}

void Erase(Plain& object, const char* key, const Plain& aws_default) {
  if (object.is_object() && object.contains(key) && object[key] == aws_default) object.erase(key);
}

// Drops empty arrays and objects everywhere: AWS reports `[]` for what a request omits.
void DropEmpty(Plain& json) {
  if (json.is_object()) {
    for (auto it = json.begin(); it != json.end();) {
      DropEmpty(it.value());
      if ((it->is_array() || it->is_object()) && it->empty()) {
        it = json.erase(it);
      } else {
        ++it;
      }
    }
  } else if (json.is_array()) {
    for (Plain& item : json) DropEmpty(item);
  }
}

Plain NormalTask(Plain t) {
  if (t.contains("taskDefinition")) {
    Plain tags = t.value("tags", Plain::array());
    t = t["taskDefinition"];
    if (!tags.empty()) t["tags"] = tags;
  }
  for (const char* key : {"taskDefinitionArn", "revision", "status", "requiresAttributes",
                          "compatibilities", "registeredAt", "registeredBy", "deregisteredAt"}) {
    t.erase(key);
  }
  DropEmpty(t);
  Erase(t, "networkMode", "bridge");
  Erase(t, "requiresCompatibilities", Plain::array({"EC2"}));
  bool awsvpc = t.value("networkMode", "") == "awsvpc";
  if (t.contains("tags")) SortByKey(t["tags"], "key");
  if (t.contains("proxyConfiguration") && t["proxyConfiguration"].contains("properties")) {
    SortByKey(t["proxyConfiguration"]["properties"], "name");
  }
  if (t.contains("runtimePlatform")) {
    Erase(t["runtimePlatform"], "cpuArchitecture", "X86_64");
    Erase(t["runtimePlatform"], "operatingSystemFamily", "LINUX");
    if (t["runtimePlatform"].empty()) t.erase("runtimePlatform");
  }
  for (Plain& v : t.value("volumes", Plain::array())) (void)v;
  if (t.contains("volumes")) {
    for (Plain& v : t["volumes"]) {
      if (v.contains("efsVolumeConfiguration")) {
        Erase(v["efsVolumeConfiguration"], "rootDirectory", "/");
        Erase(v["efsVolumeConfiguration"], "transitEncryption", "DISABLED");
      }
      if (v.contains("dockerVolumeConfiguration"))
        Erase(v["dockerVolumeConfiguration"], "scope", "task");
    }
  }
  for (Plain& c : t["containerDefinitions"]) {
    Erase(c, "cpu", 0);
    Erase(c, "essential", true);
    Erase(c, "privileged", false);
    Erase(c, "readonlyRootFilesystem", false);
    for (const char* list : {"environment", "secrets"}) {
      if (c.contains(list)) SortByKey(c[list], "name");
    }
    if (c.contains("systemControls")) SortByKey(c["systemControls"], "namespace");
    if (c.contains("extraHosts")) SortByKey(c["extraHosts"], "hostname");
    if (c.contains("portMappings")) {
      for (Plain& m : c["portMappings"]) {
        Erase(m, "protocol", "tcp");
        if (awsvpc && m.contains("hostPort") && m["hostPort"] == m.value("containerPort", -1)) {
          m.erase("hostPort");
        }
      }
    }
    for (const char* list : {"mountPoints", "volumesFrom"}) {
      if (c.contains(list)) {
        for (Plain& m : c[list]) Erase(m, "readOnly", false);
      }
    }
    if (c.contains("linuxParameters")) Erase(c["linuxParameters"], "initProcessEnabled", false);
    if (c.contains("healthCheck")) {
      Erase(c["healthCheck"], "interval", 30);
      Erase(c["healthCheck"], "timeout", 5);
      Erase(c["healthCheck"], "retries", 3);
      Erase(c["healthCheck"], "startPeriod", 0);
    }
    if (c.contains("logConfiguration") && c["logConfiguration"].contains("secretOptions")) {
      SortByKey(c["logConfiguration"]["secretOptions"], "name");
    }
  }
  return t;
}

// The name part of an ECS ARN ("arn:...:cluster/NAME", "arn:...:task-definition/FAMILY:REV").
std::string NameOf(std::string value) {
  if (value.starts_with("arn:")) value = value.substr(value.find('/') + 1);
  return value;
}

Plain NormalService(Plain s) {
  if (s.contains("services")) s = s["services"][0];
  for (const char* key :
       {"serviceArn", "status", "runningCount", "pendingCount", "taskSets", "deployments", "events",
        "createdAt", "createdBy", "platformFamily", "clientToken"}) {
    s.erase(key);
  }
  if (s.contains("clusterArn")) {
    s["cluster"] = s["clusterArn"];
    s.erase("clusterArn");
  }
  s["cluster"] = NameOf(s["cluster"]);
  // A pinned revision stays pinned (docs/aws.md, "Import"): both name the same definition.
  if (s.contains("roleArn")) {
    if (s["roleArn"].get<std::string>().find(":role/aws-service-role/") == std::string::npos) {
      s["role"] = s["roleArn"];
    }
    s.erase("roleArn");
  }
  DropEmpty(s);
  if (s.contains("tags")) SortByKey(s["tags"], "key");
  Erase(s, "deploymentController", Plain{{"type", "ECS"}});
  Erase(s, "schedulingStrategy", "REPLICA");
  Erase(s, "propagateTags", "NONE");
  Erase(s, "enableExecuteCommand", false);
  if (s.contains("capacityProviderStrategy")) {
    for (Plain& p : s["capacityProviderStrategy"]) {
      if (!p.contains("weight")) p["weight"] = 0;
      Erase(p, "base", 0);
    }
  }
  if (s.contains("networkConfiguration")) {
    Erase(s["networkConfiguration"]["awsvpcConfiguration"], "assignPublicIp", "DISABLED");
  }
  if (s.contains("deploymentConfiguration")) {
    Plain& d = s["deploymentConfiguration"];
    Erase(d, "deploymentCircuitBreaker", Plain{{"enable", false}, {"rollback", false}});
    Erase(d, "maximumPercent", 200);
    Erase(d, "minimumHealthyPercent", 100);
    if (d.empty()) s.erase("deploymentConfiguration");
  }
  return s;
}

// `{{berth:NAME}}` placeholders replaced by the values apply.sh would capture.
Plain Fill(const aws::Json& body, const std::map<std::string, std::string>& values) {
  std::string text = body.dump();
  for (const auto& [name, value] : values) {
    std::string placeholder = "{{berth:" + name + "}}";
    for (size_t at; (at = text.find(placeholder)) != std::string::npos;) {
      text.replace(at, placeholder.size(), value);
    }
  }
  EXPECT_EQ(text.find("{{berth:"), std::string::npos) << text;
  return Plain::parse(text);
}

const char* kStack =
    "stack \"imported\" {\n  region  = \"us-east-1\"\n  account = \"123456789012\"\n}\n\n";

class TaskRoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(TaskRoundTrip, EmitsTheOriginalRequest) {
  std::string file = GetParam();
  std::string source = Imported(aws::ImportKind::kTaskDefinition, file);
  ASSERT_FALSE(source.empty());
  std::string errors;
  auto program = Compile(kStack + source, errors);
  ASSERT_TRUE(program) << errors << "\n" << source;
  const ir::Resource* task = nullptr;
  for (const ir::Resource& r : program->resources) {
    if (r.kind == "task") task = &r;
  }
  ASSERT_NE(task, nullptr);
  aws::EmitContext context(*program);
  Plain emitted = Plain::parse(aws::ecs::RegisterTaskDefinitionBody(*task, context).dump());
  Plain original = Plain::parse(Read(file));
  EXPECT_EQ(NormalTask(emitted).dump(2), NormalTask(original).dump(2)) << source;
}

INSTANTIATE_TEST_SUITE_P(Corpus, TaskRoundTrip,
                         ::testing::Values("fargate_secrets.json", "firelens_fluentbit.json",
                                           "envoy_appmesh.json", "ec2_bridge.json",
                                           "efs_batch.json", "minimal.json", "every_member.json",
                                           "describe_task_definition.json"));

struct ServiceCase {
  const char* service;
  const char* task;
};

class ServiceRoundTrip : public ::testing::TestWithParam<ServiceCase> {};

TEST_P(ServiceRoundTrip, EmitsTheOriginalRequest) {
  ServiceCase c = GetParam();
  std::string task_source = Imported(aws::ImportKind::kTaskDefinition, c.task);
  aws::DecodeResult decoded = aws::DecodeService(Plain::parse(Read(c.service)));
  ASSERT_TRUE(std::holds_alternative<aws::DecodedResource>(decoded))
      << std::get<aws::DecodeError>(decoded).ToString();
  const aws::DecodedResource& service = std::get<aws::DecodedResource>(decoded);
  std::string service_source = Imported(aws::ImportKind::kService, c.service);
  // What the stack around an imported service declares: target groups (settings the ECS JSON
  // does not hold) and load balancers forwarding to them, and the Cloud Map namespace of a
  // service registry.
  std::map<std::string, std::string> captured;
  std::string extra;
  for (const aws::ImportedReference& ref : service.references) {
    if (ref.kind != "target_group") continue;
    std::string label = ref.address.substr(ref.address.find('.') + 1);
    extra += "target_group \"" + label + "\" {\n  name = \"" + ref.name +
             "\"\n  port = 80\n  vpc  = \"vpc-0a1b2c3d4e5f60718\"\n}\n";
    // ECS needs a load balancer forwarding to a service's target group.
    extra += "load_balancer \"" + label + "\" {\n  name = \"" + ref.name +
             "\"\n  subnets = [\"subnet-a\", \"subnet-b\"]\n" +
             "  listener \"http\" {\n    port = 80\n    protocol = HTTP\n" +
             "    forward { target_group = target_group." + label + " }\n  }\n}\n";
    captured[ref.address + ".arn"] = ref.value;
  }
  // Roles, target groups and registries known only by ARN stay ARNs (nothing to declare).
  std::string errors;
  auto program = Compile(kStack + task_source + service_source + extra, errors);
  ASSERT_TRUE(program) << errors << "\n" << task_source << service_source << extra;
  const ir::Resource* resource = program->Find("service." + service.label);
  ASSERT_NE(resource, nullptr);
  aws::EmitContext context(*program);
  Plain emitted = Fill(aws::ecs::CreateServiceBody(*resource, context), captured);
  Plain original = Plain::parse(Read(c.service));
  EXPECT_EQ(NormalService(emitted).dump(2), NormalService(original).dump(2)) << service_source;
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, ServiceRoundTrip,
    ::testing::Values(ServiceCase{"create_service_ec2.json", "ec2_bridge.json"},
                      ServiceCase{"create_service_fargate.json", "fargate_secrets.json"},
                      ServiceCase{"describe_services.json", "describe_task_definition.json"}),
    // Named after the service file: stable test names (ctest keeps timings by name).
    [](const ::testing::TestParamInfo<ServiceCase>& info) {
      std::string name = info.param.service;
      name = name.substr(0, name.find('.'));
      return name;
    });

}  // namespace
}  // namespace berth::testing

// Every member of the ECS API model's RegisterTaskDefinition, CreateService and CreateCluster
// requests, nested members included, is reachable from berth: the requests built from
// everything.berth.inc (which sets every attribute) contain each member path the model defines,
// read from botocore's model at test time, except for the few left out on purpose below.
#include <cstdio>
#include <set>

#include "tests/unit/aws_ecs/ecs_fixture.h"

namespace berth::testing {
namespace {

const char* kEverythingStack =
#include "tests/unit/aws_ecs/everything.berth.inc"
    ;

// Members berth does not write, each with the reason.
const std::set<std::string> kLeftOut = {
    // An idempotency token for retrying one call, not configuration of the service.
    "CreateServiceRequest.clientToken",
};

std::string ReadModel() {
  std::string text;
  FILE* pipe = popen(
      "python3 -c 'import botocore.session as s; import json, sys; "
      "json.dump(s.get_session().get_service_model(\"ecs\")._service_description, sys.stdout)' "
      "2>/dev/null",
      "r");
  if (!pipe) return text;
  char buffer[65536];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) text.append(buffer, n);
  pclose(pipe);
  return text;
}

// Member paths of a shape: "containerDefinitions[].linuxParameters.devices[].hostPath".
void ModelPaths(const Json& shapes, const std::string& shape_name, const std::string& prefix,
                std::set<std::string>& seen_shapes, std::set<std::string>& out) {
  const Json& shape = shapes.at(shape_name);
  std::string type = shape.value("type", "");
  if (type == "list") {
    ModelPaths(shapes, shape["member"]["shape"], prefix + "[]", seen_shapes, out);
    return;
  }
  if (type != "structure" || shape.value("document", false)) return;
  if (!seen_shapes.insert(shape_name + "@" + prefix).second) return;
  for (const auto& [member, spec] : shape["members"].items()) {
    std::string path = prefix.empty() ? member : prefix + "." + member;
    out.insert(path);
    ModelPaths(shapes, spec["shape"], path, seen_shapes, out);
  }
}

void BodyPaths(const Json& value, const std::string& prefix, std::set<std::string>& out) {
  if (value.is_array()) {
    for (const Json& item : value) BodyPaths(item, prefix + "[]", out);
  } else if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      std::string path = prefix.empty() ? key : prefix + "." + key;
      out.insert(path);
      // Free-form maps (options, labels, hookDetails) have no model members below them.
      BodyPaths(item, path, out);
    }
  }
}

std::vector<std::string> Missing(const Json& model, const std::string& request,
                                 const std::vector<Json>& bodies) {
  std::set<std::string> expected, seen_shapes, present;
  ModelPaths(model["shapes"], request, "", seen_shapes, expected);
  for (const Json& body : bodies) BodyPaths(body, "", present);
  std::vector<std::string> missing;
  for (const std::string& path : expected) {
    if (!present.count(path) && !kLeftOut.count(request + "." + path)) {
      missing.push_back(request + "." + path);
    }
  }
  return missing;
}

class ModelCoverage : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string text = ReadModel();
    if (text.empty()) {
      std::fprintf(stderr, "*** SKIPPED: botocore (the AWS CLI's model) is not importable ***\n");
      GTEST_SKIP() << "no botocore";
    }
    model_ = Json::parse(text);
    program_ = CompileSource(kEverythingStack);
  }
  Json Body(const std::string& address, const std::string& operation) {
    return BodyOf(CreateCallsOf(program_, address), operation);
  }
  Json model_;
  ir::Program program_;
};

TEST_F(ModelCoverage, RegisterTaskDefinition) {
  std::vector<std::string> missing = Missing(model_, "RegisterTaskDefinitionRequest",
                                             {Body("task.all", "register-task-definition"),
                                              Body("task.small", "register-task-definition")});
  EXPECT_TRUE(missing.empty()) << ::testing::PrintToString(missing);
}

TEST_F(ModelCoverage, CreateService) {
  std::vector<std::string> missing =
      Missing(model_, "CreateServiceRequest",
              {Body("service.all", "create-service"), Body("service.spot", "create-service"),
               Body("service.daemon", "create-service")});
  EXPECT_TRUE(missing.empty()) << ::testing::PrintToString(missing);
}

TEST_F(ModelCoverage, CreateCluster) {
  std::vector<std::string> missing =
      Missing(model_, "CreateClusterRequest", {Body("cluster.main", "create-cluster")});
  EXPECT_TRUE(missing.empty()) << ::testing::PrintToString(missing);
}

// The test can fail: a member the model has and no body sets is reported.
TEST_F(ModelCoverage, ReportsAMissingMember) {
  Json body = Body("cluster.main", "create-cluster");
  body.erase("serviceConnectDefaults");
  ASSERT_TRUE(body.contains("tags"));
  EXPECT_EQ(Missing(model_, "CreateClusterRequest", {body}),
            (std::vector<std::string>{"CreateClusterRequest.serviceConnectDefaults",
                                      "CreateClusterRequest.serviceConnectDefaults.namespace"}));
}

}  // namespace
}  // namespace berth::testing

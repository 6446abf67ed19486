// The emission framework: order, file names, manifest, placeholder captures, sensitive values.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "backends/aws/emit_files.h"
#include "tests/unit/aws_emit/emit_fixture.h"

namespace berth::aws {
namespace {

using testing::Compile;
using testing::FindCall;
using testing::kStack;

size_t IndexOf(const std::vector<AwsCall>& calls, const std::string& operation,
               const std::string& address) {
  for (size_t i = 0; i < calls.size(); ++i) {
    if (calls[i].operation == operation && calls[i].address == address) return i;
  }
  return calls.size();
}

TEST(AwsEmission, CreatesRunAfterTheirDependenciesInAddressOrderOtherwise) {
  Emission emission = EmitStack(Compile(kStack));
  std::vector<std::string> order;
  for (const AwsCall& call : emission.calls) {
    if (order.empty() || order.back() != call.address) order.push_back(call.address);
  }
  // security_group.tasks sorts before .alb but admits it, so it waits for it.
  EXPECT_EQ(order, (std::vector<std::string>{"log_group.api", "role.app", "role.exec",
                                             "security_group.alb", "security_group.tasks"}));
  EXPECT_TRUE(emission.notes.empty());
}

// ECS's CreateService refuses a target group that no listener or rule forwards to yet ("does not
// have an associated load balancer"): a live apply creates each service of std/web_service after
// its listener_rule, which the IR does not order (both depend on the target group only).
TEST(AwsEmission, ApplyEdgesPutEachServiceAfterWhatForwardsToItsTargetGroups) {
  std::string source = R"(
stack "edges" {
  region  = "eu-west-1"
  account = "111122223333"
}

import "std/web_service"

cluster "main" {}

load_balancer "public" {
  type            = application
  subnets         = ["subnet-a", "subnet-b"]
  security_groups = ["sg-alb"]
  listener "http" {
    port     = 80
    protocol = HTTP
    fixed_response {
      status_code = 404
    }
  }
}
)";
  for (const char* name : {"one", "two"}) {
    source += std::string("web_service \"") + name + R"(" {
  cluster         = cluster.main
  load_balancer   = load_balancer.public
  listener        = "http"
  priority        = )" +
              (std::string(name) == "one" ? "1" : "2") + R"(
  path            = "/)" +
              name + R"(/*"
  image           = "nginx:1"
  port            = 8080
  subnets         = ["subnet-a", "subnet-b"]
  security_groups = ["sg-app"]
}
)";
  }
  ir::Program program = Compile(source);
  EXPECT_EQ(ApplyEdges(program),
            (std::map<std::string, std::vector<std::string>>{
                {"module.one.service.main", {"module.one.listener_rule.main"}},
                {"module.two.service.main", {"module.two.listener_rule.main"}}}));
  // The emitted files keep their order: only request-count scaling needs it there.
  EXPECT_TRUE(EmissionEdges(program).empty());
}

// The multi_service example's frontend scales on requests: its put-scaling-policy names
// {{berth:load_balancer.public.arn_suffix}}, yet the service does not depend on the load balancer
// in the IR. A live apply ran it first under load ("needs {{berth:load_balancer.public.
// arn_suffix}}, which no earlier call returned"); the placeholders order it after.
TEST(AwsEmission, PlaceholderEdgesOrderAnActionAfterWhatItsCallsName) {
  ir::Program program = testing::CompileDirectory(BERTH_SOURCE_DIR "/examples/multi_service");
  planner::Plan plan;
  for (const ir::Resource& resource : program.resources) {
    plan.changes.push_back({resource.address,
                            resource.kind,
                            planner::Action::kCreate,
                            Value::Null(),
                            resource.attributes,
                            {},
                            resource.depends_on});
  }
  const ir::Resource* frontend = program.Find("service.frontend");
  ASSERT_NE(frontend, nullptr);
  EXPECT_EQ(
      std::count(frontend->depends_on.begin(), frontend->depends_on.end(), "load_balancer.public"),
      0);
  std::map<std::string, std::vector<std::string>> edges =
      PlaceholderEdges(plan, EmitContext(program));
  const std::vector<std::string>& firsts = edges["service.frontend"];
  EXPECT_NE(std::find(firsts.begin(), firsts.end(), "load_balancer.public"), firsts.end())
      << ::testing::PrintToString(edges);
  // Nothing waits for itself, and a resource not in the plan is no edge.
  for (const auto& [address, before] : edges) {
    EXPECT_EQ(std::count(before.begin(), before.end(), address), 0) << address;
  }
  plan.changes.erase(std::remove_if(plan.changes.begin(), plan.changes.end(),
                                    [](const planner::ResourceChange& change) {
                                      return change.address == "load_balancer.public";
                                    }),
                     plan.changes.end());
  edges = PlaceholderEdges(plan, EmitContext(program));
  EXPECT_EQ(std::count(edges["service.frontend"].begin(), edges["service.frontend"].end(),
                       "load_balancer.public"),
            0);
}

TEST(AwsEmission, IsDeterministic) {
  ir::Program program = Compile(kStack);
  Emission first = EmitStack(program);
  Emission second = EmitStack(program);
  ASSERT_EQ(first.calls.size(), second.calls.size());
  for (size_t i = 0; i < first.calls.size(); ++i) {
    EXPECT_EQ(FileName(i, first.calls[i]), FileName(i, second.calls[i]));
    EXPECT_EQ(first.calls[i].body.dump(), second.calls[i].body.dump());
  }
}

TEST(AwsEmission, EveryConsumedPlaceholderIsCapturedByAnEarlierCall) {
  Emission emission = EmitStack(Compile(kStack));
  EXPECT_EQ(UncapturedPlaceholderNames(emission.calls), std::vector<std::string>{});
  const AwsCall& ingress =
      FindCall(emission.calls, "authorize-security-group-ingress", "security_group.tasks");
  EXPECT_EQ(PlaceholdersIn(ingress.body),
            (std::vector<std::string>{"security_group.tasks.id", "security_group.alb.id"}));
  // Without the call that creates the alb group, its id comes from nowhere.
  std::vector<AwsCall> without = emission.calls;
  without.erase(without.begin() + IndexOf(without, "create-security-group", "security_group.alb"));
  EXPECT_EQ(UncapturedPlaceholderNames(without), std::vector<std::string>{"security_group.alb.id"});
}

TEST(AwsEmission, ReadCallsCaptureValuesOfResourcesThisRunDoesNotCreate) {
  ir::Program program = Compile(kStack);
  Emission emission = EmitStack(program);
  // Only the tasks group's calls: the alb group exists already.
  std::erase_if(emission.calls,
                [](const AwsCall& call) { return call.address != "security_group.tasks"; });
  AddReadCalls(EmitContext(program), emission);
  EXPECT_EQ(UncapturedPlaceholderNames(emission.calls), std::vector<std::string>{});
  size_t read = IndexOf(emission.calls, "describe-security-groups", "security_group.alb");
  size_t use = IndexOf(emission.calls, "authorize-security-group-ingress", "security_group.tasks");
  ASSERT_LT(read, emission.calls.size());
  EXPECT_LT(read, use);
  EXPECT_EQ(emission.calls[read].body["Filters"][0]["Values"][0], "alb");
  EXPECT_EQ(emission.calls[read].captures[0].query, "SecurityGroups[0].GroupId");
}

TEST(AwsEmission, KindsWithoutEmittersAreNotedNotSilentlyDropped) {
  ir::Program program = Compile(std::string(kStack) + R"(
cluster "main" {}
)");
  Emission emission = EmitStack(program);
  bool noted = std::any_of(emission.notes.begin(), emission.notes.end(), [](const std::string& n) {
    return n.find("cluster.main") != std::string::npos;
  });
  // Once the ECS builders are in, the cluster has calls instead of a note.
  bool emitted = IndexOf(emission.calls, "create-cluster", "cluster.main") < emission.calls.size();
  EXPECT_NE(noted, emitted);
  if (noted)
    EXPECT_EQ(emission.notes[0],
              "no AWS emitter for kind cluster yet: cluster.main is not emitted");
}

TEST(AwsEmission, FileNamesNumberFromOneAndLabelByAddress) {
  AwsCall call{"ecs", "register-task-definition", "task.api", Json::object(), {}};
  EXPECT_EQ(FileName(2, call), "003-ecs-register-task-definition-api.json");
  call.address = "module.web.service.api[\"blue/green\"]";
  EXPECT_EQ(FileName(11, call), "012-ecs-register-task-definition-web-api-blue-green.json");
  call.address = "module.web.module.db.role.exec";
  EXPECT_EQ(FileName(999, call), "1000-ecs-register-task-definition-web-db-exec.json");
  // Parts with nothing file-safe are left out, runs of anything else are one '-'.
  call.address = "module.x.log_group.app[\"/ecs/a..b/\"]";
  EXPECT_EQ(FileName(0, call), "001-ecs-register-task-definition-x-app-ecs-a-b.json");
  call.address = "module.module.task.t[\"-\"]";
  EXPECT_EQ(FileName(0, call), "001-ecs-register-task-definition-t.json");
  call.address = "task.\"..\"";
  EXPECT_EQ(FileName(0, call), "001-ecs-register-task-definition-resource.json");
  EXPECT_EQ(FileSafe("--a b_c--"), "a-b_c");
}

TEST(AwsEmission, SensitiveValuesBecomePlaceholdersFilledFromTheEnvironment) {
  ir::Program program = Compile(kStack);
  Emission emission = EmitStack(program);
  for (const AwsCall& call : emission.calls)
    EXPECT_EQ(call.body.dump().find("hunter2"), std::string::npos) << call.body.dump();
  const AwsCall& create = FindCall(emission.calls, "create-role", "role.app");
  EXPECT_EQ(create.body["Description"], "{{berth:sensitive.role.app.description}}");
  EXPECT_EQ(SensitiveVariable("sensitive.role.app.description"),
            "BERTH_SENSITIVE_ROLE_APP_DESCRIPTION");
  Json manifest = Manifest(program.stack, emission);
  EXPECT_EQ(manifest.dump().find("hunter2"), std::string::npos);
  std::string script = ApplyScript(program.stack, emission);
  EXPECT_EQ(script.find("hunter2"), std::string::npos);
  EXPECT_NE(script.find("require_env BERTH_SENSITIVE_ROLE_APP_DESCRIPTION "
                        "'sensitive.role.app.description'"),
            std::string::npos);
}

TEST(AwsEmission, ManifestListsFilesCapturesAndPlaceholders) {
  ir::Program program = Compile(kStack);
  Emission emission = EmitStack(program);
  Json manifest = Manifest(program.stack, emission);
  EXPECT_EQ(manifest["region"], "eu-west-1");
  ASSERT_EQ(manifest["calls"].size(), emission.calls.size());
  size_t create = IndexOf(emission.calls, "create-security-group", "security_group.alb");
  const Json& entry = manifest["calls"][create];
  EXPECT_EQ(entry["file"], FileName(create, emission.calls[create]));
  EXPECT_EQ(entry["service"], "ec2");
  EXPECT_EQ(entry["captures"][0]["name"], "security_group.alb.id");
  EXPECT_EQ(entry["captures"][0]["query"], "GroupId");
  size_t use = IndexOf(emission.calls, "authorize-security-group-ingress", "security_group.tasks");
  EXPECT_EQ(manifest["calls"][use]["placeholders"],
            Json::array({"security_group.tasks.id", "security_group.alb.id"}));
  size_t role = IndexOf(emission.calls, "create-role", "role.app");
  EXPECT_EQ(manifest["calls"][role]["sensitive"][0]["environment"],
            "BERTH_SENSITIVE_ROLE_APP_DESCRIPTION");
}

// manifest.json is written call by call (no tree of 100,000 calls in memory): the same text as the
// tree's dump, with calls, notes, captures and sensitive placeholders, and without any.
TEST(AwsEmission, ManifestWrittenCallByCallIsTheTreesText) {
  ir::Program program = Compile(kStack);
  Emission emission = EmitStack(program);
  emission.notes = {"a note", "another \"quoted\" note"};
  std::ostringstream streamed;
  WriteManifest(program.stack, emission, streamed);
  EXPECT_EQ(streamed.str(), Manifest(program.stack, emission).dump(2) + "\n");
  emission.calls.clear();
  emission.notes.clear();
  std::ostringstream empty;
  WriteManifest(program.stack, emission, empty);
  EXPECT_EQ(empty.str(), Manifest(program.stack, emission).dump(2) + "\n");
}

class WriteEmissionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "berth-emit-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(WriteEmissionTest, WritesEveryFileAndReplacesItsOwnOutput) {
  ir::Program program = Compile(kStack);
  Emission emission = EmitStack(program);
  std::string out = dir_ + "/out";
  std::string error;
  ASSERT_TRUE(WriteEmission(out, program.stack, emission, error)) << error;
  EXPECT_TRUE(std::filesystem::exists(out + "/" + FileName(0, emission.calls[0])));
  EXPECT_TRUE(std::filesystem::exists(out + "/manifest.json"));
  auto perms = std::filesystem::status(out + "/apply.sh").permissions();
  EXPECT_NE(perms & std::filesystem::perms::owner_exec, std::filesystem::perms::none);
  // Again with fewer calls: the old files are gone, nothing is left beside the directory.
  emission.calls.resize(1);
  ASSERT_TRUE(WriteEmission(out, program.stack, emission, error)) << error;
  size_t files = 0;
  for (auto& entry : std::filesystem::directory_iterator(out)) files += entry.is_regular_file();
  EXPECT_EQ(files, 3u);
  EXPECT_FALSE(std::filesystem::exists(out + ".tmp"));
  EXPECT_FALSE(std::filesystem::exists(out + ".old"));
}

TEST_F(WriteEmissionTest, RefusesAFileAndADirectoryItDidNotWrite) {
  ir::Program program = Compile(kStack);
  Emission emission = EmitStack(program);
  std::ofstream(dir_ + "/file") << "x";
  std::string error;
  EXPECT_FALSE(WriteEmission(dir_ + "/file", program.stack, emission, error));
  EXPECT_EQ(error, dir_ + "/file is a file; -o takes a directory");
  std::filesystem::create_directory(dir_ + "/mine");
  std::ofstream(dir_ + "/mine/notes.txt") << "keep me";
  EXPECT_FALSE(WriteEmission(dir_ + "/mine", program.stack, emission, error));
  EXPECT_NE(error.find("did not write"), std::string::npos) << error;
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/mine/notes.txt"));
}

}  // namespace
}  // namespace berth::aws

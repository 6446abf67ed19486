// `berth state list|show|rm|mv` and `berth force-unlock` with the real binary, on state files
// written by hand.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

const char kState[] = R"({
  "format_version": 1,
  "lineage": "0123456789abcdef0123456789abcdef",
  "serial": 4,
  "resources": [
    {"address": "service.api", "kind": "service",
     "attributes": {"cluster": {"$ref": "cluster.main", "attribute": "arn"},
                    "desired_count": 2,
                    "secrets": {"DB_PASSWORD": {"$sensitive": "hunter2"}},
                    "tags": {"cluster": {"$template": ["name=", {"$ref": "cluster.main"}, "/x"]}}},
     "computed": {"arn": "arn:aws:ecs:ap-northeast-1:123456789012:service/main/api"},
     "depends_on": ["cluster.main"]},
    {"address": "cluster.main", "kind": "cluster",
     "attributes": {"container_insights": true}, "computed": {}, "depends_on": []}
  ]
})";

// A stack directory holding the state in its default place.
struct StateStack {
  TempDir dir;
  std::string state;
  StateStack() { state = dir.Write(".berth/state.json", kState); }
};

TEST(StateCli, ListPrintsAddressesInOrder) {
  StateStack stack;
  RunResult r = RunBerth({"state", "list", stack.dir.path()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "cluster.main\nservice.api\n");
  RunResult by_flag = RunBerth({"state", "list", "--state", stack.state});
  EXPECT_EQ(by_flag.out, r.out);
  // From inside the stack directory, PATH defaults to it.
  RunResult here = RunBerth({"state", "list"}, stack.dir.path());
  EXPECT_EQ(here.out, r.out);
}

TEST(StateCli, ShowMasksSensitiveValues) {
  StateStack stack;
  RunResult r = RunBerth({"state", "show", "service.api", stack.dir.path()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "# service.api (service)\n"
            "service.api {\n"
            "    cluster       = cluster.main.arn (known after apply)\n"
            "    desired_count = 2\n"
            "    secrets       = {\n"
            "        DB_PASSWORD = (sensitive value)\n"
            "    }\n"
            "    tags          = {\n"
            "        cluster = \"name=${cluster.main}/x\" (known after apply)\n"
            "    }\n"
            "\n"
            "    # known after apply\n"
            "    arn = \"arn:aws:ecs:ap-northeast-1:123456789012:service/main/api\"\n"
            "\n"
            "    # depends on: cluster.main\n"
            "}\n");
  EXPECT_EQ(r.out.find("hunter2"), std::string::npos);
  EXPECT_EQ(r.err.find("hunter2"), std::string::npos);
}

TEST(StateCli, UnknownAddressSuggestsTheClosest) {
  StateStack stack;
  RunResult r = RunBerth({"state", "show", "service.apo", stack.dir.path()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "berth: no resource service.apo in the state " + stack.state +
                       " (did you mean service.api?)\n");
}

TEST(StateCli, RmForgetsResourcesAndAdvancesTheSerial) {
  StateStack stack;
  RunResult bad = RunBerth({"state", "rm", "service.api", "cluster.nope", stack.dir.path()});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("no resource cluster.nope"), std::string::npos) << bad.err;
  EXPECT_EQ(ReadFile(stack.state), kState) << "a failed rm must change nothing";

  RunResult r = RunBerth({"state", "rm", "service.api", stack.dir.path()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Removed service.api"), std::string::npos);
  nlohmann::json saved = nlohmann::json::parse(ReadFile(stack.state));
  EXPECT_EQ(saved["serial"], 5);
  EXPECT_EQ(saved["lineage"], "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(saved["resources"].size(), 1u);
  EXPECT_EQ(RunBerth({"state", "list", stack.dir.path()}).out, "cluster.main\n");
  EXPECT_FALSE(std::filesystem::exists(stack.state + ".lock"));
  for (const auto& entry : std::filesystem::directory_iterator(stack.dir.path() + "/.berth")) {
    EXPECT_EQ(entry.path().filename(), "state.json");
  }
}

TEST(StateCli, MvRenamesAndFollowsReferences) {
  StateStack stack;
  RunResult r = RunBerth({"state", "mv", "cluster.main", "cluster.prod", stack.dir.path()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Moved cluster.main to cluster.prod\n");
  EXPECT_EQ(RunBerth({"state", "list", stack.dir.path()}).out, "cluster.prod\nservice.api\n");
  nlohmann::json saved = nlohmann::json::parse(ReadFile(stack.state));
  const auto& api = saved["resources"][1];
  EXPECT_EQ(api["depends_on"][0], "cluster.prod");
  EXPECT_EQ(api["attributes"]["cluster"]["$ref"], "cluster.prod");
  // Inside a template too (text around a value known after apply).
  EXPECT_EQ(api["attributes"]["tags"]["cluster"],
            nlohmann::json::parse(R"({"$template": ["name=", {"$ref": "cluster.prod"}, "/x"]})"));

  RunResult clash = RunBerth({"state", "mv", "cluster.prod", "service.api", stack.dir.path()});
  EXPECT_EQ(clash.exit_code, 1);
  EXPECT_NE(clash.err.find("must be a cluster address"), std::string::npos) << clash.err;
}

TEST(StateCli, HeldLockRefusesRmAndForceUnlockClearsIt) {
  StateStack stack;
  stack.dir.Write(".berth/state.json.lock",
                  R"({"host": "ci-7", "id": "deadbeef", "operation": "apply", "pid": 4242,)"
                  R"( "time": "2024-05-01T10:00:00Z"})");
  RunResult refused = RunBerth({"state", "rm", "service.api", stack.dir.path()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.err,
            "berth: the state " + stack.state +
                " is locked by another berth run (lock id deadbeef, operation \"apply\", pid 4242 "
                "on host ci-7, since 2024-05-01T10:00:00Z); if that run is gone, `berth "
                "force-unlock deadbeef` clears the stale lock\n");
  EXPECT_EQ(ReadFile(stack.state), kState);

  RunResult wrong = RunBerth({"force-unlock", "cafe", stack.dir.path()});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("has the id deadbeef"), std::string::npos) << wrong.err;
  EXPECT_TRUE(std::filesystem::exists(stack.state + ".lock"));

  RunResult right = RunBerth({"force-unlock", "deadbeef", stack.dir.path()});
  EXPECT_EQ(right.exit_code, 0) << right.err;
  EXPECT_FALSE(std::filesystem::exists(stack.state + ".lock"));
  EXPECT_EQ(RunBerth({"state", "rm", "service.api", stack.dir.path()}).exit_code, 0);
}

TEST(StateCli, BrokenStateIsOneClearLine) {
  TempDir dir;
  std::string path = dir.Write("state.json", R"({"format_version": 9})");
  RunResult r = RunBerth({"state", "list", "--state", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "berth: the state file " + path +
                       " is not valid: format_version 9 is not supported (this berth reads "
                       "version 1)\n");
}

TEST(StateCli, UsageErrors) {
  RunResult none = RunBerth({"state"});
  EXPECT_EQ(none.exit_code, 1);
  RunResult typo = RunBerth({"state", "lsit"});
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_NE(typo.err.find("did you mean \"list\"?"), std::string::npos) << typo.err;
  RunResult missing = RunBerth({"state", "mv", "a.b"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("usage: berth state mv FROM TO"), std::string::npos) << missing.err;
}

TEST(StateCli, ReadsTheStateFileTheBackendBlockNames) {
  TempDir dir;
  dir.Write("main.berth",
            "backend \"aws\" {\n  state = \"custom/berth-state.json\"\n}\n"
            "cluster \"main\" {}\n");
  RunResult apply = RunBerth({"apply", dir.path(), "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  EXPECT_FALSE(ReadFile(dir.path() + "/custom/berth-state.json").empty());
  RunResult list = RunBerth({"state", "list", dir.path()});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out, "cluster.main\n");
}

// plan starts reading .berth/state.json while it compiles; a backend block naming another file
// must still win, even when a (stale) default file exists too.
TEST(StateCli, PlanReadsTheBackendBlockStateNotTheDefaultFile) {
  TempDir dir;
  dir.Write("main.berth", "cluster \"main\" {}\n");
  ASSERT_EQ(RunBerth({"apply", dir.path(), "--auto-approve"}).exit_code, 0);
  ASSERT_FALSE(ReadFile(dir.path() + "/.berth/state.json").empty());
  dir.Write("main.berth",
            "backend \"aws\" {\n  state = \"custom/berth-state.json\"\n}\n"
            "cluster \"main\" {}\n");
  RunResult plan = RunBerth({"plan", dir.path()});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("+ cluster.main"), std::string::npos) << plan.out;
  ASSERT_EQ(RunBerth({"apply", dir.path(), "--auto-approve"}).exit_code, 0);
  RunResult again = RunBerth({"plan", dir.path()});
  EXPECT_NE(again.out.find("No changes"), std::string::npos) << again.out;
}

TEST(StateCli, ABrokenStackSaysHowToNameTheStateFile) {
  TempDir dir;
  dir.Write("main.berth", "cluster \"main\" {\n  bogus = 1\n}\n");
  RunResult list = RunBerth({"state", "list", dir.path()});
  EXPECT_EQ(list.exit_code, 1);
  EXPECT_NE(list.err.find("main.berth:2:3: error: unknown attribute `bogus`"), std::string::npos)
      << list.err;
  EXPECT_NE(list.err.find("--state FILE"), std::string::npos) << list.err;
}

}  // namespace
}  // namespace berth::e2e

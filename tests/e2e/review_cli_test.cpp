// berth review, lint and the plan's lint report, as a user runs them: a real git repository made
// with the git command line, the real binary, and a GitHub API stand-in on 127.0.0.1.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/e2e/run_berth.h"
#include "tests/unit/review/github_fake.h"

namespace berth::e2e {
namespace {

const char* const kShared =
    "variable \"name\" {\n  type = string\n}\n\nlog_group \"logs\" {\n  name      = "
    "\"/ecs/${var.name}\"\n  retention = 30d\n}\n";

std::string Stack(const std::string& name) {
  return "stack \"" + name +
         "\" {\n  region  = \"ap-northeast-1\"\n  account = \"123456789012\"\n}\n\nimport "
         "\"../../modules/shared\" as shared\n\nshared \"logs\" {\n  name = \"" +
         name + "\"\n}\n\ncluster \"main\" {\n  container_insights = true\n}\n";
}

void Git(const TempDir& dir, const std::string& args) {
  std::string command = "git -C " + dir.path() +
                        " -c user.name=test -c user.email=test@example.com -c "
                        "init.defaultBranch=main " +
                        args + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

// A repository with stacks/api and stacks/web importing modules/shared, on main; `feature`
// changes the module's retention.
void MakeRepo(const TempDir& dir) {
  Git(dir, "init -q");
  dir.Write("modules/shared/main.berth", kShared);
  dir.Write("stacks/api/main.berth", Stack("api"));
  dir.Write("stacks/web/main.berth", Stack("web"));
  Git(dir, "add -A");
  Git(dir, "commit -q -m base");
  Git(dir, "checkout -q -b feature");
  std::string changed = kShared;
  changed.replace(changed.find("30d"), 3, "90d");
  dir.Write("modules/shared/main.berth", changed);
  Git(dir, "commit -q -a -m retention");
}

TEST(ReviewCli, PostsThenUpdatesOneCommentPerStack) {
  TempDir dir;
  MakeRepo(dir);
  testing::FakeGitHub github("acme", "infra", 12, "test-token", {});
  std::string event = dir.Write("event.json", R"({"pull_request": {"number": 12}})");
  std::vector<std::string> env = {"GITHUB_TOKEN=test-token", "GITHUB_REPOSITORY=acme/infra",
                                  "GITHUB_EVENT_PATH=" + event, "GITHUB_API_URL=" + github.url()};
  RunResult first = RunBerth({"review", "--base", "main", "--post", "github"}, dir.path(), env);
  EXPECT_EQ(first.exit_code, 2) << first.err;
  EXPECT_EQ(first.out,
            "berth review: created comment 9000 for stacks/api "
            "(https://github.com/acme/infra/pull/12#issuecomment-9000)\n"
            "berth review: created comment 9001 for stacks/web "
            "(https://github.com/acme/infra/pull/12#issuecomment-9001)\n");
  RunResult second = RunBerth({"review", "--base", "main", "--post", "github"}, dir.path(), env);
  EXPECT_EQ(second.exit_code, 2) << second.err;
  EXPECT_EQ(second.out,
            "berth review: updated comment 9000 for stacks/api (https://github.com/c/9000)\n"
            "berth review: updated comment 9001 for stacks/web (https://github.com/c/9001)\n");
  ASSERT_EQ(github.comments().size(), 2u);
  EXPECT_NE(github.comments().at(9000).find("<!-- berth:review stack=stacks/api -->"),
            std::string::npos);
  EXPECT_NE(github.comments().at(9000).find("+ retention = 90d"), std::string::npos);
  for (const testing::RecordedRequest& r : github.requests()) {
    for (const std::string& p : r.problems) ADD_FAILURE() << r.method << " " << r.path << ": " << p;
  }
  EXPECT_EQ(github.requests().size(), 6u);  // list + 2 creates, list + 2 updates
}

TEST(ReviewCli, PostingWithoutATokenIsOneClearLine) {
  TempDir dir;
  MakeRepo(dir);
  RunResult r = RunBerth({"review", "--base", "main", "--post", "github", "--pr", "3"}, dir.path(),
                         {"GITHUB_TOKEN="});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "berth review: --post github needs GITHUB_TOKEN (in Actions: env: GITHUB_TOKEN: "
            "${{ secrets.GITHUB_TOKEN }})\n");
}

TEST(ReviewCli, ExitCodesFollowPlanDetailedExitcode) {
  TempDir dir;
  MakeRepo(dir);
  RunResult changes = RunBerth({"review", "--base", "main"}, dir.path());
  EXPECT_EQ(changes.exit_code, 2) << changes.err;
  EXPECT_NE(changes.out.find("== stacks/api (changed) =="), std::string::npos) << changes.out;
  RunResult none = RunBerth({"review", "--base", "HEAD", "--head", "HEAD"}, dir.path());
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.out.find("0 changed files, 0 affected stacks"), std::string::npos) << none.out;
  RunResult unknown = RunBerth({"review", "--base", "no-such-branch"}, dir.path());
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.err,
            "berth review: cannot resolve revision \"no-such-branch\": revspec 'no-such-branch' "
            "not found\n");
  RunResult no_base = RunBerth({"review"}, dir.path());
  EXPECT_EQ(no_base.exit_code, 1);
  EXPECT_NE(no_base.err.find("--base REF is required"), std::string::npos);

  dir.Write("modules/shared/main.berth", "log_group \"logs\" {\n  retention = 90 days\n}\n");
  Git(dir, "commit -q -a -m broken");
  RunResult broken = RunBerth({"review", "--base", "main", "--format", "markdown"}, dir.path());
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.out.find("modules/shared/main.berth:2:"), std::string::npos) << broken.out;
  EXPECT_NE(broken.out.find("**does not compile**"), std::string::npos) << broken.out;
}

TEST(ReviewCli, JsonAndABareRepository) {
  TempDir dir;
  MakeRepo(dir);
  TempDir bare;
  std::string clone = "git clone -q --bare " + dir.path() + " " + bare.path() + "/r.git";
  ASSERT_EQ(std::system(clone.c_str()), 0);
  RunResult r = RunBerth({"review", "--repo", bare.path() + "/r.git", "--base", "main", "--head",
                          "feature", "--format", "json"},
                         dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.out.find("\"format_version\": 1"), std::string::npos);
  EXPECT_NE(r.out.find("\"path\": \"stacks/web\""), std::string::npos);
  RunResult live = RunBerth({"review", "--repo", bare.path() + "/r.git", "--base", "main", "--head",
                             "feature", "--backend", "aws"},
                            dir.path());
  EXPECT_EQ(live.exit_code, 1);
  EXPECT_EQ(live.err,
            "berth review: a bare repository has no working tree to find state files in: give "
            "--state-root DIR\n");
}

TEST(ReviewCli, PlanAgainstLiveFromStateFiles) {
  TempDir dir;
  MakeRepo(dir);
  // No state yet: against live, head creates everything.
  RunResult r = RunBerth({"review", "--base", "main", "--backend", "aws"}, dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.out.find("Plan against live:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Plan: 2 to add, 0 to change, 0 to replace, 0 to destroy."),
            std::string::npos)
      << r.out;
}

const char* const kLeaky = R"(stack "s" {
  region  = "ap-northeast-1"
  account = "123456789012"
}

task "api" {
  cpu    = 256
  memory = 512MiB
  container "app" {
    image = "registry.example.com/api:1.0"
    env   = { DB_PASSWORD = "hunter2-plaintext" }
  }
}
)";

// --live: head against what AWS really runs, from each stack's describe-* snapshot. The
// snapshot matches the example as committed on main, so the plan against live shows exactly
// the pull request's change (log retention 30d -> 90d), and a stack without a snapshot says so.
TEST(ReviewCli, PlanAgainstLiveSnapshots) {
  TempDir dir;
  Git(dir, "init -q");
  std::string example =
      ReadFile(std::string(BERTH_SOURCE_DIR) + "/examples/fargate_web_api/main.berth");
  dir.Write("stacks/api/main.berth", example);
  dir.Write("stacks/web/main.berth", Stack("web"));
  dir.Write("modules/shared/main.berth", kShared);
  Git(dir, "add -A");
  Git(dir, "commit -q -m base");
  Git(dir, "checkout -q -b feature");
  std::string changed = example;
  changed.replace(changed.find("retention = 30d"), 15, "retention = 90d");
  dir.Write("stacks/api/main.berth", changed);
  std::string web = Stack("web");
  web.replace(web.find("container_insights = true"), 25, "container_insights = false");
  dir.Write("stacks/web/main.berth", web);
  Git(dir, "commit -q -a -m retention");
  std::filesystem::create_directories(dir.path() + "/live/stacks");
  std::filesystem::copy(std::string(BERTH_SOURCE_DIR) + "/tests/data/live/fargate_web_api",
                        dir.path() + "/live/stacks/api");

  RunResult r = RunBerth({"review", "--base", "main", "--live", "live"}, dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  size_t live = r.out.find("Plan against live:");
  ASSERT_NE(live, std::string::npos) << r.out;
  EXPECT_NE(r.out.find("retention", live), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy.", live),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("no live snapshot for this stack"), std::string::npos) << r.out;

  RunResult both =
      RunBerth({"review", "--base", "main", "--live", "live", "--backend", "aws"}, dir.path());
  EXPECT_EQ(both.exit_code, 1);
  EXPECT_NE(both.err.find("give one or the other"), std::string::npos) << both.err;
}

TEST(LintCli, PlaintextSecretsAreMaskedInEveryOutput) {
  TempDir dir;
  dir.Write("s/main.berth", kLeaky);
  for (const std::string& format : {"text", "json", "markdown"}) {
    RunResult plan = RunBerth({"plan", "s", "--format", format}, dir.path());
    EXPECT_EQ(plan.exit_code, 0) << plan.err;
    EXPECT_EQ((plan.out + plan.err).find("hunter2"), std::string::npos) << format;
    EXPECT_NE((plan.out + plan.err).find("[BRT002]"), std::string::npos) << format;
  }
  RunResult ir = RunBerth({"compile", "s", "--emit", "ir"}, dir.path());
  EXPECT_EQ(ir.out.find("hunter2"), std::string::npos);
  RunResult lint = RunBerth({"lint", "s"}, dir.path());
  EXPECT_EQ(lint.exit_code, 1);  // BRT002 is an error
  EXPECT_EQ(lint.out.find("hunter2"), std::string::npos);
  EXPECT_NE(lint.out.find("s/main.berth:11:29: error: [BRT002] container \"app\" of task.api sets "
                          "environment variable DB_PASSWORD in plain text"),
            std::string::npos)
      << lint.out;
}

TEST(LintCli, ExitCodesAndSuppressions) {
  TempDir dir;
  std::string fixed = kLeaky;
  fixed.replace(fixed.find("    env   = { DB_PASSWORD = \"hunter2-plaintext\" }\n"), 52, "");
  dir.Write("s/main.berth", fixed);
  RunResult warnings = RunBerth({"lint", "s"}, dir.path());
  EXPECT_EQ(warnings.exit_code, 0) << warnings.out;
  EXPECT_NE(warnings.out.find("lint: 2 warnings, 1 notice"), std::string::npos) << warnings.out;
  EXPECT_EQ(RunBerth({"lint", "s", "--fail-on", "warning"}, dir.path()).exit_code, 1);

  std::string unreasoned = fixed;
  unreasoned.replace(unreasoned.find("  container \"app\" {"), 0, "  # berth:ignore BRT003\n");
  dir.Write("s/main.berth", unreasoned);
  RunResult bad = RunBerth({"lint", "s"}, dir.path());
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("s/main.berth:9:5: error: berth:ignore BRT003 needs a reason"),
            std::string::npos)
      << bad.out;

  std::string reasoned = fixed;
  reasoned.replace(reasoned.find("  container \"app\" {"), 0,
                   "  # berth:ignore BRT003 logs go to stdout, collected by the node agent\n");
  dir.Write("s/main.berth", reasoned);
  RunResult ok = RunBerth({"lint", "s", "--format", "json"}, dir.path());
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("\"reason\": \"logs go to stdout, collected by the node agent\""),
            std::string::npos)
      << ok.out;

  RunResult rules = RunBerth({"lint", "--rules"}, dir.path());
  EXPECT_EQ(rules.exit_code, 0);
  EXPECT_NE(rules.out.find("BRT017  notice"), std::string::npos) << rules.out;
}

}  // namespace
}  // namespace berth::e2e

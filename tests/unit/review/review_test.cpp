// berth review's core on real repositories: affected stacks through imports, bare and shallow
// clones, added, removed and broken stacks, and the rendered outputs (golden files).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "review/comment.h"
#include "review/report.h"
#include "review/review.h"
#include "tests/unit/review/monorepo.h"

namespace berth::testing {
namespace {

using Paths = std::vector<std::string>;

std::optional<review::ReviewResult> RunReview(const std::string& repo, const std::string& base,
                                              const std::string& head) {
  review::ReviewOptions options;
  options.repo = repo;
  options.base = base;
  options.head = head;
  options.compile.stdlib_dir = BERTH_SOURCE_DIR "/stdlib";
  std::string error;
  auto result = review::Review(options, error);
  EXPECT_TRUE(result.has_value()) << error;
  return result;
}

Paths StackPaths(const review::ReviewResult& result) {
  Paths out;
  for (const review::StackReview& s : result.stacks) out.push_back(s.path);
  return out;
}

Paths Changes(const review::StackReview& s) {
  Paths out;
  for (const planner::ResourceChange& c : s.desired.changes) {
    if (c.action != planner::Action::kNoOp) {
      out.push_back(std::string(planner::ActionName(c.action)) + " " + c.address);
    }
  }
  return out;
}

// Compares with tests/unit/review/golden/NAME; BERTH_REFRESH_GOLDEN=1 rewrites it.
void ExpectGolden(const std::string& name, const std::string& actual) {
  std::string path = std::string(BERTH_SOURCE_DIR) + "/tests/unit/review/golden/" + name;
  if (const char* refresh = std::getenv("BERTH_REFRESH_GOLDEN"); refresh && *refresh == '1') {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path << " is missing: run with BERTH_REFRESH_GOLDEN=1";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "golden file " << path;
}

TEST(Review, AChangeToASharedModuleAffectsOnlyTheStacksImportingIt) {
  ScratchDir dir;
  TestRepo repo(dir.Sub("repo"), /*bare=*/false);
  MakeMonorepo(repo);
  auto result = RunReview(repo.path(), "main", "feature");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->changed_paths, Paths{"modules/shared/main.berth"});
  EXPECT_EQ(StackPaths(*result), (Paths{"stacks/api", "stacks/web"}));
  for (const review::StackReview& s : result->stacks) {
    EXPECT_EQ(s.status, review::StackStatus::kChanged);
    EXPECT_EQ(Changes(s), Paths{"update module.logs.log_group.logs"});
    ASSERT_EQ(s.desired.changes.size(), 2u);
  }
  EXPECT_TRUE(result->HasChanges());
  EXPECT_FALSE(result->HasErrors());
}

TEST(Review, ReadsABareRepository) {
  ScratchDir dir;
  TestRepo repo(dir.Sub("repo.git"), /*bare=*/true);
  std::string head = MakeMonorepo(repo);
  auto result = RunReview(repo.path(), "main", head.substr(0, 10));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->head_commit, head);
  EXPECT_EQ(StackPaths(*result), (Paths{"stacks/api", "stacks/web"}));
}

TEST(Review, ReadsAShallowCloneHoldingBothCommits) {
  ScratchDir dir;
  TestRepo repo(dir.Sub("origin"), /*bare=*/true);
  MakeMonorepo(repo);
  std::string shallow = dir.Sub("shallow");
  MustRun("git clone -q --depth 1 --branch feature " + repo.Url() + " " + shallow);
  MustRun("git -C " + shallow + " fetch -q --depth 1 origin main:main");
  ASSERT_TRUE(std::filesystem::exists(shallow + "/.git/shallow"));
  auto result = RunReview(shallow, "main", "HEAD");
  ASSERT_TRUE(result);
  EXPECT_EQ(StackPaths(*result), (Paths{"stacks/api", "stacks/web"}));
}

TEST(Review, AShallowCloneWithoutTheBaseIsAClearError) {
  ScratchDir dir;
  TestRepo repo(dir.Sub("origin"), /*bare=*/true);
  MakeMonorepo(repo);
  std::string shallow = dir.Sub("shallow");
  MustRun("git clone -q --depth 1 --branch feature " + repo.Url() + " " + shallow);
  review::ReviewOptions options;
  options.repo = shallow;
  options.base = "HEAD~1";
  std::string error;
  EXPECT_FALSE(review::Review(options, error));
  EXPECT_NE(error.find("cannot resolve revision \"HEAD~1\""), std::string::npos) << error;
}

TEST(Review, AChangeOutsideEveryStackAffectsNothing) {
  ScratchDir dir;
  TestRepo repo(dir.Sub("repo"), false);
  MakeMonorepo(repo);
  repo.Commit("feature", {{"README.md", "# infrastructure\n"}}, "docs");
  auto result = RunReview(repo.path(), "feature~1", "feature");
  ASSERT_TRUE(result);
  EXPECT_EQ(StackPaths(*result), Paths{});
  EXPECT_FALSE(result->HasChanges());
  auto comments = review::RenderComments(*result);
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_NE(comments[0].body.find("this change affects no stack"), std::string::npos);
}

TEST(Review, AddedAndRemovedStacks) {
  ScratchDir dir;
  TestRepo repo(dir.Sub("repo"), false);
  MakeMonorepo(repo);
  repo.Commit("feature",
              {{"stacks/batch/main.berth", std::nullopt},
               {"stacks/jobs/main.berth", StackFile("jobs", false)}},
              "batch becomes jobs");
  auto result = RunReview(repo.path(), "feature~1", "feature");
  ASSERT_TRUE(result);
  ASSERT_EQ(StackPaths(*result), (Paths{"stacks/batch", "stacks/jobs"}));
  EXPECT_EQ(result->stacks[0].status, review::StackStatus::kRemoved);
  EXPECT_EQ(Changes(result->stacks[0]), Paths{"delete cluster.main"});
  EXPECT_EQ(result->stacks[1].status, review::StackStatus::kAdded);
  EXPECT_EQ(Changes(result->stacks[1]), Paths{"create cluster.main"});
}

TEST(Review, AStackBrokenAtHeadReportsLocationsRelativeToTheRepository) {
  ScratchDir dir;
  TestRepo repo(dir.Sub("repo"), false);
  MakeMonorepo(repo);
  repo.Commit("feature", {{"modules/shared/main.berth", SharedModule("90 days")}}, "typo");
  auto result = RunReview(repo.path(), "main", "feature");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->stacks.size(), 2u);
  const review::StackReview& web = result->stacks[1];
  EXPECT_EQ(web.status, review::StackStatus::kBroken);
  EXPECT_TRUE(result->HasErrors());
  std::ostringstream text;
  RenderDiagnosticsText(web.head.diags, *web.head.sources, text);
  EXPECT_TRUE(text.str().starts_with("modules/shared/main.berth:7:")) << text.str();
  EXPECT_EQ(text.str().find("berth-review-"), std::string::npos) << text.str();
  auto comments = review::RenderComments(*result);
  EXPECT_NE(comments[1].body.find("does not compile"), std::string::npos);
  EXPECT_NE(comments[1].body.find("modules/shared/main.berth:7:"), std::string::npos);
}

TEST(Review, GoldenMarkdownAndJson) {
  ScratchDir dir;
  TestRepo repo(dir.Sub("repo"), false);
  MakeMonorepo(repo);
  // A second change on web: a task (so lint has something to say), and a replaced cluster.
  repo.Commit(
      "feature",
      {{"stacks/web/main.berth",
        StackFile("web", true,
                  "\ntask \"api\" {\n  cpu    = 256\n  memory = 512MiB\n  container \"app\" "
                  "{\n    image = \"registry.example.com/api:latest\"\n    env   = { "
                  "DB_PASSWORD = \"hunter2\" }\n  }\n}\n")
            .replace(StackFile("web", true).find("cluster \"main\""), 14, "cluster \"blue\"")}},
      "web: a task, and the cluster renamed");
  auto result = RunReview(repo.path(), "main", "feature");
  ASSERT_TRUE(result);
  std::string markdown = review::JoinComments(review::RenderComments(*result));
  ExpectGolden("monorepo.md", markdown);
  std::ostringstream json;
  review::RenderReviewJson(*result, json);
  ExpectGolden("monorepo.json", json.str());
  std::ostringstream text;
  review::RenderReviewText(*result, false, text);
  ExpectGolden("monorepo.txt", text.str());
  // The plaintext secret is masked everywhere, and the caution names what is destroyed.
  for (const std::string& out : {markdown, json.str(), text.str()}) {
    EXPECT_EQ(out.find("hunter2"), std::string::npos);
  }
  EXPECT_NE(markdown.find("[!CAUTION]"), std::string::npos);
  EXPECT_NE(markdown.find("`cluster.main` is destroyed"), std::string::npos);
  EXPECT_NE(markdown.find("```mermaid"), std::string::npos);
  EXPECT_NE(markdown.find("| warning | `BRT001` | `task.api` |"), std::string::npos);
}

TEST(Review, LongCommentsStayUnderTheLimitWithANote) {
  ScratchDir dir;
  TestRepo repo(dir.Sub("repo"), false);
  repo.Commit("main", {{"stacks/big/main.berth", StackFile("big", false)}}, "small");
  repo.Branch("feature", "main");
  std::string many =
      "\nlog_group \"g\" {\n  for_each  = [for i in range(2000) : \"g${i}\"]\n  name      = "
      "\"/ecs/a-long-log-group-name-${each.value}\"\n  retention = 30d\n}\n";
  repo.Commit("feature", {{"stacks/big/main.berth", StackFile("big", false, many)}}, "big");
  auto result = RunReview(repo.path(), "main", "feature");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->stacks.size(), 1u);
  EXPECT_EQ(result->stacks[0].desired.Count(planner::Action::kCreate), 2000);
  auto comments = review::RenderComments(*result);
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_LE(comments[0].body.size(), review::kCommentLimit);
  EXPECT_NE(comments[0].body.find("were cut to keep this comment under"), std::string::npos);
  EXPECT_NE(comments[0].body.find("more resources are left out of the diagram"), std::string::npos);
}

TEST(Review, AChangeThatDeclaresNothingNewSaysSo) {
  ScratchDir dir;
  TestRepo repo(dir.Sub("repo"), false);
  MakeMonorepo(repo);
  repo.Commit("feature", {{"stacks/batch/main.berth", StackFile("batch", false) + "# a note\n"}},
              "a comment");
  auto result = RunReview(repo.path(), "feature~1", "feature");
  ASSERT_TRUE(result);
  ASSERT_EQ(StackPaths(*result), Paths{"stacks/batch"});
  EXPECT_FALSE(result->HasChanges());
  std::string markdown = review::JoinComments(review::RenderComments(*result));
  EXPECT_NE(markdown.find("**No changes to the desired state.**"), std::string::npos) << markdown;
  std::ostringstream text;
  review::RenderReviewText(*result, false, text);
  EXPECT_NE(text.str().find("No changes: the change touches the stack's files but not what they "
                            "declare."),
            std::string::npos)
      << text.str();
}

TEST(Review, MarkersAreStablePerStack) {
  EXPECT_EQ(review::CommentMarker("stacks/web"), "<!-- berth:review stack=stacks/web -->");
  EXPECT_EQ(review::CommentMarker("a--b"), "<!-- berth:review stack=a-_b -->");
}

}  // namespace
}  // namespace berth::testing

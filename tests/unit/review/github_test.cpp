// --post github against a stand-in of the REST API on 127.0.0.1: list (every page), then update
// the comment holding a stack's marker or create one; headers and bodies as documented.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "review/github.h"
#include "tests/unit/review/git_fixture.h"
#include "tests/unit/review/github_fake.h"

namespace berth::testing {
namespace {

using Lines = std::vector<std::string>;

review::Comment CommentFor(const std::string& stack, const std::string& text) {
  review::Comment c;
  c.stack = stack;
  c.marker = review::CommentMarker(stack);
  c.body = c.marker + "\n" + text;
  return c;
}

// acme/infra pull request 7, with the token the stand-in expects.
review::GitHubTarget TargetOf(const std::string& api_url) {
  review::GitHubTarget target;
  target.api_url = api_url;
  target.token = "t0ken";
  target.owner = "acme";
  target.repo = "infra";
  target.pr = 7;
  return target;
}

Lines Summaries(const FakeGitHub& github) {
  Lines out;
  for (const RecordedRequest& r : github.requests()) {
    out.push_back(r.method + " " + r.path);
    for (const std::string& p : r.problems) ADD_FAILURE() << r.method << " " << r.path << ": " << p;
  }
  return out;
}

TEST(GitHubPost, UpdatesTheCommentHoldingTheMarkerAndCreatesTheOthers) {
  std::map<long long, std::string> existing;
  for (long long id = 1; id <= 120; ++id)
    existing[id] = "a reviewer's comment " + std::to_string(id);
  existing[500] = review::CommentMarker("stacks/api") + "\nan old plan";
  FakeGitHub github("acme", "infra", 7, "t0ken", existing);
  review::GitHubTarget target = TargetOf(github.url());
  std::vector<review::Comment> comments = {CommentFor("stacks/api", "plan of api"),
                                           CommentFor("stacks/web", "plan of web")};
  std::vector<review::PostedComment> posted;
  std::string error;
  ASSERT_TRUE(review::PostComments(target, comments, posted, error)) << error;
  EXPECT_EQ(Summaries(github), (Lines{"GET /repos/acme/infra/issues/7/comments?per_page=100&page=1",
                                      "GET /repos/acme/infra/issues/7/comments?per_page=100&page=2",
                                      "PATCH /repos/acme/infra/issues/comments/500",
                                      "POST /repos/acme/infra/issues/7/comments"}));
  ASSERT_EQ(posted.size(), 2u);
  EXPECT_FALSE(posted[0].created);
  EXPECT_EQ(posted[0].id, 500);
  EXPECT_TRUE(posted[1].created);
  EXPECT_EQ(posted[1].url, "https://github.com/acme/infra/pull/7#issuecomment-9000");
  EXPECT_EQ(github.comments().at(500), comments[0].body);
  EXPECT_EQ(github.comments().at(9000), comments[1].body);

  // The next run finds both by their markers and adds nothing.
  posted.clear();
  comments[1].body += "\nnewer";
  ASSERT_TRUE(review::PostComments(target, comments, posted, error)) << error;
  Lines all = Summaries(github);
  EXPECT_EQ(Lines(all.begin() + 4, all.end()),
            (Lines{"GET /repos/acme/infra/issues/7/comments?per_page=100&page=1",
                   "GET /repos/acme/infra/issues/7/comments?per_page=100&page=2",
                   "PATCH /repos/acme/infra/issues/comments/500",
                   "PATCH /repos/acme/infra/issues/comments/9000"}));
  EXPECT_EQ(github.comments().size(), 122u);
  EXPECT_EQ(github.comments().at(9000), comments[1].body);
}

TEST(GitHubPost, ACommentOfAStackNoLongerAffectedSaysSoOnce) {
  std::string old_marker = review::CommentMarker("stacks/gone");
  FakeGitHub github("acme", "infra", 7, "t0ken", {{41, old_marker + "\nan old plan"}});
  review::GitHubTarget target = TargetOf(github.url());
  std::vector<review::PostedComment> posted;
  std::string error;
  ASSERT_TRUE(review::PostComments(target, {CommentFor("stacks/web", "plan")}, posted, error))
      << error;
  EXPECT_EQ(Summaries(github), (Lines{"GET /repos/acme/infra/issues/7/comments?per_page=100&page=1",
                                      "POST /repos/acme/infra/issues/7/comments",
                                      "PATCH /repos/acme/infra/issues/comments/41"}));
  ASSERT_EQ(posted.size(), 2u);
  EXPECT_TRUE(posted[1].stale);
  EXPECT_EQ(posted[1].stack, "stacks/gone");
  EXPECT_EQ(github.comments().at(41), review::NoLongerAffectedBody(old_marker));
  // The next run leaves it alone.
  ASSERT_TRUE(review::PostComments(target, {CommentFor("stacks/web", "plan")}, posted, error));
  Lines all = Summaries(github);
  EXPECT_EQ(Lines(all.begin() + 3, all.end()),
            (Lines{"GET /repos/acme/infra/issues/7/comments?per_page=100&page=1",
                   "PATCH /repos/acme/infra/issues/comments/9000"}));
}

TEST(GitHubPost, AnApiPrefixIsKeptAndErrorsNameTheRequest) {
  FakeGitHub github("acme", "infra", 7, "t0ken", {});
  review::GitHubTarget target;
  target.api_url = github.url() + "/api/v3";  // GitHub Enterprise Server's layout
  target.token = "t0ken";
  target.owner = "acme";
  target.repo = "infra";
  target.pr = 7;
  std::vector<review::PostedComment> posted;
  std::string error;
  EXPECT_FALSE(review::PostComments(target, {CommentFor("s", "x")}, posted, error));
  EXPECT_EQ(error,
            "GitHub API GET /api/v3/repos/acme/infra/issues/7/comments?per_page=100&page=1 "
            "answered 404: Not Found (the token needs pull-requests: write, or issues: write, on "
            "acme/infra)");
  EXPECT_EQ(error.find("t0ken"), std::string::npos);
}

class EnvGuard {
 public:
  EnvGuard(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~EnvGuard() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(GitHubTarget, ReadsTheActionsEnvironment) {
  ScratchDir dir;
  std::string event = dir.Sub("event.json");
  std::ofstream(event)
      << R"({"action": "synchronize", "number": 3, "pull_request": {"number": 42}})";
  EnvGuard token("GITHUB_TOKEN", "t");
  EnvGuard repo("GITHUB_REPOSITORY", "acme/infra");
  EnvGuard path("GITHUB_EVENT_PATH", event);
  EnvGuard api("GITHUB_API_URL", "https://ghe.example.com/api/v3");
  std::string error;
  auto target = review::GitHubTargetFromEnv("", error);
  ASSERT_TRUE(target) << error;
  EXPECT_EQ(target->pr, 42);
  EXPECT_EQ(target->owner, "acme");
  EXPECT_EQ(target->repo, "infra");
  EXPECT_EQ(target->api_url, "https://ghe.example.com/api/v3");
  EXPECT_EQ(review::GitHubTargetFromEnv("17", error)->pr, 17);
  EXPECT_FALSE(review::GitHubTargetFromEnv("seventeen", error));
  EXPECT_EQ(error, "--pr takes a pull request number, not \"seventeen\"");
}

TEST(GitHubTarget, SaysWhatIsMissing) {
  EnvGuard token("GITHUB_TOKEN", "");
  std::string error;
  EXPECT_FALSE(review::GitHubTargetFromEnv("1", error));
  EXPECT_EQ(error,
            "--post github needs GITHUB_TOKEN (in Actions: env: GITHUB_TOKEN: "
            "${{ secrets.GITHUB_TOKEN }})");
  EnvGuard set_token("GITHUB_TOKEN", "t");
  EnvGuard repo("GITHUB_REPOSITORY", "no-slash");
  EXPECT_FALSE(review::GitHubTargetFromEnv("1", error));
  EXPECT_EQ(error, "--post github needs GITHUB_REPOSITORY as owner/repo, not \"no-slash\"");
}

}  // namespace
}  // namespace berth::testing

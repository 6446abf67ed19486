// berth review --base REF [--head REF] [--repo DIR]: what a git change does to every stack it
// affects, read from git objects (review/). Prints text, JSON or the PR comment's Markdown, and
// with --post github creates or updates that comment. Exit codes as `plan --detailed-exitcode`:
// 0 no changes, 1 an error (including a stack that does not compile at head), 2 changes.
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

#include "backends/aws/live_backend.h"
#include "cli/compile_stack.h"
#include "cli/stack_backend.h"
#include "planner/state.h"
#include "planner/state_digest.h"
#include "review/comment.h"
#include "review/git_repo.h"
#include "review/github.h"
#include "review/report.h"
#include "review/review.h"

namespace berth::cli {

namespace {

namespace fs = std::filesystem;

std::vector<FlagSpec> ReviewFlags() {
  return {
      {"base", true, false, "the revision the change starts from (origin/main, a SHA, HEAD~1)"},
      {"head", true, false, "the revision the change ends at (default HEAD)"},
      {"repo", true, false, "a directory of the repository, bare or not (default .)"},
      {"format", true, false, "text (default), json or markdown (the PR comment)"},
      {"post", true, false, "github: create or update the PR comment through the REST API"},
      {"pr", true, false, "the pull request number (default: from GITHUB_EVENT_PATH)"},
      {"backend", true, false,
       "also plan head against live: the backend reading each stack's state file"},
      {"live", true, false,
       "also plan head against live AWS: DIR/<stack>/ holds each stack's describe-* outputs"},
      {"state-root", true, false,
       "where state files are: <DIR>/<stack>/.berth/state.json (default: the working tree)"},
      {"var", true, true, "set a variable of every stack: --var name=value (repeatable)"},
      {"no-color", false, false, "never colour the output"},
      {"help", false, false, "show this help"},
  };
}

// The live side of each stack from its state file through the backend. The aws backend's
// `--live DIR` snapshots plug in here as another LiveReader once that backend reads them.
review::LiveReader StateFileReader(const std::string& backend_name, const std::string& root) {
  return [backend_name, root](const std::string& stack_dir, const ir::Program& head,
                              std::vector<planner::LiveResource>& live, std::string& error) {
    std::string path = (fs::path(root) / stack_dir / ".berth" / "state.json").lexically_normal();
    state::State state;
    if (!state::LoadState(path, state, error)) return false;
    std::unique_ptr<backends::Backend> backend = OpenBackend(backend_name, error);
    if (!backend) return false;
    if (!backend->ReadLive(state, live, error)) {
      error = "backend " + backend->name() + ": " + error;
      return false;
    }
    state::RevealDigests(head, live, state.digest_key);  // hashed secrets still as desired
    return true;
  };
}

// Each stack's `aws ... describe-*` snapshot in LIVE/<stack directory>/ (docs/aws.md, "Live
// snapshots"); a stack without one is an error of that stack's live plan, not of the review.
review::LiveReader SnapshotReader(const std::string& live_root) {
  return [live_root](const std::string& stack_dir, const ir::Program& head,
                     std::vector<planner::LiveResource>& live, std::string& error) {
    std::string dir = (fs::path(live_root) / stack_dir).lexically_normal();
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      error = "no live snapshot for this stack: expected the describe-* outputs in " + dir;
      return false;
    }
    aws::AwsLiveBackend backend(dir, head);
    return backend.ReadLive(state::State{}, live, error);
  };
}

bool Post(const std::vector<review::Comment>& comments, const ParsedArgs& args, CommandIo& io) {
  std::string error;
  auto target = review::GitHubTargetFromEnv(args.Get("pr"), error);
  std::vector<review::PostedComment> posted;
  if (!target || !review::PostComments(*target, comments, posted, error)) {
    io.err << "berth review: " << error << "\n";
    return false;
  }
  for (const review::PostedComment& p : posted) {
    if (p.stale) {
      io.out << fmt::format("berth review: comment {} now says {} is no longer affected\n", p.id,
                            p.stack);
      continue;
    }
    io.out << fmt::format(
        "berth review: {} comment {} for {}{}\n", p.created ? "created" : "updated", p.id,
        p.stack.empty() ? "the pull request" : p.stack, p.url.empty() ? "" : " (" + p.url + ")");
  }
  return true;
}

}  // namespace

int ReviewCommand(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<FlagSpec> flags = ReviewFlags();
  auto parsed = ParseCommandArgs("review", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: berth review --base REF [--head REF] [--repo DIR] [flags]\n\n"
           << FlagsHelp(flags);
    return 0;
  }
  if (!parsed->positional.empty()) {
    io.err << "berth review: takes no PATH (it reviews every stack the change affects); use "
              "--repo DIR for another repository\n";
    return 1;
  }
  if (!parsed->Has("base")) {
    io.err << "berth review: --base REF is required: the revision the change starts from, e.g. "
              "--base origin/main\n";
    return 1;
  }
  std::string format = parsed->Get("format", "text");
  if (format != "text" && format != "json" && format != "markdown") {
    io.err << "berth review: --format takes text, json or markdown, not \"" << format << "\"\n";
    return 1;
  }
  if (parsed->Has("post") && parsed->Get("post") != "github") {
    io.err << "berth review: --post takes github, not \"" << parsed->Get("post") << "\"\n";
    return 1;
  }
  review::ReviewOptions options;
  options.repo = parsed->Get("repo", ".");
  options.base = parsed->Get("base");
  options.head = parsed->Get("head", "HEAD");
  if (auto it = parsed->values.find("var"); it != parsed->values.end()) {
    for (const std::string& assignment : it->second) {
      size_t eq = assignment.find('=');
      if (eq == std::string::npos || eq == 0) {
        io.err << "berth review: --var takes name=value, got \"" << assignment << "\"\n";
        return 1;
      }
      options.compile.variables[assignment.substr(0, eq)] = assignment.substr(eq + 1);
    }
  }
  if (parsed->Has("live") && (parsed->Has("backend") || parsed->Has("state-root"))) {
    io.err << "berth review: --live plans against AWS snapshots, --backend and --state-root "
              "against state files: give one or the other\n";
    return 1;
  }
  if (parsed->Has("live")) {
    options.read_live = SnapshotReader(parsed->Get("live"));
  } else if (parsed->Has("backend") || parsed->Has("state-root")) {
    std::string root = parsed->Get("state-root");
    if (root.empty()) {
      std::string error;
      auto repo = review::GitRepo::Open(options.repo, error);
      if (!repo) {
        io.err << "berth review: " << error << "\n";
        return 1;
      }
      root = repo->WorkDir();
      if (root.empty()) {
        io.err << "berth review: a bare repository has no working tree to find state files in: "
                  "give --state-root DIR\n";
        return 1;
      }
    }
    options.read_live = StateFileReader(parsed->Get("backend", "aws"), root);
  }

  std::string error;
  auto result = review::Review(options, error);
  if (!result) {
    io.err << "berth review: " << error << "\n";
    return 1;
  }
  std::vector<review::Comment> comments;
  if (format == "markdown" || parsed->Has("post")) comments = review::RenderComments(*result);
  if (!parsed->Has("post") || parsed->Has("format")) {
    if (format == "json") {
      review::RenderReviewJson(*result, io.out);
    } else if (format == "markdown") {
      io.out << review::JoinComments(comments);
    } else {
      bool color = io.out_is_terminal && std::getenv("NO_COLOR") == nullptr &&
                   parsed->Get("no-color") != "true";
      review::RenderReviewText(*result, color, io.out);
    }
  }
  if (parsed->Has("post") && !Post(comments, *parsed, io)) return 1;
  if (result->HasErrors()) return 1;
  return result->HasChanges() ? 2 : 0;
}

}  // namespace berth::cli

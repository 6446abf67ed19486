// Posting the review to a pull request through the GitHub REST API: each stack's comment is
// found by its hidden marker and edited, or created when there is none yet.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "review/comment.h"

namespace berth::review {

struct GitHubTarget {
  std::string api_url = "https://api.github.com";  // GITHUB_API_URL (GitHub Enterprise too)
  std::string token;                               // GITHUB_TOKEN
  std::string owner, repo;                         // GITHUB_REPOSITORY "owner/repo"
  long long pr = 0;  // --pr, else the pull request of GITHUB_EVENT_PATH
};

// Reads the environment GitHub Actions sets; `pr_flag` ("" when not given) wins over the event
// file. nullopt with a one-line `error` naming what is missing.
std::optional<GitHubTarget> GitHubTargetFromEnv(const std::string& pr_flag, std::string& error);

struct PostedComment {
  std::string stack;
  bool created = false;  // false: an existing comment was updated
  bool stale = false;    // a stack no longer affected: its comment now says so
  long long id = 0;
  std::string url;  // html_url as GitHub answered
};

// Lists the pull request's comments (every page), then PATCHes the one holding each comment's
// marker or POSTs a new one; a berth comment of a stack not in `comments` is edited to say the
// stack is no longer affected. False with `error` at the first failure; the token never appears
// in it.
bool PostComments(const GitHubTarget& target, const std::vector<Comment>& comments,
                  std::vector<PostedComment>& posted, std::string& error);

}  // namespace berth::review

#include "review/github.h"

#include <httplib.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace berth::review {

namespace {

using GitHubJson = nlohmann::json;

constexpr int kPerPage = 100;  // the largest page the API gives

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::optional<long long> PositiveNumber(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  long long n = std::stoll(text);
  return n > 0 ? std::optional<long long>(n) : std::nullopt;
}

// The pull request number of a GitHub Actions event: pull_request and pull_request_target carry
// it as pull_request.number, issue_comment as issue.number.
std::optional<long long> PullRequestOfEvent(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read GITHUB_EVENT_PATH " + path;
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  GitHubJson event = GitHubJson::parse(text.str(), nullptr, false);
  if (event.is_object()) {
    for (const char* key : {"pull_request", "issue"}) {
      if (event.contains(key) && event[key].is_object() && event[key].contains("number") &&
          event[key]["number"].is_number_integer()) {
        return event[key]["number"].get<long long>();
      }
    }
    if (event.contains("number") && event["number"].is_number_integer()) {
      return event["number"].get<long long>();
    }
  }
  error = "the event in GITHUB_EVENT_PATH is not about a pull request: give --pr NUMBER";
  return std::nullopt;
}

// "https://host[:port]/prefix" into the client's base and the path prefix.
struct ApiBase {
  std::string origin;  // scheme://host[:port]
  std::string prefix;  // "" or "/api/v3"
};

std::optional<ApiBase> SplitApiUrl(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return std::nullopt;
  std::string s = url.substr(0, scheme);
  if (s != "http" && s != "https") return std::nullopt;
  size_t path = url.find('/', scheme + 3);
  ApiBase base;
  base.origin = url.substr(0, path);
  if (path != std::string::npos) base.prefix = url.substr(path);
  while (!base.prefix.empty() && base.prefix.back() == '/') base.prefix.pop_back();
  if (base.origin.size() <= scheme + 3) return std::nullopt;
  return base;
}

class GitHubClient {
 public:
  GitHubClient(const GitHubTarget& target, const ApiBase& base)
      : target_(target), base_(base), client_(base.origin) {
    client_.set_connection_timeout(10);
    client_.set_read_timeout(30);
    client_.set_write_timeout(30);
    headers_ = {{"Authorization", "Bearer " + target.token},
                {"Accept", "application/vnd.github+json"},
                {"X-GitHub-Api-Version", "2022-11-28"},
                {"User-Agent", "berth/0.1.0"}};
  }

  // The body of a 2xx answer as JSON; nullopt with `error` otherwise.
  std::optional<GitHubJson> Call(const std::string& method, const std::string& path,
                                 const GitHubJson* body, std::string& error) {
    std::string full = base_.prefix + path;
    httplib::Result res{nullptr, httplib::Error::Unknown};
    std::string payload = body ? body->dump() : "";
    if (method == "GET") {
      res = client_.Get(full, headers_);
    } else if (method == "POST") {
      res = client_.Post(full, headers_, payload, "application/json");
    } else {
      res = client_.Patch(full, headers_, payload, "application/json");
    }
    std::string what = method + " " + full;
    if (!res) {
      error = "GitHub API " + what + " at " + base_.origin +
              " failed: " + httplib::to_string(res.error());
      return std::nullopt;
    }
    if (res->status < 200 || res->status >= 300) {
      GitHubJson answer = GitHubJson::parse(res->body, nullptr, false);
      std::string message =
          answer.is_object() && answer.contains("message") && answer["message"].is_string()
              ? answer["message"].get<std::string>()
              : res->body.substr(0, 200);
      error = "GitHub API " + what + " answered " + std::to_string(res->status) + ": " + message;
      if (res->status == 401) error += " (check GITHUB_TOKEN)";
      if (res->status == 403 || res->status == 404) {
        error += " (the token needs pull-requests: write, or issues: write, on " + target_.owner +
                 "/" + target_.repo + ")";
      }
      return std::nullopt;
    }
    GitHubJson answer = GitHubJson::parse(res->body, nullptr, false);
    if (answer.is_discarded()) {
      error = "GitHub API " + what + " answered with something that is not JSON";
      return std::nullopt;
    }
    return answer;
  }

 private:
  const GitHubTarget& target_;
  ApiBase base_;
  httplib::Client client_;
  httplib::Headers headers_;
};

}  // namespace

std::optional<GitHubTarget> GitHubTargetFromEnv(const std::string& pr_flag, std::string& error) {
  GitHubTarget target;
  target.token = Env("GITHUB_TOKEN");
  if (target.token.empty()) {
    error =
        "--post github needs GITHUB_TOKEN (in Actions: env: GITHUB_TOKEN: "
        "${{ secrets.GITHUB_TOKEN }})";
    return std::nullopt;
  }
  std::string repository = Env("GITHUB_REPOSITORY");
  size_t slash = repository.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == repository.size() ||
      repository.find('/', slash + 1) != std::string::npos) {
    error = "--post github needs GITHUB_REPOSITORY as owner/repo, not \"" + repository + "\"";
    return std::nullopt;
  }
  target.owner = repository.substr(0, slash);
  target.repo = repository.substr(slash + 1);
  if (std::string api = Env("GITHUB_API_URL"); !api.empty()) target.api_url = api;
  if (!SplitApiUrl(target.api_url)) {
    error = "GITHUB_API_URL must be an http or https URL, not \"" + target.api_url + "\"";
    return std::nullopt;
  }
  if (!pr_flag.empty()) {
    auto n = PositiveNumber(pr_flag);
    if (!n) {
      error = "--pr takes a pull request number, not \"" + pr_flag + "\"";
      return std::nullopt;
    }
    target.pr = *n;
  } else {
    std::string event = Env("GITHUB_EVENT_PATH");
    if (event.empty()) {
      error = "--post github needs the pull request: give --pr NUMBER or set GITHUB_EVENT_PATH";
      return std::nullopt;
    }
    auto n = PullRequestOfEvent(event, error);
    if (!n) return std::nullopt;
    target.pr = *n;
  }
  return target;
}

bool PostComments(const GitHubTarget& target, const std::vector<Comment>& comments,
                  std::vector<PostedComment>& posted, std::string& error) {
  auto base = SplitApiUrl(target.api_url);
  if (!base) {
    error = "GITHUB_API_URL must be an http or https URL, not \"" + target.api_url + "\"";
    return false;
  }
  GitHubClient client(target, *base);
  std::string repo = "/repos/" + target.owner + "/" + target.repo;
  std::string list_path = repo + "/issues/" + std::to_string(target.pr) + "/comments";
  // Existing comments by marker: the first comment holding a marker is the one to update.
  std::map<std::string, long long> existing;
  // Berth comments of stacks this run does not report: marker -> (id, body).
  std::map<std::string, std::pair<long long, std::string>> others;
  for (int page = 1;; ++page) {
    auto answer = client.Call(
        "GET",
        list_path + "?per_page=" + std::to_string(kPerPage) + "&page=" + std::to_string(page),
        nullptr, error);
    if (!answer) return false;
    if (!answer->is_array()) {
      error = "GitHub API GET " + list_path + " did not answer with a list of comments";
      return false;
    }
    for (const GitHubJson& c : *answer) {
      if (!c.is_object() || !c.contains("body") || !c["body"].is_string() || !c.contains("id") ||
          !c["id"].is_number_integer()) {
        continue;
      }
      const std::string& body = c["body"].get_ref<const std::string&>();
      bool mine_now = false;
      for (const Comment& mine : comments) {
        if (body.find(mine.marker) != std::string::npos) {
          mine_now = true;
          if (!existing.count(mine.marker)) existing[mine.marker] = c["id"].get<long long>();
        }
      }
      if (!mine_now && body.starts_with(kMarkerPrefix)) {
        std::string marker = body.substr(0, body.find('\n'));
        others.emplace(marker, std::make_pair(c["id"].get<long long>(), body));
      }
    }
    if (answer->size() < static_cast<size_t>(kPerPage)) break;
  }
  for (const Comment& mine : comments) {
    GitHubJson body = {{"body", mine.body}};
    PostedComment result;
    result.stack = mine.stack;
    std::optional<GitHubJson> answer;
    if (auto it = existing.find(mine.marker); it != existing.end()) {
      answer = client.Call("PATCH", repo + "/issues/comments/" + std::to_string(it->second), &body,
                           error);
    } else {
      result.created = true;
      answer = client.Call("POST", list_path, &body, error);
    }
    if (!answer) return false;
    if (answer->is_object() && answer->contains("id") && (*answer)["id"].is_number_integer()) {
      result.id = (*answer)["id"].get<long long>();
    }
    if (answer->is_object() && answer->contains("html_url") && (*answer)["html_url"].is_string()) {
      result.url = (*answer)["html_url"].get<std::string>();
    }
    posted.push_back(std::move(result));
  }
  for (const auto& [marker, comment] : others) {
    GitHubJson body = {{"body", NoLongerAffectedBody(marker)}};
    if (comment.second == body["body"]) continue;  // said so already
    if (!client.Call("PATCH", repo + "/issues/comments/" + std::to_string(comment.first), &body,
                     error)) {
      return false;
    }
    PostedComment result;
    result.stack = marker.substr(kMarkerPrefix.size(), marker.size() - kMarkerPrefix.size() - 4);
    result.stale = true;
    result.id = comment.first;
    posted.push_back(std::move(result));
  }
  return true;
}

}  // namespace berth::review

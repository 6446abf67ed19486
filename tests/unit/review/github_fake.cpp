#include "tests/unit/review/github_fake.h"

#include <nlohmann/json.hpp>

namespace berth::testing {

namespace {

constexpr size_t kDefaultPerPage = 30;  // the API's default when per_page is not given

}  // namespace

FakeGitHub::FakeGitHub(std::string owner, std::string repo, long long pr, std::string token,
                       std::map<long long, std::string> existing)
    : owner_(std::move(owner)),
      repo_(std::move(repo)),
      token_(std::move(token)),
      pr_(pr),
      comments_(std::move(existing)) {
  std::string list =
      "/repos/" + owner_ + "/" + repo_ + "/issues/" + std::to_string(pr_) + "/comments";
  server_.Get(list, [this](const httplib::Request& req, httplib::Response& res) {
    RecordedRequest rec{"GET", req.target, "", {}};
    Check(req, rec, false);
    size_t per_page =
        req.has_param("per_page") ? std::stoul(req.get_param_value("per_page")) : kDefaultPerPage;
    size_t page = req.has_param("page") ? std::stoul(req.get_param_value("page")) : 1;
    if (per_page > 100) rec.problems.push_back("per_page over 100");
    nlohmann::json out = nlohmann::json::array();
    std::lock_guard<std::mutex> lock(mu_);
    size_t index = 0;
    for (const auto& [id, body] : comments_) {
      if (index >= (page - 1) * per_page && index < page * per_page) {
        out.push_back({{"id", id}, {"body", body}, {"user", {{"login", "someone"}}}});
      }
      ++index;
    }
    requests_.push_back(rec);
    res.set_content(out.dump(), "application/json");
  });
  server_.Post(list, [this](const httplib::Request& req, httplib::Response& res) {
    RecordedRequest rec{"POST", req.target, req.body, {}};
    Check(req, rec, true);
    std::lock_guard<std::mutex> lock(mu_);
    long long id = next_id_++;
    auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_object() && body.contains("body") && body["body"].is_string()) {
      comments_[id] = body["body"];
    }
    requests_.push_back(rec);
    res.status = 201;
    res.set_content(nlohmann::json({{"id", id},
                                    {"html_url", "https://github.com/" + owner_ + "/" + repo_ +
                                                     "/pull/" + std::to_string(pr_) +
                                                     "#issuecomment-" + std::to_string(id)}})
                        .dump(),
                    "application/json");
  });
  std::string edit = "/repos/" + owner_ + "/" + repo_ + R"(/issues/comments/(\d+))";
  server_.Patch(edit, [this](const httplib::Request& req, httplib::Response& res) {
    RecordedRequest rec{"PATCH", req.target, req.body, {}};
    Check(req, rec, true);
    long long id = std::stoll(req.matches[1]);
    std::lock_guard<std::mutex> lock(mu_);
    if (!comments_.count(id)) {
      rec.problems.push_back("PATCH of a comment that does not exist");
      requests_.push_back(rec);
      res.status = 404;
      res.set_content(R"({"message": "Not Found"})", "application/json");
      return;
    }
    auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_object() && body.contains("body") && body["body"].is_string()) {
      comments_[id] = body["body"];
    }
    requests_.push_back(rec);
    res.set_content(
        nlohmann::json({{"id", id}, {"html_url", "https://github.com/c/" + std::to_string(id)}})
            .dump(),
        "application/json");
  });
  // Anything else is a request the API does not document for this: record it as wrong.
  server_.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (res.status != 404) return;
    res.set_content(R"({"message": "Not Found"})", "application/json");  // as GitHub answers
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back({req.method, req.target, req.body, {"unexpected endpoint"}});
  });
  port_ = server_.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
}

FakeGitHub::~FakeGitHub() {
  server_.stop();
  thread_.join();
}

void FakeGitHub::Check(const httplib::Request& req, RecordedRequest& rec, bool has_body) const {
  if (req.get_header_value("Authorization") != "Bearer " + token_) {
    rec.problems.push_back("Authorization is not `Bearer <token>`");
  }
  if (req.get_header_value("Accept") != "application/vnd.github+json") {
    rec.problems.push_back("Accept is not application/vnd.github+json");
  }
  if (req.get_header_value("User-Agent").rfind("berth/", 0) != 0) {
    rec.problems.push_back("User-Agent does not name berth (the API refuses requests without)");
  }
  if (!has_body) return;
  if (req.get_header_value("Content-Type") != "application/json") {
    rec.problems.push_back("Content-Type is not application/json");
  }
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (!body.is_object() || body.size() != 1 || !body.contains("body") ||
      !body["body"].is_string()) {
    rec.problems.push_back("the body is not {\"body\": \"...\"}");
  }
}

std::vector<RecordedRequest> FakeGitHub::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

std::map<long long, std::string> FakeGitHub::comments() const {
  std::lock_guard<std::mutex> lock(mu_);
  return comments_;
}

}  // namespace berth::testing

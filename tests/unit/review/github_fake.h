// A GitHub REST API stand-in on 127.0.0.1 for the --post tests: it serves a pull request's
// comments (paginated, as the API does), records every request, and checks each against the
// documented shapes: method, path, headers and body.
#pragma once

#include <httplib.h>

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace berth::testing {

struct RecordedRequest {
  std::string method;
  std::string path;  // with the query
  std::string body;
  std::vector<std::string> problems;  // what the request got wrong; empty when it is valid
};

class FakeGitHub {
 public:
  // Serves /repos/{owner}/{repo}/issues/{pr}/comments; `existing` are comment bodies by id.
  FakeGitHub(std::string owner, std::string repo, long long pr, std::string token,
             std::map<long long, std::string> existing);
  ~FakeGitHub();

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<RecordedRequest> requests() const;
  std::map<long long, std::string> comments() const;

 private:
  void Check(const httplib::Request& req, RecordedRequest& rec, bool has_body) const;
  void Record(RecordedRequest rec);

  std::string owner_, repo_, token_;
  long long pr_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::vector<RecordedRequest> requests_;
  std::map<long long, std::string> comments_;
  long long next_id_ = 9000;
};

}  // namespace berth::testing

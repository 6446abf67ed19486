#include "controlplane/lb/upstreams.h"

namespace berth::controlplane::lb {

namespace upstreams_impl {
namespace {

// Idle connections kept per target; more in flight at once are closed after their request.
constexpr size_t kIdlePerTarget = 128;
// ALB gives up connecting to a target after 10 s and answers 504.
constexpr time_t kConnectSeconds = 10;

}  // namespace
}  // namespace upstreams_impl

std::unique_ptr<httplib::Client> Upstreams::Take(const std::string& key, bool& reused) {
  {
    std::lock_guard lock(mutex_);
    auto& idle = idle_[key];
    if (!idle.empty()) {
      auto client = std::move(idle.back());
      idle.pop_back();
      reused = true;
      return client;
    }
  }
  reused = false;
  return nullptr;
}

void Upstreams::Give(const std::string& key, std::unique_ptr<httplib::Client> client) {
  std::lock_guard lock(mutex_);
  auto& idle = idle_[key];
  if (idle.size() < upstreams_impl::kIdlePerTarget) idle.push_back(std::move(client));
}

std::string Upstreams::KeyOf(const Target& target) {
  return target.host + ":" + std::to_string(target.port);
}

void Upstreams::Retain(const std::set<std::string>& targets) {
  std::lock_guard lock(mutex_);
  for (auto it = idle_.begin(); it != idle_.end();)
    it = targets.count(it->first) ? std::next(it) : idle_.erase(it);
}

UpstreamResult Upstreams::Send(const Target& target, httplib::Request& request,
                               std::chrono::seconds timeout) {
  std::string key = KeyOf(target);
  UpstreamResult result;
  // A kept connection the target closed while idle fails at once; that one is retried on a new
  // connection (the request never reached the target), a new connection's failure is final.
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool reused = false;
    auto client = Take(key, reused);
    if (!client) {
      client = std::make_unique<httplib::Client>(target.host, target.port);
      client->set_keep_alive(true);
      client->set_tcp_nodelay(true);
      // The answer goes to the client as the target wrote it: compressed stays compressed,
      // the path stays as the client encoded it.
      client->set_decompress(false);
      client->set_url_encode(false);
      client->set_connection_timeout(upstreams_impl::kConnectSeconds);
    }
    client->set_read_timeout(timeout.count());
    client->set_write_timeout(timeout.count());
    httplib::Response response;
    httplib::Error error = httplib::Error::Success;
    auto start = std::chrono::steady_clock::now();
    if (client->send(request, response, error)) {
      std::string connection = response.get_header_value("Connection");
      if (connection != "close" && connection != "Close") Give(key, std::move(client));
      result.ok = true;
      result.response = std::move(response);
      return result;
    }
    auto waited = std::chrono::steady_clock::now() - start;
    result.timed_out = error == httplib::Error::ConnectionTimeout ||
                       (error == httplib::Error::Read && waited >= timeout);
    if (!reused || result.timed_out) break;
  }
  return result;
}

}  // namespace berth::controlplane::lb

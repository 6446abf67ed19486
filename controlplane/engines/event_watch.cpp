#include "controlplane/engines/event_watch.h"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "backends/docker/engine_client.h"
#include "controlplane/engines/engine.h"

namespace berth::controlplane::engines {

std::string EventStreamPath() {
  nlohmann::json filters = {
      {"type", {"container"}},
      {"label", {labels::kTask}},
      // "health_status" matches "health_status: healthy" and the like (moby
      // daemon/events/filter.go matchEvent), which the engine sends only when the status changes.
      {"event", {"create", "start", "die", "destroy", "oom", "health_status"}}};
  return std::string(docker::kApiVersion) + "/events?filters=" + docker::UrlEncode(filters.dump());
}

EventWatch::EventWatch(const std::vector<std::string>& sockets, std::function<void()> on_event)
    : on_event_(std::move(on_event)) {
  for (const std::string& socket : sockets) Add(socket);
}

void EventWatch::Add(const std::string& socket) {
  std::lock_guard<std::mutex> lock(clients_mutex_);
  if (stopping_ || followed_.count(socket)) return;
  auto removed = std::make_shared<std::atomic<bool>>(false);
  followed_[socket] = removed;
  threads_.emplace_back([this, socket, removed] { Follow(socket, removed); });
}

void EventWatch::Remove(const std::string& socket) {
  std::lock_guard<std::mutex> lock(clients_mutex_);
  auto found = followed_.find(socket);
  if (found == followed_.end()) return;
  *found->second = true;
  followed_.erase(found);
  for (auto& [followed, client] : clients_) {
    if (followed == socket) client->stop();
  }
}

EventWatch::~EventWatch() {
  stopping_ = true;
  {
    std::lock_guard<std::mutex> lock(clients_mutex_);
    for (auto& [socket, client] : clients_) client->stop();
  }
  for (std::thread& thread : threads_) thread.join();
}

void EventWatch::Follow(const std::string& socket, std::shared_ptr<std::atomic<bool>> removed) {
  const std::string path = EventStreamPath();
  auto done = [&] { return stopping_.load() || removed->load(); };
  while (!done()) {
    httplib::Client client(socket);
    client.set_address_family(AF_UNIX);
    client.set_default_headers({{"Host", "docker"}});
    client.set_connection_timeout(5);
    // The stream is quiet while nothing happens: a day without an event is not an error.
    client.set_read_timeout(24 * 3600);
    {
      std::lock_guard<std::mutex> lock(clients_mutex_);
      if (done()) return;
      clients_.emplace_back(socket, &client);
    }
    bool opened = false;
    client.Get(
        path.c_str(),
        [&](const httplib::Response& response) {
          opened = response.status == 200;
          // Events that came while no stream was open are unknown: look again.
          if (opened) on_event_();
          return opened && !done();
        },
        [&](const char*, size_t) {
          on_event_();
          return !done();
        });
    {
      std::lock_guard<std::mutex> lock(clients_mutex_);
      std::erase_if(clients_, [&](const auto& entry) { return entry.second == &client; });
    }
    if (done()) return;
    // The engine went away or refused: the reconciler finds out on its next look; try again
    // shortly without spinning.
    on_event_();
    for (int i = 0; i < 10 && !done(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

}  // namespace berth::controlplane::engines

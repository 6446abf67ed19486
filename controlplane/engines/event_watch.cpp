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
  for (const std::string& socket : sockets) {
    threads_.emplace_back([this, socket] { Follow(socket); });
  }
}

EventWatch::~EventWatch() {
  stopping_ = true;
  {
    std::lock_guard<std::mutex> lock(clients_mutex_);
    for (httplib::Client* client : clients_) client->stop();
  }
  for (std::thread& thread : threads_) thread.join();
}

void EventWatch::Follow(const std::string& socket) {
  const std::string path = EventStreamPath();
  while (!stopping_) {
    httplib::Client client(socket);
    client.set_address_family(AF_UNIX);
    client.set_default_headers({{"Host", "docker"}});
    client.set_connection_timeout(5);
    // The stream is quiet while nothing happens: a day without an event is not an error.
    client.set_read_timeout(24 * 3600);
    {
      std::lock_guard<std::mutex> lock(clients_mutex_);
      if (stopping_) return;
      clients_.push_back(&client);
    }
    bool opened = false;
    client.Get(
        path.c_str(),
        [&](const httplib::Response& response) {
          opened = response.status == 200;
          // Events that came while no stream was open are unknown: look again.
          if (opened) on_event_();
          return opened && !stopping_;
        },
        [&](const char*, size_t) {
          on_event_();
          return !stopping_.load();
        });
    {
      std::lock_guard<std::mutex> lock(clients_mutex_);
      std::erase(clients_, &client);
    }
    if (stopping_) return;
    // The engine went away or refused: the reconciler finds out on its next look; try again
    // shortly without spinning.
    on_event_();
    for (int i = 0; i < 10 && !stopping_; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

}  // namespace berth::controlplane::engines

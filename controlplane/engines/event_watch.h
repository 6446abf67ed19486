// Follows each engine's event stream (GET /events) for the control plane's containers and calls
// back on every event that can change a task (a container created, started, died, removed, or
// its health status changed) and whenever a stream breaks or comes back. The reconciler then
// needs no polling while everything is settled: the ECS agent, too, learns of container changes
// from the Docker event stream rather than by listing (amazon-ecs-agent
// agent/dockerclient/dockerapi/docker_client.go, ContainerEvents).
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Client;
}

namespace berth::controlplane::engines {

class EventWatch {
 public:
  // One thread per socket; `on_event` is called from those threads.
  EventWatch(const std::vector<std::string>& sockets, std::function<void()> on_event);
  // Follows one more engine (a container instance registered while the server runs); a socket
  // followed already is left as it is.
  void Add(const std::string& socket);
  // Closes one engine's stream (its instance was deregistered); its thread ends soon after.
  void Remove(const std::string& socket);
  // Closes the streams and joins the threads.
  ~EventWatch();
  EventWatch(const EventWatch&) = delete;
  EventWatch& operator=(const EventWatch&) = delete;

 private:
  void Follow(const std::string& socket, std::shared_ptr<std::atomic<bool>> removed);

  std::function<void()> on_event_;
  std::atomic<bool> stopping_{false};
  std::mutex clients_mutex_;
  // The streams open now, by socket, to close them on stop or removal.
  std::vector<std::pair<std::string, httplib::Client*>> clients_;
  // The sockets followed, each with the flag that ends its thread when it is removed.
  std::map<std::string, std::shared_ptr<std::atomic<bool>>> followed_;
  std::vector<std::thread> threads_;
};

// The query of the event stream: the control plane's containers, and only the events that can
// change a task. Exec events (one per health check run) are left out, or a hundred containers
// with health checks would wake the reconciler many times a second.
std::string EventStreamPath();

}  // namespace berth::controlplane::engines

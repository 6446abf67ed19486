// The awslogs driver, done by the control plane: every second it reads what each container
// whose task definition says `"logDriver": "awslogs"` printed since the last read (the engine's
// logs endpoint, docker_logs.h) and appends it to the log group's stream
// `awslogs-stream-prefix/CONTAINER/TASK_ID` (the container's id without a prefix), as ECS names
// them (ECS model `LogConfiguration`). The read position is committed with the lines, so a
// server killed between two reads starts again where it stopped, without repeating a line. It
// also enforces the groups' retention (events older than retentionInDays are dropped).
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "controlplane/model/ecs.h"
#include "controlplane/store/store.h"

namespace berth::controlplane::logs {

// Where a container's output goes.
struct Destination {
  std::string group;
  std::string stream;
  bool create_group = false;  // awslogs-create-group "true"
};

// The destination of `container` of the task (its definition's logConfiguration), or nullopt
// when it does not log to awslogs.
std::optional<Destination> DestinationOf(const nlohmann::json& definition,
                                         const std::string& container, const std::string& task_id,
                                         const std::string& container_id);

class Collector {
 public:
  Collector(store::Store& store, model::Origin origin, std::vector<std::string> sockets,
            std::chrono::milliseconds tick = std::chrono::milliseconds(1000));
  ~Collector();

  void Start();
  void Stop();
  // One pass over every engine's containers, and the retention sweep once a minute.
  void Tick();
  // Reads the rest of a container's output now: the reconciler calls it before it removes one.
  void Flush(const std::string& socket, const std::string& container_id);

 private:
  void Collect(const std::string& socket, const std::string& container_id,
               const std::string& task_id, const std::string& container);
  void Sweep();

  store::Store& store_;
  model::Origin origin_;
  std::vector<std::string> sockets_;
  std::chrono::milliseconds tick_;
  // Each container's destination (nullopt: not awslogs), found once.
  std::map<std::string, std::optional<Destination>> destinations_;
  std::mutex collect_mutex_;  // the collector's thread and the reconciler's Flush
  double last_sweep_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace berth::controlplane::logs

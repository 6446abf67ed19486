// A container instance: one Docker engine reached over its unix socket with the docker backend's
// EngineClient. The control plane finds its containers again by their labels, so it needs no
// memory of its own to re-adopt them after a restart (the ECS agent does the same with its
// state file; compose with com.docker.compose.* labels).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "backends/docker/engine_client.h"

namespace berth::controlplane::engines {

using nlohmann::json;

namespace labels {
inline constexpr const char* kTask = "io.berth.cp.task";            // the task id
inline constexpr const char* kContainer = "io.berth.cp.container";  // its name in the task
inline constexpr const char* kCluster = "io.berth.cp.cluster";
inline constexpr const char* kService = "io.berth.cp.service";
}  // namespace labels

// One container as a listing shows it.
struct Observed {
  std::string id;
  std::string task;       // label io.berth.cp.task
  std::string container;  // label io.berth.cp.container
  std::string state;      // created, running, exited, dead...
  std::string health;     // "", "starting", "healthy", "unhealthy"
  int exit_code = -1;     // when exited
};

struct Capacity {
  int cpu = 0;     // CPU units (1024 per CPU, as ECS counts them)
  int memory = 0;  // MiB
  std::string version;
  // The engine has Docker's default bridge network (`docker network inspect bridge`): tasks of
  // networkMode bridge get real port mappings there. Engines run with --bridge=none have none.
  bool bridge = false;
};

class Engine {
 public:
  explicit Engine(std::string socket) : client_(std::move(socket)) {}
  const std::string& socket() const { return client_.socket_path(); }

  // An id stable across restarts for the same socket, shaped like an EC2 instance id.
  std::string Id() const;

  bool Capacity(engines::Capacity& capacity, std::string& error) const;
  // Every container the control plane made on this engine, running or not.
  bool List(std::vector<Observed>& containers, std::string& error) const;

  // Creates the task's containers and starts them, dependencies first; those waiting for a
  // dependsOn condition other than START stay created (dependencies.h). A container of the same
  // name left by an earlier run of the server is adopted, not duplicated. False with ECS's
  // stoppedReason in `error` ("CannotPullContainerError: ...").
  bool Launch(const json& task, const json& definition, std::string& error) const;
  // Starts a created container; false with ECS's stoppedReason in `error`.
  bool Start(const std::string& id, std::string& error) const;

  // docker stop (SIGTERM, then SIGKILL after `timeout` seconds); blocks until it is done.
  void Stop(const std::string& id, int timeout) const;
  void Remove(const std::string& id) const;

  // One sample of a container's resource use (Docker's stats, one-shot: no second sample is
  // waited for), for the service utilization metrics of controlplane/scaling/usage.h.
  bool Stats(const std::string& id, json& stats, std::string& error) const;

 private:
  docker::EngineClient client_;
};

}  // namespace berth::controlplane::engines

// The `docker` backend: plans and applies a stack against a local Docker engine, the way
// `docker compose up` would, but with plans. A service is realised as desired_count replicas of
// its task's containers; tasks are what those containers run; the other kinds (clusters,
// roles, load balancers, log groups...) are accepted and recorded but have nothing to realise
// locally (docs/docker.md says what each becomes).
#pragma once

#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "backends/docker/engine_client.h"
#include "backends/docker/secrets.h"

namespace berth::docker {

struct DockerSettings {
  std::string stack;    // the stack's name: every object berth creates carries it as a label
  Value backend_block;  // the stack's `backend "docker" { ... }` block (secrets), or null
  std::string stack_dir = ".";
  double wait_timeout_ms = 5 * 60 * 1000;  // --wait-timeout: how long apply waits for health
  std::ostream* progress = nullptr;        // per-replica progress lines
};

class DockerBackend : public backends::Backend {
 public:
  // False with `error` when DOCKER_HOST names something other than a unix socket.
  static std::unique_ptr<DockerBackend> Open(DockerSettings settings, std::string& error);

  std::string name() const override { return "docker"; }
  // The state's resources, with each service's desired_count replaced by the number of its
  // replicas that run the applied revision and are up: a container killed or removed by hand
  // shows as drift.
  bool ReadLive(const state::State& state, std::vector<planner::LiveResource>& live,
                std::string& error) override;
  backends::ActionResult Apply(const planner::ResourceChange& change) override;
  // Learns the applied tasks and services from the state (a saved plan is applied without
  // ReadLive), and which changed resources have nothing to realise locally.
  void Begin(const planner::Plan& plan, const state::State& state) override;
  // A note naming those resources: recorded in the state, not realised on the engine.
  bool Finish(const state::State& state, std::string& report) override;
  // The same note at plan time, so nobody is surprised after apply.
  std::string PlanNote(const planner::Plan& plan) const override;

 private:
  DockerBackend(DockerSettings settings, std::string socket_path);

  backends::ActionResult ApplyTask(const planner::ResourceChange& change);
  backends::ActionResult ApplyService(const planner::ResourceChange& change);
  bool ConvergeService(const std::string& address, const Value& service, const Value* previous_task,
                       const std::string& previous_task_address, std::string& error);
  bool RemoveService(const std::string& address, std::string& error);
  void Progress(const std::string& address, const std::string& line);
  void Remember(const state::State& state);

  DockerSettings settings_;
  EngineClient engine_;
  SecretResolver secrets_;
  std::mutex cleanup_mutex_;  // one service at a time checks whether it was the stack's last
  std::mutex mutex_;          // guards the maps below and the progress stream
  // What was last applied (from the state) and what this apply has applied since, by address:
  // a service's replicas are built from its task's attributes.
  std::map<std::string, Value> tasks_;
  std::map<std::string, Value> services_;
  std::vector<std::string> not_realised_;  // set by Begin, before the threads start
};

}  // namespace berth::docker

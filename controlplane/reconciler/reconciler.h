// The reconciler: once a tick (1 s), it observes every engine's containers, moves each task
// along its lifecycle (docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle.html),
// and steps each service towards its desired count and its newest deployment within
// minimumHealthyPercent / maximumPercent, with the deployment circuit breaker. Decisions are
// written to the store in one transaction per tick before anything is done on an engine, so a
// server killed between the two finds the decision again and carries it out once.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "controlplane/engines/engine.h"
#include "controlplane/engines/event_watch.h"
#include "controlplane/model/ecs.h"
#include "controlplane/store/store.h"

namespace berth::controlplane::reconciler {

struct Options {
  std::chrono::milliseconds tick{1000};
  // The tick while everything is settled (every task RUNNING as desired, every service at its
  // desired count on one finished deployment). Nothing is polled then: an API write, or an
  // engine's event stream (a container started, died, removed, its health changed, the engine
  // went away: engines/event_watch.h) wakes the reconciler at once, so this is only a safety net.
  std::chrono::milliseconds settled_tick{30000};
  // A RUNNING task without a container health check counts as healthy this long after it started
  // (ECS model `DeploymentConfiguration.minimumHealthyPercent`: "40 seconds").
  int healthy_after_seconds = 40;
  // How long an engine may stay unreachable before its tasks are given up as stopped.
  int lost_after_seconds = 10;
  // Called before a container is removed (the logs collector reads the rest of its output).
  std::function<void(const std::string& socket, const std::string& container_id)> before_remove;
};

class Reconciler {
 public:
  Reconciler(store::Store& store, model::Origin origin,
             std::vector<std::unique_ptr<engines::Engine>> engines, Options options);
  ~Reconciler();

  void Start();
  // Runs the next tick now (the API calls it after each write).
  void Wake();
  // An engine's event: wakes the reconciler, and keeps it ticking every second for a few
  // seconds, because the engine announces a container's death before its listing shows it
  // (moby's handleContainerExit logs "die" before it checkpoints the container's new state),
  // so the tick the event wakes may still see it running.
  void EngineEvent();
  void Stop();
  // One pass; Start runs it every tick on a thread of its own. True when everything was
  // settled and the pass did nothing.
  bool Tick();

 private:
  void Loop();
  // Adds the engines of container instances registered through the API (RegisterContainerInstance,
  // kept in the store, so they come back after a restart) and drops deregistered ones.
  void SyncEngines();

  store::Store& store_;
  model::Origin origin_;
  // The engines given on the command line, then the registered ones. Shared with the threads
  // that stop containers, which may outlive an engine's deregistration.
  std::vector<std::shared_ptr<engines::Engine>> engines_;
  std::set<std::string> static_sockets_;
  Options options_;
  // Wakes the reconciler on the engines' container events; made by Start, closed by Stop.
  std::unique_ptr<engines::EventWatch> events_;
  // Each engine's CPUs and memory, asked again every minute (GET /info is the engine's
  // costliest call; a listing every tick is enough to know it is there).
  std::map<std::string, std::pair<engines::Capacity, double>> capacities_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
  std::chrono::steady_clock::time_point last_event_{};
  // Tasks whose containers are being stopped by a thread of their own (docker stop waits up to
  // stopTimeout); shared with those threads.
  std::shared_ptr<std::mutex> in_flight_mutex_ = std::make_shared<std::mutex>();
  std::shared_ptr<std::set<std::string>> in_flight_ = std::make_shared<std::set<std::string>>();
};

}  // namespace berth::controlplane::reconciler

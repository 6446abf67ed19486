// The control plane's timed work beside the reconciler, on a thread of its own that wakes every
// second: EventBridge schedules (controlplane/schedules/event_rules.h), Application Auto Scaling
// scheduled actions and capacity bounds, and every `metrics_interval` the services' CPU and
// memory utilization from the Docker stats API (usage.h), which feeds target tracking
// (target_tracking.h) and step scaling through the CloudWatch alarms that name a policy in their
// AlarmActions. Every change to a desired count goes through UpdateService and is recorded as a
// scaling activity (activities.h); the reconciler is woken to act on it at once.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "controlplane/engines/engine.h"
#include "controlplane/model/ecs.h"
#include "controlplane/scaling/usage.h"
#include "controlplane/store/store.h"

namespace berth::controlplane::scaling {

struct DriverOptions {
  // Seconds between two utilization datapoints: ECS publishes them every minute. A test makes it
  // short (`berth serve --metrics-interval`).
  double metrics_interval = 60;
  // Called after the driver changed anything the reconciler acts on.
  std::function<void()> after_write;
  // Requests the listeners' proxies routed to each target group ARN since the server started
  // (lb::RequestCounts), for ALBRequestCountPerTarget; unset, such policies have no data.
  std::function<std::map<std::string, std::uint64_t>()> request_counts;
};

// One datapoint of a service: its average utilization over the interval, in percent.
struct Datapoint {
  double at = 0;
  std::optional<double> cpu, memory;
  int tasks = 0;  // RUNNING
};

// Two readings of a target group's request counter.
struct RequestWindow {
  std::uint64_t before = 0, after = 0;
  double seconds = 0;
};

class Driver {
 public:
  Driver(store::Store& store, model::Origin origin, std::vector<std::string> engine_sockets,
         DriverOptions options);
  ~Driver();
  void Start();
  void Stop();
  // One pass at `now` (Start runs it every second).
  void Tick(double now);

 private:
  void Loop();
  void FireSchedules(double now);
  void Measure(double now);
  void Scale(double now);

  store::Store& store_;
  model::Origin origin_;
  std::vector<std::unique_ptr<engines::Engine>> engines_;
  DriverOptions options_;
  double next_measure_ = 0;
  // The last stats sample of each container, by container id.
  std::map<std::string, Sample> samples_;
  // Recent datapoints of each service ("CLUSTER/NAME"), oldest first.
  std::map<std::string, std::deque<Datapoint>> datapoints_;
  // The proxies' counters at the last measure, and each target group's last window.
  std::map<std::string, std::uint64_t> counts_;
  double counts_at_ = 0;
  std::map<std::string, RequestWindow> requests_;
  // Datapoints in a row below the scale-in tolerance, by policy ARN.
  std::map<std::string, int> below_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace berth::controlplane::scaling

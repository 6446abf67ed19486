#include "backends/docker/rollout.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

namespace berth::docker {

namespace {

std::string Seconds(Clock::duration elapsed) {
  char out[32];
  std::snprintf(out, sizeof out, "%.1fs", std::chrono::duration<double>(elapsed).count());
  return out;
}

std::string Short(const std::string& hash) { return hash.substr(0, 8); }

// The lowest slot no replica holds: on the host network a slot is a port offset, so two
// replicas running at once (old and new during a roll) never share a port.
int FreeSlot(const std::vector<Replica>& a, const std::vector<Replica>& b) {
  std::set<int> used;
  for (const Replica& r : a) used.insert(r.slot);
  for (const Replica& r : b) used.insert(r.slot);
  int slot = 0;
  while (used.count(slot)) ++slot;
  return slot;
}

class Rollout {
 public:
  Rollout(const RolloutContext& context, const RolloutTarget& target)
      : c_(context), t_(target), d_(target.deployment) {}

  bool Run(std::string& error) {
    if (!ResolveSecrets(error)) return false;
    std::map<std::string, std::vector<Replica>> by_address;
    if (!ListStackReplicas(*c_.engine, t_.owner.stack, by_address, error)) return false;
    std::vector<Replica> broken;
    for (Replica& r : by_address[t_.owner.address]) {
      if (!r.Up()) {
        broken.push_back(std::move(r));
      } else if (r.config_hash == t_.spec->config_hash) {
        current_.push_back(std::move(r));
      } else {
        old_.push_back(std::move(r));
      }
    }
    if (!broken.empty()) {
      Say("removing " + std::to_string(broken.size()) + " stopped or unhealthy replica(s)");
      if (!RemoveReplicas(*c_.engine, t_.owner.stack, broken, error)) return false;
    }
    if (static_cast<int>(current_.size()) > d_.desired) {
      // Scaling down: the highest slots go, the low ones keep their ports.
      std::sort(current_.begin(), current_.end(),
                [](const Replica& a, const Replica& b) { return a.slot < b.slot; });
      std::vector<Replica> surplus(current_.begin() + d_.desired, current_.end());
      current_.resize(d_.desired);
      Say("stopping " + std::to_string(surplus.size()) + " surplus replica(s)");
      if (!RemoveReplicas(*c_.engine, t_.owner.stack, surplus, error)) return false;
    }
    return Roll(error);
  }

 private:
  int Desired() const { return d_.desired; }
  int MaxTotal() const {
    return std::max(Desired(), static_cast<int>(std::floor(Desired() * d_.max_percent / 100.0)));
  }
  int MinHealthy() const {
    return static_cast<int>(std::ceil(Desired() * d_.min_healthy_percent / 100.0));
  }
  int Running() const { return static_cast<int>(current_.size() + old_.size()); }

  void Say(const std::string& line) const {
    if (c_.progress) c_.progress(line);
  }

  bool ResolveSecrets(std::string& error) {
    for (const ContainerSpec& c : t_.spec->containers) {
      std::vector<std::string> env;
      for (const auto& [variable, source] : c.secrets) {
        std::optional<std::string> value = c_.secrets->Resolve(variable, source, error);
        if (!value) {
          error = "container " + c.name + ": " + error;
          return false;
        }
        env.push_back(variable + "=" + *value);
      }
      secret_env_.push_back(std::move(env));
    }
    return true;
  }

  bool StopOld(int count, std::string& error) {
    count = std::min<int>(count, old_.size());
    if (count <= 0) return true;
    std::vector<Replica> stopping(old_.begin(), old_.begin() + count);
    old_.erase(old_.begin(), old_.begin() + count);
    Say("stopping " + std::to_string(count) + " replica(s) of the previous revision");
    return RemoveReplicas(*c_.engine, t_.owner.stack, stopping, error);
  }

  // Starts `count` replicas and waits for them; healthy ones join current_, failed ones are
  // removed and counted. False on an engine error or the wait timeout.
  bool StartBatch(int count, std::string& error) {
    std::vector<Replica> batch;
    for (int i = 0; i < count; ++i) {
      LaunchOptions launch;
      launch.spec = t_.spec;
      launch.owner = t_.owner;
      launch.slot = FreeSlot(current_, old_.empty() ? batch : Concat(old_, batch));
      launch.secret_env = secret_env_;
      launch.deadline = c_.deadline;
      Replica replica;
      if (!StartReplica(*c_.engine, launch, replica, error)) return false;
      Say("replica in slot " + std::to_string(replica.slot) + " started (revision " +
          Short(t_.spec->config_hash) + "), waiting for it to be healthy");
      batch.push_back(std::move(replica));
    }
    Clock::time_point started = Clock::now();
    for (Replica& replica : batch) {
      std::string reason;
      Readiness readiness = WaitReady(*c_.engine, replica, c_.deadline, reason);
      if (readiness == Readiness::kReady) {
        current_.push_back(std::move(replica));
        Say(std::to_string(current_.size()) + "/" + std::to_string(Desired()) +
            " replicas healthy (slot " + std::to_string(current_.back().slot) + " after " +
            Seconds(Clock::now() - started) + ")");
        continue;
      }
      std::string ignored;
      RemoveReplica(*c_.engine, t_.owner.stack, replica, ignored);
      if (readiness == Readiness::kTimedOut) {
        error = "replica in slot " + std::to_string(replica.slot) + " " + reason;
        return false;
      }
      ++failures_;
      Say("replica in slot " + std::to_string(replica.slot) + " failed: " + reason + " (" +
          std::to_string(failures_) + " failed)");
      last_failure_ = reason;
    }
    return true;
  }

  static std::vector<Replica> Concat(const std::vector<Replica>& a, const std::vector<Replica>& b) {
    std::vector<Replica> out = a;
    out.insert(out.end(), b.begin(), b.end());
    return out;
  }

  bool Roll(std::string& error) {
    while (static_cast<int>(current_.size()) < Desired() || !old_.empty()) {
      if (static_cast<int>(current_.size()) >= Desired()) return StopOld(old_.size(), error);
      if (Clock::now() >= c_.deadline) {
        error = std::to_string(current_.size()) + "/" + std::to_string(Desired()) +
                " replicas healthy when the wait timeout (--wait-timeout) ran out" +
                (last_failure_.empty() ? "" : " (last failure: " + last_failure_ + ")");
        return false;
      }
      int room = MaxTotal() - Running();
      if (room <= 0) {
        int can_stop = Running() - MinHealthy();
        if (can_stop <= 0) {
          error = "the deployment cannot make progress: max_percent " +
                  std::to_string(d_.max_percent) + " and min_healthy_percent " +
                  std::to_string(d_.min_healthy_percent) + " leave no room to replace a replica";
          return false;
        }
        if (!StopOld(std::min(can_stop, -room + 1), error)) return false;
        continue;
      }
      int batch = std::min(room, Desired() - static_cast<int>(current_.size()));
      if (!StartBatch(batch, error)) return false;
      if (d_.circuit_breaker != "off" && failures_ >= CircuitBreakerThreshold(Desired())) {
        return Trip(error);
      }
      int surplus = Running() - Desired();
      if (surplus > 0 && !StopOld(surplus, error)) return false;
    }
    return true;
  }

  bool Trip(std::string& error) {
    std::string why = "circuit breaker: " + std::to_string(failures_) +
                      " new replicas failed (last: " + last_failure_ + ")";
    if (d_.circuit_breaker != "rollback" || t_.previous == nullptr) {
      error = why + "; deployment stopped";
      return false;
    }
    Say(why + "; rolling back to revision " + Short(t_.previous->config_hash));
    RolloutTarget back = t_;
    back.spec = t_.previous;
    back.previous = nullptr;
    back.owner.task_address = t_.previous_task_address;
    back.deployment.circuit_breaker = "off";
    std::string rollback_error;
    if (!Converge(c_, back, rollback_error)) {
      error = why + "; the rollback failed too: " + rollback_error;
      return false;
    }
    error = why + "; rolled back to the previous revision";
    return false;
  }

  const RolloutContext& c_;
  const RolloutTarget& t_;
  const Deployment d_;
  std::vector<Replica> current_;  // up, of the target revision
  std::vector<Replica> old_;      // up, of another revision
  std::vector<std::vector<std::string>> secret_env_;
  int failures_ = 0;
  std::string last_failure_;
};

}  // namespace

Deployment DeploymentOf(const Value& service) {
  Deployment d;
  if (const Value* count = service.Get("desired_count"); count && count->is_numeric()) {
    d.desired = static_cast<int>(count->number());
  }
  if (const Value* block = service.Get("deployment"); block && block->is(ValueKind::kMap)) {
    if (const Value* v = block->Get("max_percent"); v && v->is_numeric()) {
      d.max_percent = static_cast<int>(v->number());
    }
    if (const Value* v = block->Get("min_healthy_percent"); v && v->is_numeric()) {
      d.min_healthy_percent = static_cast<int>(v->number());
    }
    if (const Value* v = block->Get("circuit_breaker");
        v && (v->is(ValueKind::kString) || v->is(ValueKind::kSymbol))) {
      d.circuit_breaker = v->str();
    }
  }
  return d;
}

int CircuitBreakerThreshold(int desired) {
  return std::clamp(static_cast<int>(std::ceil(desired * 0.5)), 3, 200);
}

bool Converge(const RolloutContext& context, const RolloutTarget& target, std::string& error) {
  return Rollout(context, target).Run(error);
}

}  // namespace berth::docker

#include "controlplane/targets/health_checker.h"

#include <httplib.h>

#include <set>

#include "controlplane/lb/targets_store.h"
#include "controlplane/model/ecs.h"

namespace berth::controlplane::targets {

namespace {

// Target groups a listener's default actions or a rule forwards to: only their targets are
// checked (ELBv2 checks a group's targets once a load balancer uses it).
std::set<std::string> GroupsInUse(const store::Tx& tx) {
  std::set<std::string> used;
  auto forwards = [&](const json& actions) {
    for (const json& action : actions.is_array() ? actions : json::array()) {
      if (action.contains("TargetGroupArn")) used.insert(action.value("TargetGroupArn", ""));
      for (const json& group :
           action.value("ForwardConfig", json::object()).value("TargetGroups", json::array())) {
        used.insert(group.value("TargetGroupArn", ""));
      }
    }
  };
  for (const json& listener : tx.List(store::kListener)) forwards(listener["DefaultActions"]);
  for (const json& rule : tx.List(store::kRule)) forwards(rule["Actions"]);
  return used;
}

// The host a target is reached at: its Id when that is an IP, else this machine (an instance
// id names nothing here).
std::string HostOf(const json& target) {
  std::string id = target.value("Id", "");
  return id.find_first_not_of("0123456789.:abcdefABCDEF") == std::string::npos &&
                 id.find_first_of(".:") != std::string::npos
             ? id
             : "127.0.0.1";
}

}  // namespace

CheckResult CheckTarget(const json& target_group, const json& target) {
  int port = HealthCheckPort(target_group, target);
  int timeout = target_group.value("HealthCheckTimeoutSeconds", 5);
  std::string protocol = target_group.value("HealthCheckProtocol", "HTTP");
  httplib::Client client(HostOf(target), port);
  client.set_connection_timeout(timeout, 0);
  client.set_read_timeout(timeout, 0);
  client.set_write_timeout(timeout, 0);
  client.set_keep_alive(false);
  CheckResult result;
  if (protocol != "HTTP" && protocol != "HTTPS") {
    // TCP, TLS, UDP: a connection that opens is a pass (HTTPS is checked as HTTP: berth's
    // targets speak plain HTTP).
    httplib::Error error = httplib::Error::Success;
    auto socket = client.Head("/");
    error = socket.error();
    result.ok = error == httplib::Error::Success || error == httplib::Error::Read;
    if (!result.ok) result.reason = "Target.FailedHealthChecks";
    return result;
  }
  auto response = client.Get(target_group.value("HealthCheckPath", "/"));
  if (!response) {
    result.reason = response.error() == httplib::Error::Read ||
                            response.error() == httplib::Error::ConnectionTimeout
                        ? "Target.Timeout"
                        : "Target.FailedHealthChecks";
    return result;
  }
  result.code = response->status;
  std::string matcher =
      target_group.value("Matcher", json::object()).value("HttpCode", std::string("200"));
  result.ok = CodeMatches(matcher, response->status);
  if (!result.ok) result.reason = "Target.ResponseCodeMismatch";
  return result;
}

HealthChecker::HealthChecker(store::Store& store, std::function<void()> on_change,
                             std::chrono::milliseconds round)
    : store_(store), on_change_(std::move(on_change)), round_(round) {}

HealthChecker::~HealthChecker() { Stop(); }

void HealthChecker::Start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      try {
        Round();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "berth serve: health checks: %s\n", e.what());
      }
      lock.lock();
      wake_.wait_for(lock, round_, [this] { return stopping_; });
    }
  });
}

void HealthChecker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  probes_.clear();  // waits for checks under way (each at most its timeout)
}

void HealthChecker::Round() {
  double now = model::Now();
  // Nothing due, nothing under way, no target written since the last read: nothing to do
  // without reading the store (target groups and listeners are read again within
  // kRereadSeconds, so a listener created since still takes its group's targets in use soon).
  uint64_t generation = lb::TargetsGeneration();
  bool pending = false;
  for (const auto& [key, probe] : probes_) pending = pending || probe.pending.valid();
  if (!pending && generation == generation_ && now < next_due_ &&
      now - last_read_ < kRereadSeconds) {
    return;
  }
  last_read_ = now;
  generation_ = generation;
  std::map<std::string, json> groups;
  std::vector<json> targets;
  std::set<std::string> used;
  store_.Transaction([&](store::Tx& tx) {
    targets = lb::ListTargets(tx);
    if (targets.empty()) return;  // a stack without load balancers costs one query
    for (json& group : tx.List(store::kTargetGroup)) {
      std::string arn = group["TargetGroupArn"];
      groups[arn] = std::move(group);
    }
    used = GroupsInUse(tx);
  });

  std::map<std::string, json> changed;       // key -> new document; null to delete
  double drained_at = now + kRereadSeconds;  // the first draining target's end
  std::set<std::string> seen;
  for (json& target : targets) {
    std::string key = lb::TargetKey(target);
    seen.insert(key);
    std::string state = target.value("State", "initial");
    auto group = groups.find(target.value("TargetGroupArn", ""));
    if (state == "draining" || group == groups.end()) {
      probes_.erase(key);
      drained_at = std::min(drained_at, target.value("DrainingUntil", 0.0));
      if (group == groups.end() || now >= target.value("DrainingUntil", 0.0)) {
        changed[key] = nullptr;
      }
      continue;
    }
    if (!used.count(group->first)) {
      probes_.erase(key);
      if (state != "unused") {
        SetState(target, "unused", "Target.NotInUse");
        changed[key] = target;
      }
      continue;
    }
    if (state == "unused") {
      SetState(target, "initial", "Elb.RegistrationInProgress");
      changed[key] = target;
    }
    Probe& probe = probes_[key];
    if (probe.pending.valid() &&
        probe.pending.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      CheckResult result = probe.pending.get();
      probe.passes = result.ok ? probe.passes + 1 : 0;
      probe.failures = result.ok ? 0 : probe.failures + 1;
      if (ApplyCheck(target, group->second, result, result.ok ? probe.passes : probe.failures)) {
        changed[key] = target;
      }
    }
    if (!probe.pending.valid() && now >= probe.next) {
      probe.next = now + group->second.value("HealthCheckIntervalSeconds", 30);
      probe.pending = std::async(std::launch::async, CheckTarget, group->second, target);
    }
  }
  next_due_ = drained_at;
  for (const auto& [key, probe] : probes_) next_due_ = std::min(next_due_, probe.next);
  for (auto probe = probes_.begin(); probe != probes_.end();) {
    probe = seen.count(probe->first) ? std::next(probe) : probes_.erase(probe);
  }
  if (changed.empty()) return;
  // Written over what the store holds now: a target deregistered or registered again since the
  // read above keeps what the API wrote.
  store_.Transaction([&](store::Tx& tx) {
    for (const auto& [key, doc] : changed) {
      auto held = tx.Get(lb::kTarget, key);
      if (!held) continue;
      if (doc.is_null()) {
        if ((*held)["State"] == "draining" && now >= held->value("DrainingUntil", 0.0)) {
          lb::DeleteTarget(tx, *held);
        } else if (!groups.count(held->value("TargetGroupArn", ""))) {
          lb::DeleteTarget(tx, *held);
        }
        continue;
      }
      if ((*held)["State"] == "draining" ||
          held->value("RegisteredAt", 0.0) != doc.value("RegisteredAt", 0.0)) {
        continue;
      }
      lb::PutTarget(tx, doc);
    }
  });
  if (on_change_) on_change_();
}

}  // namespace berth::controlplane::targets

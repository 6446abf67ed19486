#include "backends/fake_backend.h"

#include <thread>

namespace berth::backends {

bool FakeBackend::ReadLive(const state::State& state, std::vector<planner::LiveResource>& live,
                           std::string& error) {
  live = this->live();
  return true;
}

ActionResult FakeBackend::Apply(const planner::ResourceChange& change) {
  std::function<void(const planner::ResourceChange&)> hook;
  std::chrono::milliseconds delay;
  {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back({change.address, change.action});
    max_concurrent_ = std::max(max_concurrent_, ++concurrent_);
    hook = hook_;
    delay = delay_;
  }
  if (hook) hook(change);
  if (delay.count() > 0) std::this_thread::sleep_for(delay);
  std::lock_guard<std::mutex> lock(mu_);
  --concurrent_;
  if (auto it = failures_.find(change.address); it != failures_.end()) {
    return {false, it->second, Value::Null()};
  }
  if (change.action == planner::Action::kDelete) {
    live_.erase(change.address);
    return {true, "", Value::Null()};
  }
  live_[change.address] = {change.address, change.kind, change.after, change.depends_on};
  return {true, "", Value::Map({{"arn", Value::String("arn:fake:" + change.address)}})};
}

void FakeBackend::FailAddress(const std::string& address, const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_[address] = message;
}

void FakeBackend::Heal(const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_.erase(address);
}

void FakeBackend::SetDelay(std::chrono::milliseconds delay) {
  std::lock_guard<std::mutex> lock(mu_);
  delay_ = delay;
}

void FakeBackend::SetHook(std::function<void(const planner::ResourceChange&)> hook) {
  std::lock_guard<std::mutex> lock(mu_);
  hook_ = std::move(hook);
}

void FakeBackend::AddLive(planner::LiveResource resource) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string address = resource.address;
  live_[address] = std::move(resource);
}

std::vector<FakeBackend::Call> FakeBackend::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

std::vector<std::string> FakeBackend::CalledAddresses() const {
  std::vector<std::string> out;
  for (const Call& call : calls()) out.push_back(call.address);
  return out;
}

int FakeBackend::max_concurrent() const {
  std::lock_guard<std::mutex> lock(mu_);
  return max_concurrent_;
}

std::vector<planner::LiveResource> FakeBackend::live() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<planner::LiveResource> out;
  for (const auto& [address, resource] : live_) out.push_back(resource);
  return out;
}

}  // namespace berth::backends

// An in-memory backend for planner and apply tests (like ninja's VirtualFileSystem): its live
// world is a map it keeps itself, every call is recorded in order, and it can be told to fail an
// address or to take time per action. Thread-safe, as apply calls it from several threads.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "backends/backend.h"

namespace berth::backends {

class FakeBackend : public Backend {
 public:
  struct Call {
    std::string address;
    planner::Action action;
  };

  std::string name() const override { return "fake"; }
  // The fake's own world, whatever the state says: a test can make it drift from the state.
  bool ReadLive(const state::State& state, std::vector<planner::LiveResource>& live,
                std::string& error) override;
  // Records the call, waits the delay, then fails if told to, else changes the live world and
  // returns computed values ({"arn": "arn:fake:ADDRESS"}; none for deletes).
  ActionResult Apply(const planner::ResourceChange& change) override;

  // Every Apply on `address` fails with `message` until Heal(address).
  void FailAddress(const std::string& address, const std::string& message);
  void Heal(const std::string& address);
  // How long each Apply takes, to make actions overlap in parallelism tests.
  void SetDelay(std::chrono::milliseconds delay);
  // Runs at the start of every Apply, on the calling thread, before anything is recorded as
  // done: a test reads the state file there to see what was saved before this action.
  void SetHook(std::function<void(const planner::ResourceChange&)> hook);
  // The orderings OrderingEdges returns (none unless set).
  void SetOrderingEdges(std::map<std::string, std::vector<std::string>> edges) {
    edges_ = std::move(edges);
  }
  std::map<std::string, std::vector<std::string>> OrderingEdges() const override { return edges_; }
  // Puts a resource into the live world directly.
  void AddLive(planner::LiveResource resource);

  std::vector<Call> calls() const;
  std::vector<std::string> CalledAddresses() const;
  int max_concurrent() const;
  std::vector<planner::LiveResource> live() const;

 private:
  mutable std::mutex mu_;
  std::vector<Call> calls_;
  std::map<std::string, std::string> failures_;
  std::map<std::string, planner::LiveResource> live_;
  std::chrono::milliseconds delay_{0};
  std::function<void(const planner::ResourceChange&)> hook_;
  std::map<std::string, std::vector<std::string>> edges_;
  int concurrent_ = 0;
  int max_concurrent_ = 0;
};

}  // namespace berth::backends

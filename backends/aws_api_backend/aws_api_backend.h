// The `aws-api` backend (docs/aws-api.md): the aws backend's plans and requests (the same
// emitters build the same bodies), sent to AWS by berth's wire client (backends/aws_api/) instead
// of written to files. Apply runs each action's calls in order, fills the placeholders of
// generated values (`{{berth:target_group.api.arn}}`) from what earlier calls answered, in
// memory, and records those values in the state (`computed`) for later runs; sensitive values go
// into request bodies in memory only. Before any other call the caller's account and region
// (sts get-caller-identity) must be the stack's.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "backends/aws/aws_call.h"
#include "backends/aws_api/client.h"
#include "backends/aws_api_backend/live_reader.h"
#include "backends/aws_api_backend/service_waits.h"
#include "backends/aws_state_backend.h"
#include "compiler/ir/ir.h"

namespace berth::aws_api_backend {

struct Settings {
  ir::Stack stack;  // its region and account; its backend block's `endpoint` and `region`
  // The environment the client configuration is read from (tests pass their own).
  aws_api::Environment environment = aws_api::ProcessEnvironment();
  // What ReadLive reads: the stack's resources (with the state's), matched by name. Without it
  // ReadLive returns the state's view. Must outlive the backend.
  const ir::Program* desired = nullptr;
  int read_width = 16;  // describe/list calls in flight at once
  // Whether Open checks the caller's account and region with sts get-caller-identity (not for
  // berth's control plane, which has no accounts).
  bool check_caller = true;
  std::string name = "aws-api";  // the backend's name in messages: aws-api or controlplane
  // `apply --wait`: after each create-service and update-service, wait until the service is
  // stable (service_waits.h) for at most `wait_timeout`, writing progress lines to `progress`.
  bool wait_stable = false;
  std::chrono::milliseconds wait_timeout = kDefaultServiceWait;
  std::ostream* progress = nullptr;
};

class AwsApiBackend : public backends::AwsStateBackend {
 public:
  // Reads the configuration, checks the caller against the stack; nullptr with `error` when
  // either fails ("the stack is for account 111122223333, but the caller is 123456789012").
  static std::unique_ptr<AwsApiBackend> Open(const Settings& settings, std::string& error);

  std::string name() const override { return name_; }
  // Reads every resource the stack declares or the state records from AWS (live_reader.h), and
  // those carrying the stack's tags that it lost (tagged_finder.h), and decodes them as
  // `plan --live` does; resources only the state has (about to be deleted) keep
  // the state's view.
  bool ReadLive(const state::State& state, std::vector<planner::LiveResource>& live,
                std::string& error) override;
  // Reads from AWS too: the state-only TakeLive of AwsStateBackend (the `aws` backend's, whose
  // live view is the state) must not be inherited, or `plan` would never read live.
  bool TakeLive(state::State& state, std::vector<planner::LiveResource>& live,
                std::string& error) override {
    return ReadLive(state, live, error);
  }
  void Begin(const planner::Plan& plan, const state::State& state) override;
  backends::ActionResult Apply(const planner::ResourceChange& change) override;
  // Runs what waits for the end (the previous resource of a create-before-destroy replacement).
  bool Finish(const state::State& state, std::string& report) override;
  // What Begin found: aws::ApplyEdges (a service after what forwards to its target groups) and
  // aws::PlaceholderEdges (an action after every resource whose captured values it names).
  std::map<std::string, std::vector<std::string>> OrderingEdges() const override {
    return ordering_;
  }

  const aws_api::Client& client() const { return *client_; }
  // AWS operations the last ReadLive called.
  long last_read_calls() const { return last_read_.calls; }
  std::string ReadStats() const override { return last_read_.calls ? last_read_.Line() : ""; }

 private:
  AwsApiBackend(const Settings& settings, std::unique_ptr<aws_api::Client> client)
      : name_(settings.name),
        stack_(settings.stack),
        client_(std::move(client)),
        desired_(settings.desired),
        read_width_(settings.read_width),
        wait_stable_(settings.wait_stable),
        wait_timeout_(settings.wait_timeout),
        progress_(settings.progress) {}

  // Runs `calls` for `address`, adding read calls for generated values nobody captured yet.
  // False with `error` naming the operation and what AWS said.
  bool Run(std::vector<aws::AwsCall> calls, const std::map<std::string, std::string>& sensitive,
           Value& computed, std::string& error);
  // Adds to `resources` (what the stack declares or the state records) the objects carrying
  // every stack tag that neither knows (tagged_finder.h), so the plan deletes them.
  bool FindLost(std::vector<ir::Resource>& resources, long& calls, std::string& error) const;
  // The waits after an ECS call: services-inactive after delete-service, services-stable after
  // create-service and update-service under --wait. False with `error` when the wait failed.
  bool WaitAfter(const aws::AwsCall& call, std::string& error) const;
  bool Fill(aws::Json& body, const std::map<std::string, std::string>& sensitive,
            std::string& missing);
  std::vector<aws::AwsCall> Rollouts(const planner::ResourceChange& change,
                                     const std::vector<aws::AwsCall>& own) const;

  const std::string name_;
  const ir::Stack stack_;
  std::unique_ptr<aws_api::Client> client_;
  const ir::Program* desired_;
  int read_width_;
  bool wait_stable_;
  std::chrono::milliseconds wait_timeout_;
  std::ostream* progress_;
  LiveReadStats last_read_;
  // Set by Begin, read-only while Apply runs on several threads.
  ir::Program context_program_;
  std::map<std::string, std::vector<std::string>> ordering_;
  std::map<std::string, planner::Action> actions_;
  std::set<std::string> new_revisions_;
  std::map<std::string, Value> recorded_computed_;  // by address, from the state
  // Guards what follows.
  std::mutex mu_;
  std::map<std::string, std::string> captured_;  // "target_group.api.arn" -> the ARN
  std::vector<std::pair<std::string, std::vector<aws::AwsCall>>> deferred_;  // address, calls
  std::map<std::string, std::map<std::string, std::string>> deferred_sensitive_;
};

}  // namespace berth::aws_api_backend

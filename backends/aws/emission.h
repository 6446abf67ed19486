// Turning a stack (`berth emit aws`) or a plan's changes (`berth apply` with the aws backend)
// into AWS calls in an order that runs: creates after what they depend on, deletes before, read
// calls wherever a later call needs a generated value that no earlier call captures. The files
// themselves (request bodies, manifest.json, apply.sh) are written by emit_files.h.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "backends/aws/aws_call.h"
#include "backends/aws/capture_check.h"
#include "planner/plan.h"

namespace berth::aws {

struct Emission {
  std::vector<AwsCall> calls;      // in the order apply.sh runs them
  std::vector<std::string> notes;  // what could not be emitted, one line each
};

// Every resource's create calls, resources in dependency order (ties by address: the same
// stack always gives the same files).
// `derived` says how derivable names and ARNs are written (EmitContext::Derived): literally for
// request files, as placeholders for the CloudFormation writer.
Emission EmitStack(const ir::Program& program,
                   EmitContext::Derived derived = EmitContext::Derived::kLiteral);
// The same calls handed to `each` one resource at a time (every call of one IR resource, in
// order) instead of kept: the CloudFormation builder turns them into resources as they come,
// and the bodies of the whole stack never sit in memory at once. Returns the notes.
std::vector<std::string> EmitStack(const ir::Program& program, EmitContext::Derived derived,
                                   const std::function<void(std::vector<AwsCall>&&)>& each);

// The calls of one plan action, in two parts: `now` runs at the action's place in the order;
// `after` (the old resource of a create-before-destroy replacement, e.g. the previous task
// definition revision) runs once everything else has moved off it, with the deletes.
struct ChangeCalls {
  std::vector<AwsCall> now;
  std::vector<AwsCall> after;
  std::string kind;
  bool no_emitter = false;  // the kind has no emitter yet: nothing was emitted
};
ChangeCalls EmitChange(const planner::ResourceChange& change, const EmitContext& context);

// Orderings AWS needs that the IR does not express, as address -> addresses it must come after:
// a service whose autoscaling tracks `requests` after the load balancers and listener rules
// forwarding to its target groups (RequestsTrafficSources). Emission only, never the IR.
std::map<std::string, std::vector<std::string>> EmissionEdges(const ir::Program& program);
// The orderings a live apply needs (the aws-api backend, whose actions run in parallel): every
// service after what forwards to its target groups (TrafficSources), which ECS checks at
// CreateService; EmissionEdges' are among them.
std::map<std::string, std::vector<std::string>> ApplyEdges(const ir::Program& program);
// For each create, update or replace of `plan`: the other resources of the plan whose captured
// values its calls name without capturing them first (`{{berth:load_balancer.public.arn_suffix}}`
// in a service's put-scaling-policy, where the service does not depend on the load balancer in
// the IR). A live apply runs the action after theirs; the placeholder's address is the longest
// prefix of its name, cut at a dot, that the plan acts on.
std::map<std::string, std::vector<std::string>> PlaceholderEdges(const planner::Plan& plan,
                                                                 const EmitContext& context);

// A task replaced without a new family: for AWS a new revision of the same family, which the
// task emitter's `update` registers; the previous revision is deregistered at the end, as for a
// task update.
bool NewRevision(const planner::ResourceChange& change);

// The services of `program` whose `task` references `task_address`. A service whose task alone
// changed shows no change in the plan (its IR only references the task), so the aws backend
// adds RolloutService (ECS update-service) for each after the task's new revision.
std::vector<const ir::Resource*> ServicesRunning(const ir::Program& program,
                                                 std::string_view task_address);

// "no AWS emitter for kind KIND yet: A, B are not emitted".
std::string MissingEmitterNote(std::string_view kind, const std::vector<std::string>& addresses);

// Adds, before the first call that consumes it, a read call for every generated value that no
// earlier call captures (a security group id for an update of a group this run does not
// create), where the kind has a reader; notes the others.
void AddReadCalls(const EmitContext& context, Emission& emission);

// AddReadCalls one call at a time: Add hands `sink` the read calls the call needs (if any), then
// the call, each with the placeholder names its body uses (PlaceholdersIn, found once here for
// every later use). The notes are kept until Notes, which gives them in AddReadCalls' order.
class ReadCallAdder {
 public:
  using Sink = std::function<void(AwsCall&&, std::vector<std::string>&& placeholders)>;
  ReadCallAdder(const EmitContext& context, Sink sink)
      : context_(context), sink_(std::move(sink)) {}
  void Add(AwsCall call);
  std::vector<std::string>& notes() { return notes_; }

 private:
  const EmitContext& context_;
  Sink sink_;
  std::unordered_set<std::string> captured_;  // 70,000 names at 10,000 services: hashed
  std::unordered_set<std::string> noted_;
  std::vector<std::string> notes_;
};

// Sensitive values never reach a file: before builders see a resource, each sensitive value in
// its attributes becomes the string `{{berth:sensitive.ADDRESS.PATH}}` (PATH: map keys, block
// labels and list indexes joined by dots), filled by apply.sh from SensitiveVariable(NAME).
ir::Resource WithSensitivePlaceholders(const ir::Resource& resource);
// What those placeholders stand for, by name ("sensitive.task.api.containers.app.env.DB_PASS"
// -> the value's text): for a backend that calls AWS itself and puts them into request bodies in
// memory only.
std::map<std::string, std::string> SensitiveValues(const ir::Resource& resource);
// "sensitive.task.api.containers.app.env.DB_PASS" ->
// "BERTH_SENSITIVE_TASK_API_CONTAINERS_APP_ENV_DB_PASS"
std::string SensitiveVariable(std::string_view name);

}  // namespace berth::aws

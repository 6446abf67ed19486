// One AWS API request as berth emits it: exactly the `--cli-input-json` body of
// `aws SERVICE OPERATION`, plus what apply.sh needs to run it. Builders (one file per AWS service,
// one KindEmitter per resource kind) turn IR resources into these; `berth emit aws`, the aws
// backend's apply and the CloudFormation writer consume them. docs/aws.md describes the files.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/base/value.h"
#include "compiler/ir/ir.h"

namespace berth::aws {

using Json = nlohmann::ordered_json;

// A value that exists only after an earlier call ran (an ARN with a random suffix, a security
// group id, a DNS name) is written into request bodies as the visible placeholder
// `{{berth:ADDRESS.ATTRIBUTE}}`, e.g. `{{berth:target_group.api.arn}}`; apply.sh replaces it with
// what the producing call printed for its Capture of the same name.
std::string Placeholder(std::string_view address, std::string_view attribute);
// The placeholder's delimiters, for code that finds placeholders in text.
inline constexpr std::string_view kPlaceholderOpen = "{{berth:";
inline constexpr std::string_view kPlaceholderClose = "}}";

struct Capture {
  std::string name;  // "target_group.api.arn": the placeholder it fills (without the braces)
  std::string
      query;  // JMESPath for `--query` on the call's output: "TargetGroups[0].TargetGroupArn"
  // When set, only the text from the first occurrence of this literal to the end is kept: what
  // JMESPath cannot cut out of an ARN. CloudWatch names load balancers and target groups by ARN
  // suffix ("app/NAME/ID", "targetgroup/NAME/ID"): query the ARN, keep_from "app/" or
  // "targetgroup/". apply.sh: `v=${v#"${v%%"$keep_from"*}"}`; no occurrence is an error.
  std::string keep_from = {};
};

struct AwsCall {
  // As the AWS CLI names the service: "ecs", "elbv2", "iam", "logs", "application-autoscaling",
  // "events", "servicediscovery", "ec2".
  std::string service;
  std::string operation;               // as the CLI spells it: "register-task-definition"
  std::string address;                 // the IR address of the resource the call is for
  Json body;                           // the request, exactly as `--cli-input-json` takes it
  std::vector<Capture> captures = {};  // values this call produces that later calls consume
};

// The calls in order, each moved in: a braced list (`return {call, ...}`) would copy every call,
// its body's tree included, out of the const initializer_list.
template <typename... Calls>
std::vector<AwsCall> CallList(Calls&&... calls) {
  std::vector<AwsCall> list;
  list.reserve(sizeof...(calls));
  (list.push_back(std::forward<Calls>(calls)), ...);
  return list;
}

// What builders know about the whole stack while they turn one resource into calls.
class EmitContext {
 public:
  // How references to values berth can derive (role, cluster and log group names and ARNs, task
  // definitions, service names) are written. Requests carry them literally; a CloudFormation
  // template refers to the resource instead (Ref / Fn::GetAtt), so its writer asks for the
  // Placeholder of every reference and translates each one.
  enum class Derived { kLiteral, kPlaceholder };
  explicit EmitContext(const ir::Program& program, Derived derived = Derived::kLiteral)
      : program_(program), derived_(derived) {}
  const ir::Program& program() const { return program_; }
  const std::string& region() const { return program_.stack.region; }
  const std::string& account() const { return program_.stack.account; }

  // What a reference (`role.exec`, `target_group.api`, `security_group.alb.id`) stands for in a
  // request: the value when it is known before apply (a role's ARN from the account and name, a
  // cluster's or log group's name, a task's family), else the Placeholder that the creating
  // call captures. `attribute` "" means the resource's usual handle for that kind (an ARN for
  // roles and target groups, the name for clusters, the family for tasks).
  Json Resolve(const RefTarget& ref) const;

 private:
  const ir::Program& program_;
  Derived derived_;
};

// The calls for one resource kind. Each returns the calls in the order they must run; a
// resource's calls run after the calls of everything it depends on (creates) or before them
// (deletes).
struct KindEmitter {
  std::string_view kind;  // "task"
  // From nothing to `resource`.
  std::vector<AwsCall> (*create)(const ir::Resource& resource, const EmitContext& context);
  // From live attributes `before` to `resource` (an update in place; a replacement is a delete
  // and a create, or a create then a delete where the platform allows, decided by the caller).
  std::vector<AwsCall> (*update)(const ir::Resource& resource, const Value& before,
                                 const EmitContext& context);
  // Removes the resource that had attributes `before` (an IR resource rebuilt from state).
  std::vector<AwsCall> (*remove)(const ir::Resource& before, const EmitContext& context);
  // Optional (nullptr when the kind's generated values are all derivable): read-only calls that
  // look the live resource up by what the stack declares (its name) and capture its generated
  // values (`security_group.X.id`). Used where a later call needs a value of a resource this run
  // does not create: an update or delete of it, or `berth apply` changing only a dependent.
  std::vector<AwsCall> (*read)(const ir::Resource& resource, const EmitContext& context) = nullptr;
  // Optional: the part of an update that must wait until every emitter of the kind has run its
  // `update`, run in reverse table order. A Cloud Map service that the declaration dropped is
  // deleted only after the ECS update-service stopped naming it (AWS refuses to delete a Cloud
  // Map service that still has instances registered by ECS).
  std::vector<AwsCall> (*update_last)(const ir::Resource& resource, const Value& before,
                                      const EmitContext& context) = nullptr;
};

// The emitters of `kind`, in the order their creates run (removes run in reverse). A kind can
// need several AWS services: a service is an ECS service plus, when it declares autoscaling, an
// Application Auto Scaling target and policies, each built by its own service's file.
std::vector<const KindEmitter*> EmittersOf(std::string_view kind);

}  // namespace berth::aws

// A --live snapshot: the `aws ... describe-*` outputs in one directory, each file recognised by
// the shape of its JSON (its top-level members), not by its name (docs/aws.md, "Live
// snapshots"). Outputs that do not say whose they are (attributes, attached policies, rule
// targets, log group tags) carry their owner as an extra top-level member, which capture.sh adds
// with `--query`.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "backends/aws/live_json.h"

namespace berth::aws::live {

struct Snapshot {
  std::vector<std::unique_ptr<Json>> documents;  // owns what the nodes below point into

  std::vector<Node> clusters;              // ecs describe-clusters: clusters[]
  std::vector<Node> services;              // ecs describe-services: services[]
  std::vector<Node> task_definitions;      // ecs describe-task-definition: the whole output
  std::vector<Node> load_balancers;        // elbv2 describe-load-balancers: LoadBalancers[]
  std::vector<Node> listeners;             // elbv2 describe-listeners: Listeners[]
  std::vector<Node> rules;                 // elbv2 describe-rules: Rules[]
  std::vector<Node> target_groups;         // elbv2 describe-target-groups: TargetGroups[]
  std::map<std::string, Node> elbv2_tags;  // elbv2 describe-tags: by ResourceArn
  std::map<std::string, Node> load_balancer_attributes;  // by LoadBalancerArn: the output
  std::map<std::string, Node> target_group_attributes;   // by TargetGroupArn: the output
  std::vector<Node> roles;                               // iam get-role: Role
  std::map<std::string, Node> attached_policies;         // by RoleName: the output
  std::vector<Node> role_policies;                       // iam get-role-policy: the output
  std::vector<Node> log_groups;                          // logs describe-log-groups: logGroups[]
  std::map<std::string, Node> log_group_tags;            // by log group name: the output
  std::vector<Node> security_groups;            // ec2 describe-security-groups: SecurityGroups[]
  std::vector<Node> scalable_targets;           // application-autoscaling: ScalableTargets[]
  std::vector<Node> scaling_policies;           // ScalingPolicies[]
  std::vector<Node> scheduled_actions;          // ScheduledActions[]
  std::vector<Node> alarms;                     // cloudwatch describe-alarms: MetricAlarms[]
  std::vector<Node> event_rules;                // events describe-rule: the output
  std::map<std::string, Node> event_targets;    // events list-targets-by-rule: by Rule name
  std::map<std::string, Node> event_rule_tags;  // events list-tags-for-resource: by ResourceARN
  std::vector<Node> discovery_services;         // servicediscovery get-service: Service
};

// Reads every `*.json` file of `dir` (sorted by name). Throws SnapshotError for a file that is
// not JSON, not a describe output berth knows, or missing its owner member.
Snapshot LoadSnapshot(const std::string& dir);

// One describe output held in memory, as if read from a file named `origin`: the aws-api
// backend's live reader hands over what AWS answered this way instead of writing files.
struct Document {
  std::string origin;  // "ecs describe-services", for messages
  Json json;
};

// Adds `documents`, in order, as LoadSnapshot adds files. Throws as LoadSnapshot does.
void AddDocuments(Snapshot& snapshot, std::vector<Document> documents);

}  // namespace berth::aws::live

#include "backends/aws/live_snapshot.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "compiler/base/json_input.h"

namespace berth::aws::live {

namespace {

void AddItems(const Node& doc, std::string_view key, std::vector<Node>& into) {
  for (Node& item : doc.Items(key)) into.push_back(std::move(item));
}

// Outputs that do not name their owner must carry it as `owner_key` (capture.sh adds it).
void AddOwned(const Node& doc, std::string_view owner_key, std::string_view call,
              std::map<std::string, Node>& into) {
  if (!doc.Has(owner_key)) {
    doc.Fail(std::string(call) + " output does not say whose it is: add a top-level \"" +
             std::string(owner_key) + "\" member (capture.sh does)");
  }
  into.insert_or_assign(doc.Str(owner_key), doc);
}

// One file's document, by its top-level members.
void Recognise(const Node& doc, Snapshot& s) {
  const Json& j = doc.json();
  if (!j.is_object()) doc.Fail("expected the JSON object an `aws ... describe-*` call prints");
  auto has = [&](const char* key) { return j.contains(key); };
  if (has("clusters")) return AddItems(doc, "clusters", s.clusters);
  if (has("services") && !has("Service")) return AddItems(doc, "services", s.services);
  if (has("taskDefinition")) {
    doc.At("taskDefinition");
    return s.task_definitions.push_back(doc);
  }
  if (has("LoadBalancers")) return AddItems(doc, "LoadBalancers", s.load_balancers);
  if (has("Listeners")) return AddItems(doc, "Listeners", s.listeners);
  if (has("Rules")) return AddItems(doc, "Rules", s.rules);
  if (has("TargetGroups")) return AddItems(doc, "TargetGroups", s.target_groups);
  if (has("TagDescriptions")) {
    for (const Node& d : doc.Items("TagDescriptions"))
      s.elbv2_tags.insert_or_assign(d.Str("ResourceArn"), d);
    return;
  }
  if (has("Attributes")) {
    if (has("TargetGroupArn"))
      return AddOwned(doc, "TargetGroupArn", "describe-target-group-attributes",
                      s.target_group_attributes);
    return AddOwned(doc, "LoadBalancerArn",
                    "describe-load-balancer-attributes (or -target-group-attributes)",
                    s.load_balancer_attributes);
  }
  if (has("Role")) return s.roles.push_back(doc.At("Role"));
  if (has("AttachedPolicies"))
    return AddOwned(doc, "RoleName", "list-attached-role-policies", s.attached_policies);
  if (has("PolicyNames")) return;  // list-role-policies: get-role-policy outputs say it all
  if (has("PolicyDocument")) {
    doc.Str("RoleName");
    doc.Str("PolicyName");
    return s.role_policies.push_back(doc);
  }
  if (has("logGroups")) return AddItems(doc, "logGroups", s.log_groups);
  if (has("tags") && !has("taskDefinition"))
    return AddOwned(doc, "logGroupName", "logs list-tags-for-resource", s.log_group_tags);
  if (has("SecurityGroups")) return AddItems(doc, "SecurityGroups", s.security_groups);
  if (has("ScalableTargets")) return AddItems(doc, "ScalableTargets", s.scalable_targets);
  if (has("ScalingPolicies")) return AddItems(doc, "ScalingPolicies", s.scaling_policies);
  if (has("ScheduledActions")) return AddItems(doc, "ScheduledActions", s.scheduled_actions);
  if (has("MetricAlarms")) return AddItems(doc, "MetricAlarms", s.alarms);
  if (has("Tags") && has("ResourceARN"))
    return AddOwned(doc, "ResourceARN", "events list-tags-for-resource", s.event_rule_tags);
  if (has("Targets")) return AddOwned(doc, "Rule", "events list-targets-by-rule", s.event_targets);
  if (has("Arn") && has("Name") && (has("ScheduleExpression") || has("EventPattern")))
    return s.event_rules.push_back(doc);
  if (has("Service")) return s.discovery_services.push_back(doc.At("Service"));
  std::string keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys += (keys.empty() ? "" : ", ") + it.key();
  doc.Fail("not the output of an `aws` describe call berth reads (top-level members: " +
           (keys.empty() ? std::string("none") : keys) + ")");
}

}  // namespace

Snapshot LoadSnapshot(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw SnapshotError(dir + ": not a directory of `aws ... describe-*` outputs");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  }
  if (ec) throw SnapshotError(dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  Snapshot snapshot;
  for (const std::filesystem::path& path : files) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) throw SnapshotError(path.string() + ": cannot be read");
    JsonInputError syntax;
    std::optional<Json> parsed = ParseJsonInput(text.str(), syntax);
    if (!parsed) {
      throw SnapshotError(fmt::format("{}:{}:{}: not valid JSON: {}", path.string(), syntax.line,
                                      syntax.column, syntax.message));
    }
    auto doc = std::make_unique<Json>(std::move(*parsed));
    snapshot.documents.push_back(std::move(doc));
    Recognise(Node(snapshot.documents.back().get(), path.string(), ""), snapshot);
  }
  return snapshot;
}

void AddDocuments(Snapshot& snapshot, std::vector<Document> documents) {
  for (Document& document : documents) {
    snapshot.documents.push_back(std::make_unique<Json>(std::move(document.json)));
    Recognise(Node(snapshot.documents.back().get(), document.origin, ""), snapshot);
  }
}

}  // namespace berth::aws::live

#include "backends/aws_api_backend/live_reader.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>

#include "backends/aws/live_decode.h"
#include "backends/aws_api_backend/work_pool.h"

namespace berth::aws_api_backend {

namespace {

using aws_api::Json;
using Jobs = std::vector<std::function<void()>>;

// From this many roles on, listing the account's roles costs fewer calls than reading each.
constexpr size_t kListRolesFrom = 2;
// The same for the scaling policies and scheduled actions of the services that scale.
constexpr size_t kListScalingFrom = 2;
// Log groups are listed under the names' common prefix, which in an account with many groups
// may list many more than the stack's: only for stacks with many.
constexpr size_t kListLogGroupsFrom = 20;
// The one inline policy berth manages on a role (backends/aws/iam_role.cpp).
constexpr const char* kInlinePolicy = "berth-inline";

template <typename T>
std::vector<std::vector<T>> Batches(const std::vector<T>& items, size_t size) {
  std::vector<std::vector<T>> out;
  for (size_t i = 0; i < items.size(); i += size)
    out.emplace_back(items.begin() + i, items.begin() + std::min(items.size(), i + size));
  return out;
}

Json Array(const std::vector<std::string>& items) {
  Json out = Json::array();
  for (const std::string& item : items) out.push_back(item);
  return out;
}

class Reader {
 public:
  Reader(const aws_api::Client& client, int width) : client_(client), width_(width) {}

  // The answer, or nullopt when AWS says the object is absent (one of `absent` codes) or the
  // call failed (then Failed() is true).
  std::optional<Json> Call(const char* service, const char* operation, const Json& input,
                           std::initializer_list<const char*> absent = {}) {
    ++calls_;
    auto start = std::chrono::steady_clock::now();
    aws_api::CallResult result = client_.Call(service, operation, input);
    Count(service, operation, std::chrono::steady_clock::now() - start);
    if (result.ok()) return result.json();
    for (const char* code : absent) {
      if (result.error().code == code) return std::nullopt;
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (error_.empty()) error_ = result.error().ToString();
    return std::nullopt;
  }

  // Keeps one answer for the decoders, in the order answers came (as a snapshot directory's
  // numbered files would be read): in memory, since writing thousands of small files and
  // reading them back cost more CPU than everything else berth does in a live plan.
  void Write(const std::string& stem, Json document) {
    ++files_;
    std::lock_guard<std::mutex> lock(mu_);
    documents_.push_back({stem, std::move(document)});
  }
  std::vector<aws::live::Document> TakeDocuments() {
    std::lock_guard<std::mutex> lock(mu_);
    return std::move(documents_);
  }

  void Run(const Jobs& jobs) { RunPool(jobs, width_); }
  bool Failed() {
    std::lock_guard<std::mutex> lock(mu_);
    return !error_.empty();
  }
  std::string error() {
    std::lock_guard<std::mutex> lock(mu_);
    return error_;
  }
  long calls() const { return calls_.load(); }
  int files() const { return files_.load(); }
  std::map<std::string, LiveReadStats::Operation> operations() {
    std::lock_guard<std::mutex> lock(mu_);
    return operations_;
  }

  // Collected by the first round for the next ones.
  std::mutex found_mu;
  std::vector<std::string> load_balancer_arns, target_group_arns, listener_arns, rule_arns;
  std::vector<std::string> scalable_resource_ids, registry_ids;
  std::map<std::string, std::string> log_group_arns;  // name -> ARN without ":*"
  std::set<std::string> step_scaled_ids;              // scalable targets with a step scaling policy

 private:
  const aws_api::Client& client_;
  int width_;
  std::atomic<long> calls_{0};
  std::atomic<int> files_{0};
  std::mutex mu_;
  std::string error_;
  std::vector<aws::live::Document> documents_;
  std::map<std::string, LiveReadStats::Operation> operations_;

  void Count(const char* service, const char* operation, std::chrono::duration<double> took) {
    std::lock_guard<std::mutex> lock(mu_);
    LiveReadStats::Operation& counted = operations_[std::string(service) + " " + operation];
    ++counted.calls;
    counted.seconds += took.count();
  }
};

std::string Text(const ir::Resource& resource, const char* key) {
  const Value* v = resource.attributes.Get(key);
  return v && v->is(ValueKind::kString) ? v->str() : std::string();
}

// ELBv2's describe by Names fails whole when one name is unknown: then each name alone.
void DescribeByNames(Reader& reader, const char* operation, const char* member,
                     const char* not_found, const std::vector<std::string>& names,
                     const std::function<void(const Json&)>& found) {
  std::optional<Json> all = reader.Call("elbv2", operation, {{"Names", Array(names)}}, {not_found});
  if (all) {
    found(*all);
    return;
  }
  if (names.size() == 1) return;
  for (const std::string& name : names) {
    if (std::optional<Json> one = reader.Call("elbv2", operation, {{"Names", {name}}}, {not_found}))
      found(*one);
  }
}

// Calls `operation` page after page, `token` naming the page member of both the request and
// the answer (Marker, NextToken), and hands each answer to `page`. False when a call failed.
bool EachPage(Reader& reader, const char* service, const char* operation, Json input,
              const char* token, const std::function<void(const Json&)>& page) {
  for (;;) {
    std::optional<Json> out = reader.Call(service, operation, input);
    if (!out) return false;
    page(*out);
    auto next = out->find(token);
    if (next == out->end() || !next->is_string() || next->get<std::string>().empty() ||
        !out->value("IsTruncated", true))
      return true;
    input[token] = *next;
  }
}

// Writes the `member` items ("ScalingPolicies", "ScheduledActions") of an Application Auto
// Scaling answer that belong to one of `ids` (some servers match ResourceId as a substring:
// moto 5.2 answers service/main/svc1's policies to a question about svc10), and notes the
// resources with step scaling policies for round 3.
void WriteScaling(Reader& reader, const char* member, const Json& out,
                  const std::set<std::string>& ids) {
  Json kept = Json::array();
  for (const Json& item : out.value(member, Json::array())) {
    std::string id = item.value("ResourceId", "");
    if (!ids.count(id)) continue;
    if (item.value("PolicyType", "") == "StepScaling") {
      std::lock_guard<std::mutex> lock(reader.found_mu);
      reader.step_scaled_ids.insert(id);
    }
    kept.push_back(item);
  }
  if (!kept.empty())
    reader.Write(std::string("autoscaling-") + member, {{member, std::move(kept)}});
}

// Writes the log groups of a describe-log-groups answer that are among `names`, and notes their
// ARNs (without ":*") for their tags.
void WriteLogGroups(Reader& reader, const Json& out, const std::set<std::string>& names) {
  Json exact = Json::array();
  for (const Json& group : out.value("logGroups", Json::array())) {
    std::string name = group.value("logGroupName", "");
    if (!names.count(name)) continue;
    exact.push_back(group);
    std::string arn = group.value("arn", "");
    if (arn.size() > 2 && arn.ends_with(":*")) arn.resize(arn.size() - 2);
    std::lock_guard<std::mutex> lock(reader.found_mu);
    reader.log_group_arns[name] = arn;
  }
  if (!exact.empty()) reader.Write("logs-log-groups", {{"logGroups", std::move(exact)}});
}

// One role by name: get-role, list-attached-role-policies, and berth's inline policy.
void ReadRole(Reader& reader, const std::string& role) {
  auto out = reader.Call("iam", "get-role", {{"RoleName", role}}, {"NoSuchEntity"});
  if (!out) return;
  out->erase("ResponseMetadata");
  reader.Write("iam-role", std::move(*out));
  if (auto out =
          reader.Call("iam", "list-attached-role-policies", {{"RoleName", role}}, {"NoSuchEntity"}))
    reader.Write("iam-attached",
                 {{"AttachedPolicies", (*out)["AttachedPolicies"]}, {"RoleName", role}});
  auto names = reader.Call("iam", "list-role-policies", {{"RoleName", role}}, {"NoSuchEntity"});
  if (!names) return;
  for (const Json& name : (*names)["PolicyNames"]) {
    if (name != kInlinePolicy) continue;  // other inline policies are not the stack's
    if (auto out = reader.Call("iam", "get-role-policy", {{"RoleName", role}, {"PolicyName", name}},
                               {"NoSuchEntity"})) {
      out->erase("ResponseMetadata");
      reader.Write("iam-role-policy", std::move(*out));
    }
  }
}

// The documents ReadRole would write, from a role's list-roles entry and its
// get-account-authorization-details entry.
void WriteListedRole(Reader& reader, Json role, const Json& details) {
  std::string name = role.value("RoleName", "");
  for (const char* key : {"Tags", "PermissionsBoundary"}) {
    if (details.contains(key)) role[key] = details[key];
  }
  reader.Write("iam-role", {{"Role", std::move(role)}});
  reader.Write("iam-attached",
               {{"AttachedPolicies", details.value("AttachedManagedPolicies", Json::array())},
                {"RoleName", name}});
  for (const Json& policy : details.value("RolePolicyList", Json::array())) {
    if (policy.value("PolicyName", "") != kInlinePolicy) continue;
    reader.Write("iam-role-policy", {{"RoleName", name},
                                     {"PolicyName", kInlinePolicy},
                                     {"PolicyDocument", policy["PolicyDocument"]}});
  }
}

// A cluster as the service names it (a name, or an existing cluster's ARN) -> its name, as
// Application Auto Scaling's resource ids hold it ("service/CLUSTER/SERVICE").
std::string ClusterName(const std::string& cluster) {
  if (!cluster.starts_with("arn:")) return cluster;
  return cluster.substr(cluster.rfind('/') + 1);
}

}  // namespace

std::string LiveReadStats::Line() const {
  auto fixed = [](double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", seconds);
    return std::string(text);
  };
  std::vector<std::pair<std::string, Operation>> busiest(operations.begin(), operations.end());
  std::stable_sort(busiest.begin(), busiest.end(), [](const auto& a, const auto& b) {
    return a.second.seconds > b.second.seconds;
  });
  std::string out = std::to_string(calls) + " AWS calls in " + fixed(seconds) + " s (";
  for (size_t i = 0; i < busiest.size(); ++i) {
    out += (i ? ", " : "") + busiest[i].first + " " + std::to_string(busiest[i].second.calls) +
           " calls " + fixed(busiest[i].second.seconds) + " s";
  }
  return out + ")";
}

bool ReadLiveSnapshot(const aws_api::Client& client, const std::vector<ir::Resource>& resources,
                      int width, std::vector<aws::live::Document>& documents, LiveReadStats& stats,
                      std::string& error) {
  auto started = std::chrono::steady_clock::now();
  // What the stack names, by kind.
  std::map<std::string, std::string> cluster_names;  // address -> name
  std::set<std::string> clusters, families, load_balancers, target_groups, roles, log_groups,
      security_groups, schedules;
  std::map<std::string, std::set<std::string>> services;  // cluster name -> service names
  // Scalable target ids ("service/CLUSTER/NAME") of the services that declare autoscaling: the
  // only ones whose scaling is read, as capture.sh does.
  std::set<std::string> scaled;
  bool standalone_rules = false;  // whether rules are read as resources of their own
  for (const ir::Resource& resource : resources) {
    if (resource.kind == "cluster") cluster_names[resource.address] = Text(resource, "name");
  }
  for (const ir::Resource& resource : resources) {
    std::string name = aws::live::DesiredKey(resource);
    if (resource.kind == "cluster") clusters.insert(name);
    if (resource.kind == "task") families.insert(name);
    if (resource.kind == "load_balancer") load_balancers.insert(name);
    if (resource.kind == "target_group") target_groups.insert(name);
    if (resource.kind == "role") roles.insert(name);
    if (resource.kind == "log_group") log_groups.insert(name);
    if (resource.kind == "security_group") security_groups.insert(Text(resource, "name"));
    if (resource.kind == "schedule") schedules.insert(name);
    if (resource.kind == "listener_rule") standalone_rules = true;
    if (resource.kind == "service") {
      const Value* cluster = resource.attributes.Get("cluster");
      std::string cluster_name = !cluster ? "default"
                                 : cluster->is(ValueKind::kRef)
                                     ? cluster_names[cluster->ref().address]
                                 : cluster->is(ValueKind::kString) ? cluster->str()
                                                                   : "default";
      if (!cluster_name.empty()) services[cluster_name].insert(name);
      if (resource.attributes.Get("autoscaling"))
        scaled.insert("service/" + ClusterName(cluster_name) + "/" + name);
    }
  }
  clusters.erase("");
  families.erase("");
  load_balancers.erase("");
  target_groups.erase("");
  roles.erase("");
  log_groups.erase("");
  security_groups.erase("");
  schedules.erase("");

  Reader reader(client, width);
  auto collect = [&](std::vector<std::string>& into, const std::string& value) {
    std::lock_guard<std::mutex> lock(reader.found_mu);
    into.push_back(value);
  };

  // Round 1: the objects themselves.
  Jobs jobs;
  for (const auto& batch :
       Batches(std::vector<std::string>(clusters.begin(), clusters.end()), 100)) {
    jobs.push_back([&, batch] {
      if (auto out = reader.Call(
              "ecs", "describe-clusters",
              {{"clusters", Array(batch)}, {"include", {"TAGS", "SETTINGS", "CONFIGURATIONS"}}}))
        reader.Write("ecs-clusters", {{"clusters", (*out)["clusters"]}});
    });
  }
  for (const auto& [cluster, names] : services) {
    for (const auto& batch : Batches(std::vector<std::string>(names.begin(), names.end()), 10)) {
      std::string cluster_name = cluster;
      jobs.push_back([&, batch, cluster_name] {
        auto out = reader.Call(
            "ecs", "describe-services",
            {{"cluster", cluster_name}, {"services", Array(batch)}, {"include", {"TAGS"}}},
            {"ClusterNotFoundException"});
        if (!out) return;
        reader.Write("ecs-services", {{"services", (*out)["services"]}});
        for (const Json& service : (*out)["services"]) {
          if (service.value("status", "") == "INACTIVE") continue;
          std::string id =
              "service/" + ClusterName(cluster_name) + "/" + service.value("serviceName", "");
          if (scaled.count(id)) collect(reader.scalable_resource_ids, id);
          // The Cloud Map service ECS registers the tasks in: its id ends the registry ARN.
          for (const Json& registry : service.value("serviceRegistries", Json::array())) {
            std::string arn = registry.value("registryArn", "");
            if (!arn.empty()) collect(reader.registry_ids, arn.substr(arn.rfind('/') + 1));
          }
        }
      });
    }
  }
  // A schedule: its EventBridge rule, the rule's targets and its tags.
  for (const std::string& name : schedules) {
    jobs.push_back([&, name] {
      auto rule =
          reader.Call("events", "describe-rule", {{"Name", name}}, {"ResourceNotFoundException"});
      if (!rule) return;
      reader.Write("events-rule", *rule);
      if (auto out = reader.Call("events", "list-targets-by-rule", {{"Rule", name}}))
        reader.Write("events-targets", {{"Rule", name}, {"Targets", (*out)["Targets"]}});
      std::string arn = rule->value("Arn", "");
      if (auto out = reader.Call("events", "list-tags-for-resource", {{"ResourceARN", arn}}))
        reader.Write("events-tags", {{"ResourceARN", arn}, {"Tags", (*out)["Tags"]}});
    });
  }
  for (const std::string& family : families) {
    jobs.push_back([&, family] {
      if (auto out =
              reader.Call("ecs", "describe-task-definition",
                          {{"taskDefinition", family}, {"include", {"TAGS"}}}, {"ClientException"}))
        reader.Write("ecs-task-definition", *out);
    });
  }
  for (const auto& batch :
       Batches(std::vector<std::string>(load_balancers.begin(), load_balancers.end()), 20)) {
    jobs.push_back([&, batch] {
      DescribeByNames(
          reader, "describe-load-balancers", "LoadBalancers", "LoadBalancerNotFound", batch,
          [&](const Json& out) {
            reader.Write("elbv2-load-balancers", {{"LoadBalancers", out["LoadBalancers"]}});
            for (const Json& lb : out["LoadBalancers"])
              collect(reader.load_balancer_arns, lb.value("LoadBalancerArn", ""));
          });
    });
  }
  for (const auto& batch :
       Batches(std::vector<std::string>(target_groups.begin(), target_groups.end()), 20)) {
    jobs.push_back([&, batch] {
      DescribeByNames(
          reader, "describe-target-groups", "TargetGroups", "TargetGroupNotFound", batch,
          [&](const Json& out) {
            reader.Write("elbv2-target-groups", {{"TargetGroups", out["TargetGroups"]}});
            for (const Json& tg : out["TargetGroups"])
              collect(reader.target_group_arns, tg.value("TargetGroupArn", ""));
          });
    });
  }
  // IAM, from two roles on: two listings of the account's roles, 1,000 a page, instead of
  // get-role, list-attached-role-policies and list-role-policies for every role (3 calls a role,
  // 600 of the 1,328 calls of a 100-service plan). list-roles says what get-role says but the
  // tags; get-account-authorization-details has the tags and the attached and inline policies.
  std::map<std::string, Json> listed_roles, role_details;  // by name, the stack's only
  bool list_roles = roles.size() >= kListRolesFrom;
  auto keep_role = [&](std::map<std::string, Json>& into, const Json& role) {
    std::string name = role.value("RoleName", "");
    if (!roles.count(name)) return;
    std::lock_guard<std::mutex> lock(reader.found_mu);
    into[name] = role;
  };
  if (list_roles) {
    jobs.push_back([&] {
      EachPage(reader, "iam", "list-roles", {{"MaxItems", 1000}}, "Marker", [&](const Json& out) {
        for (const Json& role : out.value("Roles", Json::array())) keep_role(listed_roles, role);
      });
    });
    jobs.push_back([&] {
      EachPage(reader, "iam", "get-account-authorization-details",
               {{"Filter", {"Role"}}, {"MaxItems", 1000}}, "Marker", [&](const Json& out) {
                 for (const Json& role : out.value("RoleDetailList", Json::array()))
                   keep_role(role_details, role);
               });
    });
  } else {
    for (const std::string& role : roles) jobs.push_back([&, role] { ReadRole(reader, role); });
  }
  // Log groups, from 20 on: the groups under the names' common prefix listed, 50 a page,
  // instead of one describe-log-groups for each name (which lists the groups it prefixes too).
  if (log_groups.size() >= kListLogGroupsFrom) {
    const std::string& first = *log_groups.begin();
    const std::string& last = *log_groups.rbegin();
    size_t common = 0;
    while (common < first.size() && common < last.size() && first[common] == last[common]) ++common;
    Json input = {{"limit", 50}};
    if (common > 0) input["logGroupNamePrefix"] = first.substr(0, common);
    jobs.push_back([&, input] {
      EachPage(reader, "logs", "describe-log-groups", input, "nextToken",
               [&](const Json& out) { WriteLogGroups(reader, out, log_groups); });
    });
  } else {
    for (const std::string& name : log_groups) {
      jobs.push_back([&, name] {
        if (auto out = reader.Call("logs", "describe-log-groups", {{"logGroupNamePrefix", name}},
                                   {"ResourceNotFoundException"}))
          WriteLogGroups(reader, *out, {name});
      });
    }
  }
  for (const auto& batch :
       Batches(std::vector<std::string>(security_groups.begin(), security_groups.end()), 200)) {
    jobs.push_back([&, batch] {
      if (auto out =
              reader.Call("ec2", "describe-security-groups",
                          {{"Filters", {{{"Name", "group-name"}, {"Values", Array(batch)}}}}}))
        reader.Write("ec2-security-groups", {{"SecurityGroups", (*out)["SecurityGroups"]}});
    });
  }
  reader.Run(jobs);
  if (reader.Failed()) {
    error = reader.error();
    return false;
  }

  // Round 2: what hangs off them.
  jobs.clear();
  if (list_roles) {
    for (const std::string& name : roles) {
      auto listed = listed_roles.find(name);
      auto details = role_details.find(name);
      if (listed == listed_roles.end() && details == role_details.end()) continue;  // absent
      if (listed == listed_roles.end() || details == role_details.end()) {
        // Made or deleted between the two listings: read by name.
        jobs.push_back([&, name] { ReadRole(reader, name); });
        continue;
      }
      WriteListedRole(reader, listed->second, details->second);
    }
  }
  for (const std::string& arn : reader.load_balancer_arns) {
    jobs.push_back([&, arn] {
      if (auto out = reader.Call("elbv2", "describe-listeners", {{"LoadBalancerArn", arn}})) {
        reader.Write("elbv2-listeners", {{"Listeners", (*out)["Listeners"]}});
        for (const Json& listener : (*out)["Listeners"])
          collect(reader.listener_arns, listener.value("ListenerArn", ""));
      }
      if (auto out =
              reader.Call("elbv2", "describe-load-balancer-attributes", {{"LoadBalancerArn", arn}}))
        reader.Write("elbv2-lb-attributes",
                     {{"Attributes", (*out)["Attributes"]}, {"LoadBalancerArn", arn}});
    });
  }
  for (const std::string& arn : reader.target_group_arns) {
    jobs.push_back([&, arn] {
      if (auto out =
              reader.Call("elbv2", "describe-target-group-attributes", {{"TargetGroupArn", arn}}))
        reader.Write("elbv2-tg-attributes",
                     {{"Attributes", (*out)["Attributes"]}, {"TargetGroupArn", arn}});
    });
  }
  std::vector<std::string> tagged = reader.load_balancer_arns;
  tagged.insert(tagged.end(), reader.target_group_arns.begin(), reader.target_group_arns.end());
  for (const auto& batch : Batches(tagged, 20)) {
    jobs.push_back([&, batch] {
      if (auto out = reader.Call("elbv2", "describe-tags", {{"ResourceArns", Array(batch)}}))
        reader.Write("elbv2-tags", {{"TagDescriptions", (*out)["TagDescriptions"]}});
    });
  }
  for (const auto& [name, arn] : reader.log_group_arns) {
    std::string group = name, group_arn = arn;
    jobs.push_back([&, group, group_arn] {
      if (auto out = reader.Call("logs", "list-tags-for-resource", {{"resourceArn", group_arn}},
                                 {"ResourceNotFoundException"}))
        reader.Write("logs-tags", {{"tags", (*out)["tags"]}, {"logGroupName", group}});
    });
  }
  // Application Auto Scaling, from two scaled services on: the namespace's policies and
  // scheduled actions listed, 50 a page, instead of asked for service by service.
  std::set<std::string> scaled_ids(reader.scalable_resource_ids.begin(),
                                   reader.scalable_resource_ids.end());
  bool list_scaling = scaled_ids.size() >= kListScalingFrom;
  for (const auto& batch : Batches(reader.scalable_resource_ids, 50)) {
    jobs.push_back([&, batch] {
      auto out = reader.Call("application-autoscaling", "describe-scalable-targets",
                             {{"ServiceNamespace", "ecs"}, {"ResourceIds", Array(batch)}});
      if (!out || (*out)["ScalableTargets"].empty()) return;
      reader.Write("autoscaling-targets", {{"ScalableTargets", (*out)["ScalableTargets"]}});
      if (list_scaling) return;
      for (const Json& target : (*out)["ScalableTargets"]) {
        std::string id = target.value("ResourceId", "");
        Json filter = {{"ServiceNamespace", "ecs"}, {"ResourceId", id}};
        if (auto policies =
                reader.Call("application-autoscaling", "describe-scaling-policies", filter))
          WriteScaling(reader, "ScalingPolicies", *policies, {id});
        if (auto actions =
                reader.Call("application-autoscaling", "describe-scheduled-actions", filter))
          WriteScaling(reader, "ScheduledActions", *actions, {id});
      }
    });
  }
  if (list_scaling) {
    for (const char* operation : {"describe-scaling-policies", "describe-scheduled-actions"}) {
      jobs.push_back([&, operation] {
        const char* member = std::string_view(operation) == "describe-scaling-policies"
                                 ? "ScalingPolicies"
                                 : "ScheduledActions";
        EachPage(reader, "application-autoscaling", operation,
                 {{"ServiceNamespace", "ecs"}, {"MaxResults", 50}}, "NextToken",
                 [&](const Json& out) { WriteScaling(reader, member, out, scaled_ids); });
      });
    }
  }
  for (const std::string& id : reader.registry_ids) {
    jobs.push_back([&, id] {
      if (auto out =
              reader.Call("servicediscovery", "get-service", {{"Id", id}}, {"ServiceNotFound"}))
        reader.Write("servicediscovery-service", *out);
    });
  }
  reader.Run(jobs);

  // Round 3: the rules of each listener; the CloudWatch alarms of step scaling policies, which
  // keep their metric and threshold there, named CLUSTER-SERVICE-LABEL by berth
  // (backends/aws/autoscaling_service.cpp). Target tracking policies need none.
  jobs.clear();
  for (const std::string& id : reader.step_scaled_ids) {
    size_t slash = id.find('/', 8);  // service/CLUSTER/SERVICE
    if (!id.starts_with("service/") || slash == std::string::npos) continue;
    std::string prefix = id.substr(8, slash - 8) + "-" + id.substr(slash + 1) + "-";
    jobs.push_back([&, prefix] {
      if (auto alarms = reader.Call("cloudwatch", "describe-alarms", {{"AlarmNamePrefix", prefix}}))
        reader.Write("cloudwatch-alarms", {{"MetricAlarms", (*alarms)["MetricAlarms"]}});
    });
  }
  for (const std::string& arn : reader.listener_arns) {
    jobs.push_back([&, arn] {
      if (auto out = reader.Call("elbv2", "describe-rules", {{"ListenerArn", arn}})) {
        reader.Write("elbv2-rules", {{"Rules", (*out)["Rules"]}});
        for (const Json& rule : (*out)["Rules"]) {
          if (standalone_rules && !rule.value("IsDefault", false))
            collect(reader.rule_arns, rule.value("RuleArn", ""));
        }
      }
    });
  }
  reader.Run(jobs);

  // Round 4: the tags of the rules, for `listener_rule` resources (nested rules have none).
  jobs.clear();
  for (const auto& batch : Batches(reader.rule_arns, 20)) {
    jobs.push_back([&, batch] {
      if (auto out = reader.Call("elbv2", "describe-tags", {{"ResourceArns", Array(batch)}}))
        reader.Write("elbv2-tags", {{"TagDescriptions", (*out)["TagDescriptions"]}});
    });
  }
  reader.Run(jobs);
  stats.calls += reader.calls();
  stats.files += reader.files();
  stats.seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (const auto& [name, counted] : reader.operations()) {
    stats.operations[name].calls += counted.calls;
    stats.operations[name].seconds += counted.seconds;
  }
  if (reader.Failed()) {
    error = reader.error();
    return false;
  }
  documents = reader.TakeDocuments();
  return true;
}

}  // namespace berth::aws_api_backend

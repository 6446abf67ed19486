#include "backends/aws_api_backend/live_reader.h"

#include <atomic>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <set>

#include "backends/aws/live_decode.h"
#include "backends/aws_api_backend/work_pool.h"

namespace berth::aws_api_backend {

namespace {

using aws_api::Json;
using Jobs = std::vector<std::function<void()>>;

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
  Reader(const aws_api::Client& client, std::string dir, int width)
      : client_(client), dir_(std::move(dir)), width_(width) {}

  // The answer, or nullopt when AWS says the object is absent (one of `absent` codes) or the
  // call failed (then Failed() is true).
  std::optional<Json> Call(const char* service, const char* operation, const Json& input,
                           std::initializer_list<const char*> absent = {}) {
    ++calls_;
    aws_api::CallResult result = client_.Call(service, operation, input);
    if (result.ok()) return result.json();
    for (const char* code : absent) {
      if (result.error().code == code) return std::nullopt;
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (error_.empty()) error_ = result.error().ToString();
    return std::nullopt;
  }

  void Write(const std::string& stem, const Json& document) {
    int index = files_++;
    char name[32];
    std::snprintf(name, sizeof name, "%06d-", index);
    std::ofstream(dir_ + "/" + name + stem + ".json") << document.dump();
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

  // Collected by the first round for the next ones.
  std::mutex found_mu;
  std::vector<std::string> load_balancer_arns, target_group_arns, listener_arns;
  std::vector<std::string> roles, scalable_resource_ids, registry_ids;
  std::map<std::string, std::string> log_group_arns;  // name -> ARN without ":*"

 private:
  const aws_api::Client& client_;
  std::string dir_;
  int width_;
  std::atomic<long> calls_{0};
  std::atomic<int> files_{0};
  std::mutex mu_;
  std::string error_;
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

// A cluster as the service names it (a name, or an existing cluster's ARN) -> its name, as
// Application Auto Scaling's resource ids hold it ("service/CLUSTER/SERVICE").
std::string ClusterName(const std::string& cluster) {
  if (!cluster.starts_with("arn:")) return cluster;
  return cluster.substr(cluster.rfind('/') + 1);
}

}  // namespace

bool ReadLiveSnapshot(const aws_api::Client& client, const std::vector<ir::Resource>& resources,
                      const std::string& dir, int width, LiveReadStats& stats, std::string& error) {
  // What the stack names, by kind.
  std::map<std::string, std::string> cluster_names;  // address -> name
  std::set<std::string> clusters, families, load_balancers, target_groups, roles, log_groups,
      security_groups, schedules;
  std::map<std::string, std::set<std::string>> services;  // cluster name -> service names
  // Scalable target ids ("service/CLUSTER/NAME") of the services that declare autoscaling: the
  // only ones whose scaling is read, as capture.sh does.
  std::set<std::string> scaled;
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

  Reader reader(client, dir, width);
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
  for (const std::string& role : roles) {
    jobs.push_back([&, role] {
      auto out = reader.Call("iam", "get-role", {{"RoleName", role}}, {"NoSuchEntity"});
      if (!out) return;
      out->erase("ResponseMetadata");
      reader.Write("iam-role", *out);
      collect(reader.roles, role);
    });
  }
  for (const std::string& name : log_groups) {
    jobs.push_back([&, name] {
      auto out = reader.Call("logs", "describe-log-groups", {{"logGroupNamePrefix", name}},
                             {"ResourceNotFoundException"});
      if (!out) return;
      Json exact = Json::array();
      for (const Json& group : (*out)["logGroups"]) {
        if (group.value("logGroupName", "") != name) continue;
        exact.push_back(group);
        std::string arn = group.value("arn", "");
        if (arn.size() > 2 && arn.ends_with(":*")) arn.resize(arn.size() - 2);
        std::lock_guard<std::mutex> lock(reader.found_mu);
        reader.log_group_arns[name] = arn;
      }
      if (!exact.empty()) reader.Write("logs-log-groups", {{"logGroups", exact}});
    });
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
  for (const std::string& role : reader.roles) {
    jobs.push_back([&, role] {
      if (auto out = reader.Call("iam", "list-attached-role-policies", {{"RoleName", role}}))
        reader.Write("iam-attached",
                     {{"AttachedPolicies", (*out)["AttachedPolicies"]}, {"RoleName", role}});
      auto names = reader.Call("iam", "list-role-policies", {{"RoleName", role}});
      if (!names) return;
      for (const Json& name : (*names)["PolicyNames"]) {
        if (name != "berth-inline") continue;  // other inline policies are not the stack's
        if (auto out = reader.Call("iam", "get-role-policy",
                                   {{"RoleName", role}, {"PolicyName", name}}, {"NoSuchEntity"})) {
          out->erase("ResponseMetadata");
          reader.Write("iam-role-policy", *out);
        }
      }
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
  for (const auto& batch : Batches(reader.scalable_resource_ids, 50)) {
    jobs.push_back([&, batch] {
      auto out = reader.Call("application-autoscaling", "describe-scalable-targets",
                             {{"ServiceNamespace", "ecs"}, {"ResourceIds", Array(batch)}});
      if (!out || (*out)["ScalableTargets"].empty()) return;
      reader.Write("autoscaling-targets", {{"ScalableTargets", (*out)["ScalableTargets"]}});
      for (const Json& target : (*out)["ScalableTargets"]) {
        Json filter = {{"ServiceNamespace", "ecs"}, {"ResourceId", target["ResourceId"]}};
        if (auto policies =
                reader.Call("application-autoscaling", "describe-scaling-policies", filter))
          reader.Write("autoscaling-policies",
                       {{"ScalingPolicies", (*policies)["ScalingPolicies"]}});
        if (auto actions =
                reader.Call("application-autoscaling", "describe-scheduled-actions", filter))
          reader.Write("autoscaling-scheduled",
                       {{"ScheduledActions", (*actions)["ScheduledActions"]}});
        // Step scaling policies keep their metric and threshold in CloudWatch alarms, which
        // berth names CLUSTER-SERVICE-LABEL (backends/aws/autoscaling_service.cpp).
        std::string id = target.value("ResourceId", "");  // service/CLUSTER/SERVICE
        size_t slash = id.find('/', 8);
        if (id.starts_with("service/") && slash != std::string::npos) {
          std::string prefix = id.substr(8, slash - 8) + "-" + id.substr(slash + 1) + "-";
          if (auto alarms =
                  reader.Call("cloudwatch", "describe-alarms", {{"AlarmNamePrefix", prefix}}))
            reader.Write("cloudwatch-alarms", {{"MetricAlarms", (*alarms)["MetricAlarms"]}});
        }
      }
    });
  }
  for (const std::string& id : reader.registry_ids) {
    jobs.push_back([&, id] {
      if (auto out =
              reader.Call("servicediscovery", "get-service", {{"Id", id}}, {"ServiceNotFound"}))
        reader.Write("servicediscovery-service", *out);
    });
  }
  reader.Run(jobs);

  // Round 3: the rules of each listener.
  jobs.clear();
  for (const std::string& arn : reader.listener_arns) {
    jobs.push_back([&, arn] {
      if (auto out = reader.Call("elbv2", "describe-rules", {{"ListenerArn", arn}}))
        reader.Write("elbv2-rules", {{"Rules", (*out)["Rules"]}});
    });
  }
  reader.Run(jobs);
  stats.calls += reader.calls();
  stats.files += reader.files();
  if (reader.Failed()) {
    error = reader.error();
    return false;
  }
  return true;
}

}  // namespace berth::aws_api_backend

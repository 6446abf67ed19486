#include "backends/aws_api_backend/tagged_finder.h"

#include <atomic>
#include <mutex>

#include "backends/aws_api_backend/work_pool.h"

namespace berth::aws_api_backend {

namespace {

using aws_api::Json;
using Tags = std::map<std::string, std::string>;

class Finder {
 public:
  Finder(const aws_api::Client& client, const Tags& tags,
         const std::set<std::pair<std::string, std::string>>& known)
      : client_(client), tags_(tags), known_(known) {}

  // The answer, or nullopt when the call failed (recorded for error()) or AWS answered
  // `absent` (a cluster not created yet: nothing to find there).
  std::optional<Json> Call(const char* service, const char* operation, const Json& input,
                           const char* absent = nullptr) {
    ++calls_;
    aws_api::CallResult result = client_.Call(service, operation, input);
    if (result.ok()) return result.json();
    if (absent && result.error().code == absent) return std::nullopt;
    std::lock_guard<std::mutex> lock(mu_);
    if (error_.empty()) error_ = result.error().ToString();
    return std::nullopt;
  }

  // Every page of a list call: `token_in` names the request's page token, `token_out` the
  // answer's; `each` sees every page.
  void Pages(const char* service, const char* operation, Json input, const char* token_in,
             const char* token_out, const std::function<void(const Json&)>& each,
             const char* absent = nullptr) {
    for (int page = 0; page < 1000; ++page) {
      std::optional<Json> out = Call(service, operation, input, absent);
      if (!out) return;
      each(*out);
      std::string next = out->value(token_out, "");
      if (next.empty()) return;
      input[token_in] = next;
    }
  }

  // Whether `items` (objects with `key_field` and `value_field`) hold every stack tag.
  bool Carries(const Json& items, const char* key_field, const char* value_field) const {
    for (const auto& [key, value] : tags_) {
      bool found = false;
      for (const Json& tag : items)
        found = found || (tag.value(key_field, "") == key && tag.value(value_field, "") == value);
      if (!found) return false;
    }
    return true;
  }

  // Whether the stack declares or records an object of `kind` named `name`: it is read anyway.
  bool Known(const std::string& kind, const std::string& name) const {
    return known_.count({kind, name}) > 0;
  }

  void Found(const std::string& kind, const std::string& name, const std::string& cluster = "") {
    if (name.empty() || Known(kind, name)) return;
    ir::Resource resource;
    resource.address = kind + "." + name;
    resource.kind = kind;
    resource.attributes = Value::Map({});
    resource.attributes.Set("name", Value::String(name));
    if (!cluster.empty()) resource.attributes.Set("cluster", Value::String(cluster));
    std::lock_guard<std::mutex> lock(mu_);
    found_.push_back(std::move(resource));
  }

  std::vector<ir::Resource> TakeFound() { return std::move(found_); }
  long calls() const { return calls_.load(); }
  std::string error() {
    std::lock_guard<std::mutex> lock(mu_);
    return error_;
  }

 private:
  const aws_api::Client& client_;
  const Tags& tags_;
  const std::set<std::pair<std::string, std::string>>& known_;
  std::atomic<long> calls_{0};
  std::mutex mu_;
  std::string error_;
  std::vector<ir::Resource> found_;
};

Json Array(const std::vector<std::string>& items, size_t from, size_t count) {
  Json out = Json::array();
  for (size_t i = from; i < items.size() && i < from + count; ++i) out.push_back(items[i]);
  return out;
}

// The services of `cluster` carrying the tags: listed, then described 10 at a time with tags.
void FindServices(Finder& finder, const std::string& cluster) {
  std::vector<std::string> arns;
  finder.Pages(
      "ecs", "list-services", {{"cluster", cluster}, {"maxResults", 100}}, "nextToken", "nextToken",
      [&](const Json& page) {
        // Only services the stack does not name need their tags read: an ARN ends with the
        // name (service/CLUSTER/NAME, or service/NAME).
        for (const Json& arn : page.value("serviceArns", Json::array())) {
          std::string text = arn.get<std::string>();
          if (!finder.Known("service", text.substr(text.rfind('/') + 1))) arns.push_back(text);
        }
      },
      "ClusterNotFoundException");
  for (size_t i = 0; i < arns.size(); i += 10) {
    auto out =
        finder.Call("ecs", "describe-services",
                    {{"cluster", cluster}, {"services", Array(arns, i, 10)}, {"include", {"TAGS"}}},
                    "ClusterNotFoundException");
    if (!out) return;
    for (const Json& service : out->value("services", Json::array())) {
      // A DRAINING one is being deleted already.
      if (service.value("status", "") != "ACTIVE") continue;
      if (finder.Carries(service.value("tags", Json::array()), "key", "value"))
        finder.Found("service", service.value("serviceName", ""), cluster);
    }
  }
}

void FindClusters(Finder& finder) {
  std::vector<std::string> arns;
  finder.Pages("ecs", "list-clusters", {{"maxResults", 100}}, "nextToken", "nextToken",
               [&](const Json& page) {
                 for (const Json& arn : page.value("clusterArns", Json::array())) {
                   std::string text = arn.get<std::string>();
                   if (!finder.Known("cluster", text.substr(text.rfind('/') + 1)))
                     arns.push_back(text);
                 }
               });
  for (size_t i = 0; i < arns.size(); i += 100) {
    auto out = finder.Call("ecs", "describe-clusters",
                           {{"clusters", Array(arns, i, 100)}, {"include", {"TAGS"}}});
    if (!out) return;
    for (const Json& cluster : out->value("clusters", Json::array())) {
      if (cluster.value("status", "") == "INACTIVE") continue;
      if (finder.Carries(cluster.value("tags", Json::array()), "key", "value"))
        finder.Found("cluster", cluster.value("clusterName", ""));
    }
  }
}

// Load balancers or target groups: all of them listed, their tags read 20 ARNs a call.
void FindElbv2(Finder& finder, const char* operation, const char* member, const char* arn_field,
               const char* name_field, const std::string& kind) {
  std::map<std::string, std::string> name_of;  // ARN -> name
  std::vector<std::string> arns;
  finder.Pages("elbv2", operation, {{"PageSize", 400}}, "Marker", "NextMarker",
               [&](const Json& page) {
                 for (const Json& item : page.value(member, Json::array())) {
                   std::string arn = item.value(arn_field, "");
                   std::string name = item.value(name_field, "");
                   if (finder.Known(kind, name)) continue;  // read by name anyway
                   name_of[arn] = name;
                   arns.push_back(arn);
                 }
               });
  for (size_t i = 0; i < arns.size(); i += 20) {
    auto out = finder.Call("elbv2", "describe-tags", {{"ResourceArns", Array(arns, i, 20)}});
    if (!out) return;
    for (const Json& description : out->value("TagDescriptions", Json::array())) {
      if (finder.Carries(description.value("Tags", Json::array()), "Key", "Value"))
        finder.Found(kind, name_of[description.value("ResourceArn", "")]);
    }
  }
}

void FindSecurityGroups(Finder& finder, const Tags& tags) {
  Json filters = Json::array();
  for (const auto& [key, value] : tags)
    filters.push_back({{"Name", "tag:" + key}, {"Values", {value}}});
  finder.Pages("ec2", "describe-security-groups", {{"Filters", filters}}, "NextToken", "NextToken",
               [&](const Json& page) {
                 for (const Json& group : page.value("SecurityGroups", Json::array()))
                   finder.Found("security_group", group.value("GroupName", ""));
               });
}

}  // namespace

bool FindTagged(const aws_api::Client& client, const Tags& tags,
                const std::set<std::string>& clusters,
                const std::set<std::pair<std::string, std::string>>& known, int width,
                std::vector<ir::Resource>& out, long& calls, std::string& error) {
  if (tags.empty()) return true;
  Finder finder(client, tags, known);
  std::vector<std::function<void()>> jobs;
  for (const std::string& cluster : clusters)
    jobs.push_back([&finder, cluster] { FindServices(finder, cluster); });
  jobs.push_back([&finder] { FindClusters(finder); });
  jobs.push_back([&finder] {
    FindElbv2(finder, "describe-load-balancers", "LoadBalancers", "LoadBalancerArn",
              "LoadBalancerName", "load_balancer");
  });
  jobs.push_back([&finder] {
    FindElbv2(finder, "describe-target-groups", "TargetGroups", "TargetGroupArn", "TargetGroupName",
              "target_group");
  });
  jobs.push_back([&finder, &tags] { FindSecurityGroups(finder, tags); });
  RunPool(jobs, width);
  calls += finder.calls();
  error = finder.error();
  if (!error.empty()) return false;
  for (ir::Resource& resource : finder.TakeFound()) out.push_back(std::move(resource));
  return true;
}

}  // namespace berth::aws_api_backend

#include "backends/aws_api_backend/tagged_finder.h"

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>

#include "backends/aws_api_backend/work_pool.h"

namespace berth::aws_api_backend {

namespace {

using aws_api::Json;
using Tags = std::map<std::string, std::string>;

// A string member, "" when it is absent or not a string (a member the answer holds as null).
std::string Text(const Json& item, const char* key) {
  auto it = item.find(key);
  return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
}

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
      std::string next = Text(*out, token_out);
      if (next.empty()) return;
      input[token_in] = next;
    }
  }

  // Whether `items` (objects with `key_field` and `value_field`) hold every stack tag.
  bool Carries(const Json& items, const char* key_field, const char* value_field) const {
    for (const auto& [key, value] : tags_) {
      bool found = false;
      for (const Json& tag : items)
        found = found || (Text(tag, key_field) == key && Text(tag, value_field) == value);
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
      if (Text(service, "status") != "ACTIVE") continue;
      if (finder.Carries(service.value("tags", Json::array()), "key", "value"))
        finder.Found("service", Text(service, "serviceName"), cluster);
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
      if (Text(cluster, "status") == "INACTIVE") continue;
      if (finder.Carries(cluster.value("tags", Json::array()), "key", "value"))
        finder.Found("cluster", Text(cluster, "clusterName"));
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
                   std::string arn = Text(item, arn_field);
                   std::string name = Text(item, name_field);
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
        finder.Found(kind, name_of[Text(description, "ResourceArn")]);
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
                   finder.Found("security_group", Text(group, "GroupName"));
               });
}

// Objects listed by `list` (each page handed to `names`, which returns the names of what it
// lists and, for `tagged`, the identifier to ask tags for), then the tags of each one the stack
// does not name read one call each (IAM roles, log groups and EventBridge rules have no call
// that returns many objects' tags): `read_tags` returns an object's tags as [{key, value}].
void FindOneByOne(
    Finder& finder, const std::string& kind,
    const std::function<void(std::vector<std::pair<std::string, std::string>>&)>& list,
    const std::function<std::optional<Json>(const std::string&)>& read_tags, const char* key_field,
    const char* value_field) {
  std::vector<std::pair<std::string, std::string>> listed;  // name, identifier
  list(listed);
  for (const auto& [name, id] : listed) {
    if (finder.Known(kind, name)) continue;  // read by name anyway
    std::optional<Json> tags = read_tags(id);
    if (tags && finder.Carries(*tags, key_field, value_field)) finder.Found(kind, name);
  }
}

void FindRoles(Finder& finder) {
  FindOneByOne(
      finder, "role",
      [&](auto& listed) {
        finder.Pages("iam", "list-roles", {{"MaxItems", 1000}}, "Marker", "Marker",
                     [&](const Json& page) {
                       for (const Json& role : page.value("Roles", Json::array())) {
                         // AWS's service-linked roles are AWS's, never a stack's.
                         if (Text(role, "Path").starts_with("/aws-service-role/")) continue;
                         std::string name = Text(role, "RoleName");
                         listed.emplace_back(name, name);
                       }
                     });
      },
      [&](const std::string& name) -> std::optional<Json> {
        auto out = finder.Call("iam", "list-role-tags", {{"RoleName", name}}, "NoSuchEntity");
        if (!out) return std::nullopt;
        return out->value("Tags", Json::array());
      },
      "Key", "Value");
}

void FindLogGroups(Finder& finder) {
  FindOneByOne(
      finder, "log_group",
      [&](auto& listed) {
        finder.Pages("logs", "describe-log-groups", {{"limit", 50}}, "nextToken", "nextToken",
                     [&](const Json& page) {
                       for (const Json& group : page.value("logGroups", Json::array())) {
                         std::string arn = Text(group, "arn");
                         if (arn.ends_with(":*")) arn.resize(arn.size() - 2);
                         listed.emplace_back(Text(group, "logGroupName"), arn);
                       }
                     });
      },
      [&](const std::string& arn) -> std::optional<Json> {
        auto out = finder.Call("logs", "list-tags-for-resource", {{"resourceArn", arn}},
                               "ResourceNotFoundException");
        if (!out) return std::nullopt;
        Json tags = Json::array();  // {"k": "v"} -> [{"key": "k", "value": "v"}]
        Json map = out->value("tags", Json::object());
        if (!map.is_object()) return tags;
        for (const auto& [key, value] : map.items())
          tags.push_back({{"key", key}, {"value", value}});
        return tags;
      },
      "key", "value");
}

// EventBridge rules of the default bus (berth's schedules).
void FindSchedules(Finder& finder) {
  FindOneByOne(
      finder, "schedule",
      [&](auto& listed) {
        finder.Pages("events", "list-rules", {{"Limit", 100}}, "NextToken", "NextToken",
                     [&](const Json& page) {
                       for (const Json& rule : page.value("Rules", Json::array())) {
                         // A rule AWS manages for a service (ManagedBy) is not a stack's.
                         if (!Text(rule, "ManagedBy").empty()) continue;
                         listed.emplace_back(Text(rule, "Name"), Text(rule, "Arn"));
                       }
                     });
      },
      [&](const std::string& arn) -> std::optional<Json> {
        auto out = finder.Call("events", "list-tags-for-resource", {{"ResourceARN", arn}},
                               "ResourceNotFoundException");
        if (!out) return std::nullopt;
        return out->value("Tags", Json::array());
      },
      "Key", "Value");
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
  jobs.push_back([&finder] { FindRoles(finder); });
  jobs.push_back([&finder] { FindLogGroups(finder); });
  jobs.push_back([&finder] { FindSchedules(finder); });
  RunPool(jobs, width);
  calls += finder.calls();
  error = finder.error();
  if (!error.empty()) return false;
  for (ir::Resource& resource : finder.TakeFound()) out.push_back(std::move(resource));
  return true;
}

}  // namespace berth::aws_api_backend

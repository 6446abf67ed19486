// Live decoders of the kinds whose reads need no other objects: log groups, IAM roles, security
// groups, ECS clusters.
#include <cctype>

#include "backends/aws/live_decode.h"

namespace berth::aws::live {

Value Str(const std::string& s) { return Value::String(s); }

ValueList Strings(const std::vector<std::string>& items) {
  ValueList list;
  for (const std::string& s : items) list.push_back(Value::String(s));
  return list;
}

std::string Origin(const Node& n) { return n.file() + ": " + n.path(); }

namespace {

// IAM policy documents: the AWS CLI prints them decoded (an object); the raw API gives a
// URL-encoded string.
Json PolicyDocument(const Node& owner, std::string_view key) {
  Node doc = owner.At(key);
  if (doc.json().is_object()) return doc.json();
  std::string text = doc.AsStr(), decoded;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(text[i + 1]) &&
        std::isxdigit(text[i + 2])) {
      decoded += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      decoded += text[i] == '+' ? ' ' : text[i];
    }
  }
  Json parsed = Json::parse(decoded, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) doc.Fail("not a JSON policy document");
  return parsed;
}

// A policy member that may be a string or a list of strings, as a list.
ValueList OneOrMany(const Node& statement, std::string_view key) {
  if (!statement.Has(key)) return {};
  Node member = statement.At(key);
  if (member.json().is_string()) return {Value::String(member.AsStr())};
  return Strings(statement.Strs(key));
}

// "ReadAssets" -> "read_assets": the inverse of the builders' Sid of a statement label.
std::string SnakeCase(const std::string& sid) {
  std::string out;
  for (char c : sid) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (!out.empty()) out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

Value Statements(const Json& document, const std::string& file) {
  Node doc(&document, file, "PolicyDocument");
  ValueList statements;
  std::vector<Node> items;
  if (doc.At("Statement").json().is_object()) {
    items.push_back(doc.At("Statement"));
  } else {
    items = doc.Items("Statement");
  }
  for (size_t i = 0; i < items.size(); ++i) {
    const Node& st = items[i];
    ValueMap entry;
    std::optional<std::string> sid = st.OptStr("Sid");
    entry.emplace_back("name", Str(sid ? SnakeCase(*sid) : "statement_" + std::to_string(i)));
    std::string effect = st.Str("Effect");
    for (char& c : effect) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    entry.emplace_back("effect", Str(effect));
    entry.emplace_back("actions", Value::List(OneOrMany(st, "Action")));
    entry.emplace_back("resources", Value::List(OneOrMany(st, "Resource")));
    if (st.Has("Condition")) {
      ValueList conditions;
      const Json& c = st.At("Condition").json();
      for (auto test = c.begin(); test != c.end(); ++test) {
        for (auto var = test.value().begin(); var != test.value().end(); ++var) {
          Node values(&var.value(), file, st.path() + ".Condition");
          ValueList list = var.value().is_string() ? ValueList{Str(var.value().get<std::string>())}
                                                   : ValueList{};
          if (var.value().is_array()) {
            for (const Node& v : values.Items()) list.push_back(Str(v.AsStr()));
          }
          conditions.push_back(Value::Map({{"test", Str(test.key())},
                                           {"variable", Str(var.key())},
                                           {"values", Value::List(list)}}));
        }
      }
      entry.emplace_back("conditions", Value::List(conditions));
    }
    statements.push_back(Value::Map(std::move(entry)));
  }
  return Value::List(std::move(statements));
}

// The service principals the trust policy lets assume the role.
Value Trust(const Node& role) {
  Json document = PolicyDocument(role, "AssumeRolePolicyDocument");
  Node doc(&document, role.file(), role.path() + ".AssumeRolePolicyDocument");
  ValueList services;
  std::vector<Node> items = doc.At("Statement").json().is_object()
                                ? std::vector<Node>{doc.At("Statement")}
                                : doc.Items("Statement");
  for (const Node& st : items) {
    if (!st.Has("Principal") || !st.At("Principal").Has("Service")) continue;
    for (Value& v : OneOrMany(st.At("Principal"), "Service")) services.push_back(std::move(v));
  }
  return Value::List(std::move(services));
}

// A security group's IpPermissions as rule blocks. AWS merges every rule with the same
// protocol and ports into one permission: each peer group becomes its own rule, and the address
// ranges one rule per description.
void Rules(const Node& group, std::string_view key, std::string_view peer_key, ValueList& out) {
  for (const Node& p : group.Items(key)) {
    std::string protocol = p.Str("IpProtocol");
    ValueMap base;
    if (protocol == "-1") {
      base.emplace_back("protocol", Str("all"));
    } else {
      base.emplace_back("protocol", Str(protocol));
      long long from = p.OptInt("FromPort").value_or(-1), to = p.OptInt("ToPort").value_or(-1);
      bool any = protocol == "icmp" ? (from == -1 && to == -1) : (from == 0 && to == 65535);
      if (!any && from == to) {
        base.emplace_back("port", Value::Number(from));
      } else if (!any) {
        base.emplace_back("from_port", Value::Number(from));
        base.emplace_back("to_port", Value::Number(to));
      }
    }
    auto with = [&](ValueMap extra, const std::optional<std::string>& description) {
      ValueMap rule = base;
      for (auto& e : extra) rule.push_back(std::move(e));
      if (description) rule.emplace_back("description", Str(*description));
      out.push_back(Value::Map(std::move(rule)));
    };
    // Ranges grouped by description, in order of first appearance.
    std::vector<std::optional<std::string>> descriptions;
    auto collect = [&](std::string_view ranges, std::string_view field) {
      for (const Node& r : p.Items(ranges)) {
        std::optional<std::string> d = r.OptStr("Description");
        if (std::find(descriptions.begin(), descriptions.end(), d) == descriptions.end())
          descriptions.push_back(d);
        r.Str(field);
      }
    };
    collect("IpRanges", "CidrIp");
    collect("Ipv6Ranges", "CidrIpv6");
    for (const auto& d : descriptions) {
      ValueList v4, v6;
      for (const Node& r : p.Items("IpRanges"))
        if (r.OptStr("Description") == d) v4.push_back(Str(r.Str("CidrIp")));
      for (const Node& r : p.Items("Ipv6Ranges"))
        if (r.OptStr("Description") == d) v6.push_back(Str(r.Str("CidrIpv6")));
      ValueMap extra;
      if (!v4.empty()) extra.emplace_back("cidr", Value::List(v4));
      if (!v6.empty()) extra.emplace_back("ipv6_cidr", Value::List(v6));
      with(std::move(extra), d);
    }
    for (const Node& pair : p.Items("UserIdGroupPairs")) {
      with({{std::string(peer_key), Str(pair.Str("GroupId"))}}, pair.OptStr("Description"));
    }
  }
}

}  // namespace

Value Seconds(double seconds) { return Value::Duration(seconds * 1000); }

Value TagMap(const std::vector<Node>& tags, const char* key, const char* value) {
  ValueMap map;
  for (const Node& tag : tags) map.emplace_back(tag.Str(key), Str(tag.OptStr(value).value_or("")));
  return Value::Map(std::move(map));
}

std::vector<LiveObject> DecodeLogGroups(const Snapshot& s) {
  std::vector<LiveObject> out;
  for (const Node& g : s.log_groups) {
    std::string name = g.Str("logGroupName");
    ValueMap a;
    a.emplace_back("name", Str(name));
    if (auto days = g.OptInt("retentionInDays"))
      a.emplace_back("retention", Seconds(*days * 86400.0));
    if (auto key = g.OptStr("kmsKeyId")) a.emplace_back("kms_key", Str(*key));
    a.emplace_back("class", Str(g.OptStr("logGroupClass").value_or("STANDARD")));
    if (auto tags = s.log_group_tags.find(name);
        tags != s.log_group_tags.end() && tags->second.Has("tags")) {
      ValueMap map;
      const Json& t = tags->second.At("tags").json();
      if (!t.is_object()) tags->second.At("tags").Fail("expected an object of tags");
      for (auto it = t.begin(); it != t.end(); ++it)
        map.emplace_back(it.key(),
                         Str(it.value().is_string() ? it.value().get<std::string>() : ""));
      a.emplace_back("tags", Value::Map(std::move(map)));
    }
    LiveObject object{"log_group", name, Value::Map(std::move(a)), {}, Origin(g)};
    if (auto arn = g.OptStr("arn")) {
      std::string bare = arn->ends_with(":*") ? arn->substr(0, arn->size() - 2) : *arn;
      object.handles.push_back({bare, "arn"});
    }
    out.push_back(std::move(object));
  }
  return out;
}

std::vector<LiveObject> DecodeRoles(const Snapshot& s) {
  std::vector<LiveObject> out;
  for (const Node& r : s.roles) {
    std::string name = r.Str("RoleName");
    ValueMap a;
    a.emplace_back("name", Str(name));
    a.emplace_back("path", Str(r.OptStr("Path").value_or("/")));
    if (auto d = r.OptStr("Description"); d && !d->empty()) a.emplace_back("description", Str(*d));
    a.emplace_back("trust", Trust(r));
    if (auto max = r.OptInt("MaxSessionDuration")) a.emplace_back("max_session", Seconds(*max));
    a.emplace_back("tags", TagMap(r.Items("Tags"), "Key", "Value"));
    if (auto attached = s.attached_policies.find(name); attached != s.attached_policies.end()) {
      ValueList managed;
      for (const Node& p : attached->second.Items("AttachedPolicies"))
        managed.push_back(Str(p.Str("PolicyArn")));
      if (!managed.empty()) a.emplace_back("managed", Value::List(std::move(managed)));
    } else {
      r.Fail("no list-attached-role-policies output for role " + name + " (capture.sh writes it)");
    }
    for (const Node& policy : s.role_policies) {
      // The one inline policy berth manages (iam_role.cpp); others are not the stack's.
      if (policy.Str("RoleName") != name || policy.Str("PolicyName") != "berth-inline") continue;
      Json document = PolicyDocument(policy, "PolicyDocument");
      Value statements = Statements(document, policy.file());
      if (!statements.list().empty()) a.emplace_back("statements", std::move(statements));
    }
    LiveObject object{"role", name, Value::Map(std::move(a)), {}, Origin(r)};
    object.handles.push_back({r.Str("Arn"), ""});
    out.push_back(std::move(object));
  }
  return out;
}

std::vector<LiveObject> DecodeSecurityGroups(const Snapshot& s) {
  std::vector<LiveObject> out;
  for (const Node& g : s.security_groups) {
    std::string name = g.Str("GroupName");
    std::string vpc = g.OptStr("VpcId").value_or("");
    ValueMap a;
    a.emplace_back("name", Str(name));
    a.emplace_back("description", Str(g.OptStr("Description").value_or("")));
    a.emplace_back("vpc", Str(vpc));
    a.emplace_back("tags", TagMap(g.Items("Tags"), "Key", "Value"));
    ValueList ingress, egress;
    Rules(g, "IpPermissions", "source_security_group", ingress);
    Rules(g, "IpPermissionsEgress", "destination_security_group", egress);
    if (!ingress.empty()) a.emplace_back("ingress", Value::List(std::move(ingress)));
    // EC2's default rule (all traffic out) is the schema's server default of `egress`.
    if (!egress.empty()) a.emplace_back("egress", Value::List(std::move(egress)));
    LiveObject object{"security_group", name + " " + vpc, Value::Map(std::move(a)), {}, Origin(g)};
    object.handles.push_back({g.Str("GroupId"), "id"});
    out.push_back(std::move(object));
  }
  return out;
}

std::vector<LiveObject> DecodeClusters(const Snapshot& s) {
  std::vector<LiveObject> out;
  for (const Node& c : s.clusters) {
    if (c.OptStr("status").value_or("ACTIVE") == "INACTIVE") continue;  // deleted
    std::string name = c.Str("clusterName");
    ValueMap a;
    a.emplace_back("name", Str(name));
    bool insights = false;
    for (const Node& setting : c.Items("settings")) {
      if (setting.Str("name") == "containerInsights")
        insights = setting.OptStr("value").value_or("") == "enabled";
    }
    a.emplace_back("container_insights", Value::Bool(insights));
    if (std::vector<std::string> providers = c.Strs("capacityProviders"); !providers.empty())
      a.emplace_back("capacity_providers", Value::List(Strings(providers)));
    ValueList strategy;
    for (const Node& item : c.Items("defaultCapacityProviderStrategy")) {
      ValueMap entry = {{"name", Str(item.Str("capacityProvider"))},
                        {"weight", Value::Number(item.OptInt("weight").value_or(0))}};
      if (long long base = item.OptInt("base").value_or(0); base != 0)
        entry.emplace_back("base", Value::Number(base));
      strategy.push_back(Value::Map(std::move(entry)));
    }
    if (!strategy.empty()) a.emplace_back("default_capacity_providers", Value::List(strategy));
    if (c.Has("configuration")) {
      Node config = c.At("configuration");
      if (config.Has("executeCommandConfiguration")) {
        Node exec = config.At("executeCommandConfiguration");
        ValueMap e;
        if (auto v = exec.OptStr("kmsKeyId")) e.emplace_back("kms_key", Str(*v));
        if (auto v = exec.OptStr("logging")) e.emplace_back("logging", Str(*v));
        if (exec.Has("logConfiguration")) {
          Node log = exec.At("logConfiguration");
          if (auto v = log.OptStr("cloudWatchLogGroupName")) e.emplace_back("log_group", Str(*v));
          if (auto v = log.OptBool("cloudWatchEncryptionEnabled"))
            e.emplace_back("cloudwatch_encryption", Value::Bool(*v));
          if (auto v = log.OptStr("s3BucketName")) e.emplace_back("s3_bucket", Str(*v));
          if (auto v = log.OptBool("s3EncryptionEnabled"))
            e.emplace_back("s3_encryption", Value::Bool(*v));
          if (auto v = log.OptStr("s3KeyPrefix")) e.emplace_back("s3_key_prefix", Str(*v));
        }
        a.emplace_back("execute_command", Value::Map(std::move(e)));
      }
      if (config.Has("managedStorageConfiguration")) {
        Node storage = config.At("managedStorageConfiguration");
        ValueMap m;
        if (auto v = storage.OptStr("kmsKeyId")) m.emplace_back("kms_key", Str(*v));
        if (auto v = storage.OptStr("fargateEphemeralStorageKmsKeyId"))
          m.emplace_back("fargate_ephemeral_storage_kms_key", Str(*v));
        if (!m.empty()) a.emplace_back("managed_storage", Value::Map(std::move(m)));
      }
    }
    if (c.Has("serviceConnectDefaults")) {
      if (auto ns = c.At("serviceConnectDefaults").OptStr("namespace"))
        a.emplace_back("service_connect_namespace", Str(*ns));
    }
    a.emplace_back("tags", TagMap(c.Items("tags"), "key", "value"));
    LiveObject object{"cluster", name, Value::Map(std::move(a)), {}, Origin(c)};
    object.handles.push_back({c.Str("clusterArn"), ""});
    out.push_back(std::move(object));
  }
  return out;
}

std::string DesiredKey(const ir::Resource& resource) {
  auto text = [&](const char* key) {
    const Value* v = resource.attributes.Get(key);
    return v && v->is(ValueKind::kString) ? v->str() : std::string();
  };
  if (resource.kind == "task") return text("family");
  if (resource.kind == "security_group") return text("name") + " " + text("vpc");
  if (resource.kind == "listener_rule") return resource.address;
  return text("name");
}

}  // namespace berth::aws::live

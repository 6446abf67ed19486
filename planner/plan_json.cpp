#include "planner/plan_json.h"

namespace berth::planner {

namespace {

using nlohmann::json;

// Terraform's spelling, which review tools already understand: a replace is a delete and a
// create.
json Actions(Action a) {
  switch (a) {
    case Action::kCreate:
      return {"create"};
    case Action::kUpdate:
      return {"update"};
    case Action::kReplace:
      return {"delete", "create"};
    case Action::kDelete:
      return {"delete"};
    case Action::kNoOp:
      return {"no-op"};
  }
  return {"no-op"};
}

std::optional<Action> ActionFrom(const json& actions) {
  for (Action a :
       {Action::kCreate, Action::kUpdate, Action::kReplace, Action::kDelete, Action::kNoOp}) {
    if (actions == Actions(a)) return a;
  }
  return std::nullopt;
}

json ChangeToJson(const ResourceChange& c, Secrets secrets, std::string_view key) {
  json changes = json::array();
  for (const AttributeChange& a : c.changes) {
    changes.push_back({{"path", a.path},
                       {"before", ValueToJson(a.before, secrets, key)},
                       {"after", ValueToJson(a.after, secrets, key)},
                       {"forces_replacement", a.forces_replacement}});
  }
  return {{"address", c.address},
          {"kind", c.kind},
          {"actions", Actions(c.action)},
          {"before", ValueToJson(c.before, secrets, key)},
          {"after", ValueToJson(c.after, secrets, key)},
          {"changes", changes},
          {"depends_on", c.depends_on},
          {"replace_reasons", c.replace_reasons},
          {"unknown_paths", c.unknown_paths},
          {"sensitive_paths", c.sensitive_paths}};
}

bool ReadStrings(const json& j, const char* key, std::vector<std::string>& out,
                 std::string& error) {
  if (!j.contains(key) || !j[key].is_array()) {
    error = std::string("missing list \"") + key + "\"";
    return false;
  }
  for (const json& s : j[key]) {
    if (!s.is_string()) {
      error = std::string("\"") + key + "\" holds a non-string";
      return false;
    }
    out.push_back(s.get<std::string>());
  }
  return true;
}

std::optional<ResourceChange> ChangeFromJson(const json& j, std::string& error) {
  if (!j.is_object() || !j.contains("address") || !j["address"].is_string() ||
      !j.contains("kind") || !j["kind"].is_string() || !j.contains("actions")) {
    error = "a resource change lacks address, kind or actions";
    return std::nullopt;
  }
  ResourceChange c;
  c.address = j["address"].get<std::string>();
  c.kind = j["kind"].get<std::string>();
  auto action = ActionFrom(j["actions"]);
  if (!action) {
    error = c.address + ": unknown actions " + j["actions"].dump();
    return std::nullopt;
  }
  c.action = *action;
  auto before = ValueFromJson(j.value("before", json()), error);
  auto after = ValueFromJson(j.value("after", json()), error);
  if (!before || !after) return std::nullopt;
  c.before = std::move(*before);
  c.after = std::move(*after);
  for (const json& a : j.value("changes", json::array())) {
    auto b = ValueFromJson(a.value("before", json()), error);
    auto af = ValueFromJson(a.value("after", json()), error);
    if (!b || !af || !a.contains("path") || !a["path"].is_string()) {
      if (error.empty()) error = c.address + ": an attribute change lacks its path";
      return std::nullopt;
    }
    c.changes.push_back(
        {a["path"].get<std::string>(), *b, *af, a.value("forces_replacement", false)});
  }
  if (!ReadStrings(j, "depends_on", c.depends_on, error) ||
      !ReadStrings(j, "replace_reasons", c.replace_reasons, error) ||
      !ReadStrings(j, "unknown_paths", c.unknown_paths, error) ||
      !ReadStrings(j, "sensitive_paths", c.sensitive_paths, error)) {
    error = c.address + ": " + error;
    return std::nullopt;
  }
  return c;
}

}  // namespace

json PlanToJson(const Plan& plan, Secrets secrets, std::string_view key) {
  json changes = json::array();
  for (const ResourceChange& c : plan.changes) changes.push_back(ChangeToJson(c, secrets, key));
  return {{"format_version", kPlanJsonFormatVersion},
          {"resource_changes", changes},
          {"summary",
           {{"add", plan.Count(Action::kCreate)},
            {"change", plan.Count(Action::kUpdate)},
            {"replace", plan.Count(Action::kReplace)},
            {"destroy", plan.Count(Action::kDelete)},
            {"no_op", plan.Count(Action::kNoOp)},
            {"has_changes", plan.HasChanges()}}}};
}

std::optional<Plan> PlanFromJson(const json& j, std::string& error) {
  if (!j.is_object() || j.value("format_version", 0) != kPlanJsonFormatVersion ||
      !j.contains("resource_changes") || !j["resource_changes"].is_array()) {
    error = "not a berth plan of format version " + std::to_string(kPlanJsonFormatVersion);
    return std::nullopt;
  }
  Plan plan;
  for (const json& c : j["resource_changes"]) {
    auto change = ChangeFromJson(c, error);
    if (!change) return std::nullopt;
    plan.changes.push_back(std::move(*change));
  }
  return plan;
}

}  // namespace berth::planner

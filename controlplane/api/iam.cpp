// IAM (query protocol): roles with their inline and attached policies and tags, stored and
// answered as IAM does; nothing is enforced locally (berth serve authenticates its one key pair
// and authorizes nothing finer). Policy documents are answered URL-encoded, as IAM's XML API
// sends them (the AWS CLI decodes them; berth's live decoder accepts both).
#include <algorithm>

#include "backends/aws_api/percent_encoding.h"
#include "controlplane/api/api.h"

namespace berth::controlplane::api {

// Named (and anonymous within): the build compiles several files as one unit.
namespace iam_impl {
namespace {

[[noreturn]] void NoSuchEntity(const std::string& message) {
  throw ApiError("NoSuchEntity", message, 404);
}

json RequireRole(Context& context, const json& input) {
  std::string name = RequireString(input, "RoleName", "ValidationError");
  auto role = context.tx.Get(store::kRole, name);
  if (!role) NoSuchEntity("The role with name " + name + " cannot be found.");
  return *role;
}

void Save(Context& context, const json& role) {
  context.tx.Put(store::kRole, role["RoleName"], "", role);
}

std::string Encoded(const std::string& document) { return aws_api::PercentEncode(document); }

// The role as GetRole answers it: without the stored policies, tags only when there are any.
json Answer(const json& role) {
  json out = model::Public(role);
  if (out.contains("Tags") && out["Tags"].empty()) out.erase("Tags");
  return out;
}

// "AROA" and 17 characters of [A-Z0-9], as IAM's unique ids look.
std::string NewRoleId() {
  std::string hex = RandomHex(17), out = "AROA";
  for (char c : hex) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

json CreateRole(Context& context, const json& input) {
  std::string name = RequireString(input, "RoleName", "ValidationError");
  std::string document = RequireString(input, "AssumeRolePolicyDocument", "ValidationError");
  if (json::parse(document, nullptr, false).is_discarded()) {
    throw ApiError("MalformedPolicyDocument", "This policy contains invalid Json");
  }
  if (context.tx.Get(store::kRole, name)) {
    throw ApiError("EntityAlreadyExists", "Role with name " + name + " already exists.", 409);
  }
  std::string path = input.value("Path", "/");
  json role = {{"Path", path},
               {"RoleName", name},
               {"RoleId", NewRoleId()},
               {"Arn", ServiceArn(context, "iam", "role" + path + name)},
               {"CreateDate", model::Now()},
               {"AssumeRolePolicyDocument", Encoded(document)},
               {"MaxSessionDuration", input.value("MaxSessionDuration", 3600)},
               {"Tags", input.value("Tags", json::array())},
               {"x-berth", {{"inline", json::object()}, {"attached", json::array()}}}};
  if (input.contains("Description")) role["Description"] = input["Description"];
  if (input.contains("PermissionsBoundary")) {
    role["PermissionsBoundary"] = {{"PermissionsBoundaryType", "Policy"},
                                   {"PermissionsBoundaryArn", input["PermissionsBoundary"]}};
  }
  Save(context, role);
  return {{"Role", Answer(role)}};
}

json GetRole(Context& context, const json& input) {
  return {{"Role", Answer(RequireRole(context, input))}};
}

json ListRoles(Context& context, const json& input) {
  std::string prefix = input.value("PathPrefix", "/");
  json roles = json::array();
  for (const json& role : context.tx.List(store::kRole)) {
    if (role.value("Path", "/").rfind(prefix, 0) == 0) roles.push_back(Answer(role));
  }
  return {{"Roles", roles}, {"IsTruncated", false}};
}

json DeleteRole(Context& context, const json& input) {
  json role = RequireRole(context, input);
  if (!role["x-berth"]["attached"].empty()) {
    throw ApiError("DeleteConflict", "Cannot delete entity, must detach all policies first.", 409);
  }
  if (!role["x-berth"]["inline"].empty()) {
    throw ApiError("DeleteConflict", "Cannot delete entity, must delete policies first.", 409);
  }
  context.tx.Delete(store::kRole, role["RoleName"]);
  return json::object();
}

json UpdateRole(Context& context, const json& input) {
  json role = RequireRole(context, input);
  if (input.contains("Description")) role["Description"] = input["Description"];
  if (input.contains("MaxSessionDuration"))
    role["MaxSessionDuration"] = input["MaxSessionDuration"];
  Save(context, role);
  return json::object();
}

json UpdateAssumeRolePolicy(Context& context, const json& input) {
  json role = RequireRole(context, input);
  std::string document = RequireString(input, "PolicyDocument", "ValidationError");
  if (json::parse(document, nullptr, false).is_discarded()) {
    throw ApiError("MalformedPolicyDocument", "This policy contains invalid Json");
  }
  role["AssumeRolePolicyDocument"] = Encoded(document);
  Save(context, role);
  return json::object();
}

json PutRolePolicy(Context& context, const json& input) {
  json role = RequireRole(context, input);
  std::string name = RequireString(input, "PolicyName", "ValidationError");
  std::string document = RequireString(input, "PolicyDocument", "ValidationError");
  if (json::parse(document, nullptr, false).is_discarded()) {
    throw ApiError("MalformedPolicyDocument", "This policy contains invalid Json");
  }
  role["x-berth"]["inline"][name] = document;
  Save(context, role);
  return json::object();
}

json GetRolePolicy(Context& context, const json& input) {
  json role = RequireRole(context, input);
  std::string name = RequireString(input, "PolicyName", "ValidationError");
  const json& policies = role["x-berth"]["inline"];
  if (!policies.contains(name)) {
    NoSuchEntity("The role policy with name " + name + " cannot be found.");
  }
  return {{"RoleName", role["RoleName"]},
          {"PolicyName", name},
          {"PolicyDocument", Encoded(policies[name].get<std::string>())}};
}

json DeleteRolePolicy(Context& context, const json& input) {
  json role = RequireRole(context, input);
  std::string name = RequireString(input, "PolicyName", "ValidationError");
  if (!role["x-berth"]["inline"].contains(name)) {
    NoSuchEntity("The role policy with name " + name + " cannot be found.");
  }
  role["x-berth"]["inline"].erase(name);
  Save(context, role);
  return json::object();
}

json ListRolePolicies(Context& context, const json& input) {
  json role = RequireRole(context, input);
  json names = json::array();
  for (const auto& [name, document] : role["x-berth"]["inline"].items()) names.push_back(name);
  return {{"PolicyNames", names}, {"IsTruncated", false}};
}

json AttachRolePolicy(Context& context, const json& input) {
  json role = RequireRole(context, input);
  std::string arn = RequireString(input, "PolicyArn", "ValidationError");
  if (arn.rfind("arn:", 0) != 0) {
    throw ApiError("InvalidInput", "ARN " + arn + " is not valid.");
  }
  json& attached = role["x-berth"]["attached"];
  for (const json& policy : attached) {
    if (policy["PolicyArn"] == arn) return json::object();  // attaching twice is no error
  }
  attached.push_back({{"PolicyName", arn.substr(arn.rfind('/') + 1)}, {"PolicyArn", arn}});
  Save(context, role);
  return json::object();
}

json DetachRolePolicy(Context& context, const json& input) {
  json role = RequireRole(context, input);
  std::string arn = RequireString(input, "PolicyArn", "ValidationError");
  json kept = json::array();
  for (const json& policy : role["x-berth"]["attached"]) {
    if (policy["PolicyArn"] != arn) kept.push_back(policy);
  }
  if (kept.size() == role["x-berth"]["attached"].size()) {
    NoSuchEntity("Policy " + arn + " was not found.");
  }
  role["x-berth"]["attached"] = kept;
  Save(context, role);
  return json::object();
}

json ListAttachedRolePolicies(Context& context, const json& input) {
  json role = RequireRole(context, input);
  return {{"AttachedPolicies", role["x-berth"]["attached"]}, {"IsTruncated", false}};
}

json TagRole(Context& context, const json& input) {
  json role = RequireRole(context, input);
  role["Tags"] = MergeTags(role.value("Tags", json::array()), input.value("Tags", json::array()));
  Save(context, role);
  return json::object();
}

json UntagRole(Context& context, const json& input) {
  json role = RequireRole(context, input);
  role["Tags"] =
      RemoveTags(role.value("Tags", json::array()), input.value("TagKeys", json::array()));
  Save(context, role);
  return json::object();
}

json ListRoleTags(Context& context, const json& input) {
  json role = RequireRole(context, input);
  return {{"Tags", role.value("Tags", json::array())}, {"IsTruncated", false}};
}

// The account's roles with their inline and attached policies and tags (the IAM model's
// RoleDetail), in one page: berth's live reader lists them so instead of three calls a role.
// Users, groups and managed policies: berth serve has none.
json GetAccountAuthorizationDetails(Context& context, const json& input) {
  json filter = input.value("Filter", json::array());
  bool roles_wanted =
      filter.empty() || std::find(filter.begin(), filter.end(), "Role") != filter.end();
  json details = json::array();
  for (const json& role : roles_wanted ? context.tx.List(store::kRole) : std::vector<json>{}) {
    json detail = Answer(role);
    for (const char* key : {"Description", "MaxSessionDuration"}) detail.erase(key);
    json inline_policies = json::array();
    for (const auto& [name, document] : role["x-berth"]["inline"].items()) {
      inline_policies.push_back(
          {{"PolicyName", name}, {"PolicyDocument", Encoded(document.get<std::string>())}});
    }
    detail["RolePolicyList"] = inline_policies;
    detail["AttachedManagedPolicies"] = role["x-berth"]["attached"];
    detail["InstanceProfileList"] = json::array();
    details.push_back(std::move(detail));
  }
  return {{"UserDetailList", json::array()},
          {"GroupDetailList", json::array()},
          {"RoleDetailList", details},
          {"Policies", json::array()},
          {"IsTruncated", false}};
}

}  // namespace
}  // namespace iam_impl

const OperationTable& IamOperations() {
  using namespace iam_impl;
  static const OperationTable table = {
      {"CreateRole", &CreateRole},
      {"GetRole", &GetRole},
      {"ListRoles", &ListRoles},
      {"DeleteRole", &DeleteRole},
      {"UpdateRole", &UpdateRole},
      {"UpdateAssumeRolePolicy", &UpdateAssumeRolePolicy},
      {"PutRolePolicy", &PutRolePolicy},
      {"GetRolePolicy", &GetRolePolicy},
      {"DeleteRolePolicy", &DeleteRolePolicy},
      {"ListRolePolicies", &ListRolePolicies},
      {"AttachRolePolicy", &AttachRolePolicy},
      {"DetachRolePolicy", &DetachRolePolicy},
      {"ListAttachedRolePolicies", &ListAttachedRolePolicies},
      {"TagRole", &TagRole},
      {"UntagRole", &UntagRole},
      {"ListRoleTags", &ListRoleTags},
      {"GetAccountAuthorizationDetails", &GetAccountAuthorizationDetails},
  };
  return table;
}

}  // namespace berth::controlplane::api

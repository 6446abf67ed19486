// role -> IAM: create-role with the trust policy, attach-role-policy per managed policy, one
// inline policy (put-role-policy) holding the statements. Role ARNs are derived from the account
// and name (EmitContext::Resolve), so nothing needs capturing.
#include <algorithm>
#include <cctype>
#include <optional>

#include "backends/aws/emitters.h"
#include "backends/aws/ir_access.h"
#include "backends/aws/json_text.h"

namespace berth::aws {

namespace {

// The one inline policy berth manages on a role; other inline policies are left alone.
constexpr const char* kInlinePolicyName = "berth-inline";

std::string RoleName(const ir::Resource& role) {
  const Value* name = Field(role.attributes, "name");
  return name != nullptr && name->is(ValueKind::kString) ? name->str() : role.name;
}

AwsCall IamCall(const ir::Resource& role, const char* operation, Json body) {
  return AwsCall{"iam", operation, role.address, std::move(body), {}};
}

// The trust policy: the listed service principals may assume the role.
// The text `Json{...}.dump()` of the document gives, made directly: building the tree to dump
// it cost a tenth of `berth emit aws`'s builders (a role per service).
std::string TrustPolicy(const Value& attributes, const EmitContext& context) {
  std::string text =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":[)";
  bool first = true;
  for (const Value& service : ListField(attributes, "trust")) {
    if (!first) text += ',';
    first = false;
    if (Json principal = ToJson(service, context); principal.is_string()) {
      AppendJsonString(text, principal.get_ref<const std::string&>());  // dump()'s bytes
    } else {
      text += principal.dump();
    }
  }
  text += R"(]},"Action":"sts:AssumeRole"}]})";
  return text;
}

// IAM accepts only [A-Za-z0-9] in a Sid: `read_assets` becomes `ReadAssets`; a label that still
// has other characters gets no Sid rather than an invalid one.
std::optional<std::string> StatementSid(const std::string& label) {
  std::string sid;
  bool upper = true;
  for (char c : label) {
    if (c == '_' || c == '-') {
      upper = true;
      continue;
    }
    if (!std::isalnum(static_cast<unsigned char>(c))) return std::nullopt;
    sid += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  if (sid.empty()) return std::nullopt;
  return sid;
}

std::string Capitalized(const std::string& word) {
  std::string out = word;
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

// condition blocks {test, variable, values} -> {"TEST": {"VARIABLE": [values]}}.
Json Conditions(const Value& statement, const EmitContext& context) {
  Json conditions = JsonObject();
  for (const Value& condition : ListField(statement, "conditions")) {
    const Value* test = Field(condition, "test");
    const Value* variable = Field(condition, "variable");
    const Value* values = Field(condition, "values");
    if (test == nullptr || variable == nullptr || values == nullptr) continue;
    conditions[test->str()][variable->str()] = ToJson(*values, context);
  }
  return conditions;
}

// The inline policy document of the statements; "" when the role has none.
std::string InlinePolicy(const Value& attributes, const EmitContext& context) {
  Json statements = JsonArray();
  for (const Value& statement : ListField(attributes, "statements")) {
    Json entry = JsonObject();
    if (const Value* name = Field(statement, "name"); name && name->is(ValueKind::kString)) {
      if (std::optional<std::string> sid = StatementSid(name->str())) Put(entry, "Sid", *sid);
    }
    const Value* effect = Field(statement, "effect");
    Put(entry, "Effect", Capitalized(effect != nullptr ? effect->str() : "allow"));
    CopyIfSet(entry, "Action", statement, "actions", context);
    CopyIfSet(entry, "Resource", statement, "resources", context);
    Json conditions = Conditions(statement, context);
    if (!conditions.empty()) Put(entry, "Condition", std::move(conditions));
    statements.push_back(std::move(entry));
  }
  if (statements.empty()) return "";
  return JsonObject("Version", "2012-10-17", "Statement", std::move(statements)).dump();
}

AwsCall PutInlinePolicy(const ir::Resource& role, const std::string& document) {
  return IamCall(role, "put-role-policy",
                 JsonObject("RoleName", RoleName(role), "PolicyName", kInlinePolicyName,
                            "PolicyDocument", document));
}

AwsCall DeleteInlinePolicy(const ir::Resource& role) {
  return IamCall(role, "delete-role-policy",
                 {{"RoleName", RoleName(role)}, {"PolicyName", kInlinePolicyName}});
}

AwsCall PolicyAttachment(const ir::Resource& role, const char* operation, const Value& arn,
                         const EmitContext& context) {
  return IamCall(role, operation,
                 JsonObject("RoleName", RoleName(role), "PolicyArn", ToJson(arn, context)));
}

bool Contains(const ValueList& list, const Value& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::vector<AwsCall> CreateRole(const ir::Resource& role, const EmitContext& context) {
  const Value& attributes = role.attributes;
  Json body = JsonObject();
  CopyIfSet(body, "Path", attributes, "path", context);
  Put(body, "RoleName", RoleName(role));
  Put(body, "AssumeRolePolicyDocument", TrustPolicy(attributes, context));
  CopyIfSet(body, "Description", attributes, "description", context);
  if (const Value* max_session = Field(attributes, "max_session"))
    Put(body, "MaxSessionDuration", WholeSeconds(*max_session));
  if (const Value* tags = Field(attributes, "tags")) {
    if (std::optional<Json> list = CapitalizedTags(*tags)) Put(body, "Tags", std::move(*list));
  }
  std::vector<AwsCall> calls = CallList(IamCall(role, "create-role", std::move(body)));
  for (const Value& arn : ListField(attributes, "managed"))
    calls.push_back(PolicyAttachment(role, "attach-role-policy", arn, context));
  if (std::string document = InlinePolicy(attributes, context); !document.empty())
    calls.push_back(PutInlinePolicy(role, document));
  return calls;
}

std::vector<AwsCall> UpdateRole(const ir::Resource& role, const Value& before,
                                const EmitContext& context) {
  const Value& after = role.attributes;
  std::vector<AwsCall> calls;
  if (std::string trust = TrustPolicy(after, context); trust != TrustPolicy(before, context)) {
    calls.push_back(IamCall(role, "update-assume-role-policy",
                            {{"RoleName", RoleName(role)}, {"PolicyDocument", trust}}));
  }
  const Value* description = Field(after, "description");
  const Value* max_session = Field(after, "max_session");
  const Value* old_description = Field(before, "description");
  const Value* old_max_session = Field(before, "max_session");
  bool description_changed = (description == nullptr) != (old_description == nullptr) ||
                             (description && !(*description == *old_description));
  bool max_session_changed = (max_session == nullptr) != (old_max_session == nullptr) ||
                             (max_session && !(*max_session == *old_max_session));
  if (description_changed || max_session_changed) {
    Json body = {{"RoleName", RoleName(role)}};
    // An empty Description clears it, which is what removing the attribute means.
    body["Description"] = description ? ToJson(*description, context) : Json("");
    if (max_session) body["MaxSessionDuration"] = WholeSeconds(*max_session);
    calls.push_back(IamCall(role, "update-role", std::move(body)));
  }
  const ValueList& managed = ListField(after, "managed");
  const ValueList& old_managed = ListField(before, "managed");
  for (const Value& arn : managed) {
    if (!Contains(old_managed, arn))
      calls.push_back(PolicyAttachment(role, "attach-role-policy", arn, context));
  }
  for (const Value& arn : old_managed) {
    if (!Contains(managed, arn))
      calls.push_back(PolicyAttachment(role, "detach-role-policy", arn, context));
  }
  std::string document = InlinePolicy(after, context);
  if (document != InlinePolicy(before, context)) {
    calls.push_back(document.empty() ? DeleteInlinePolicy(role) : PutInlinePolicy(role, document));
  }
  const Value* tags = Field(after, "tags");
  const Value* old_tags = Field(before, "tags");
  Value no_tags = Value::Map({});
  if (std::optional<Json> added =
          CapitalizedTags(ChangedTags(old_tags ? *old_tags : no_tags, tags ? *tags : no_tags))) {
    calls.push_back(IamCall(role, "tag-role", {{"RoleName", RoleName(role)}, {"Tags", *added}}));
  }
  if (std::vector<std::string> removed =
          RemovedTagKeys(old_tags ? *old_tags : no_tags, tags ? *tags : no_tags);
      !removed.empty()) {
    calls.push_back(
        IamCall(role, "untag-role", {{"RoleName", RoleName(role)}, {"TagKeys", removed}}));
  }
  return calls;
}

// IAM refuses to delete a role that still has policies: detach and delete them first.
std::vector<AwsCall> RemoveRole(const ir::Resource& role, const EmitContext& context) {
  std::vector<AwsCall> calls;
  for (const Value& arn : ListField(role.attributes, "managed"))
    calls.push_back(PolicyAttachment(role, "detach-role-policy", arn, context));
  if (!InlinePolicy(role.attributes, context).empty()) calls.push_back(DeleteInlinePolicy(role));
  calls.push_back(IamCall(role, "delete-role", {{"RoleName", RoleName(role)}}));
  return calls;
}

}  // namespace

const KindEmitter kRoleEmitter = {"role", &CreateRole, &UpdateRole, &RemoveRole};

}  // namespace berth::aws

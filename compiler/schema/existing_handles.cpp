// ARNs that stand for resources a stack does not declare (docs/language.md, "Existing
// resources"): `berth import` keeps a role, target group, cluster or pinned task definition it
// only knows by ARN as that ARN, instead of declaring a resource berth would then create.
#include <regex>

#include "compiler/schema/existing_handles.h"

namespace berth::schema {

namespace {

struct Handle {
  std::string_view kind;
  std::regex pattern;
  std::string_view phrase;
};

const std::vector<Handle>& Handles() {
  static const std::vector<Handle> handles = [] {
    const std::string arn = R"(^arn:aws[a-z-]*:)";
    std::vector<Handle> h;
    h.push_back({"role", std::regex(arn + R"(iam::[0-9]{12}:role/(.+/)?[\w+=,.@-]+$)"),
                 "the ARN of an existing role"});
    h.push_back({"target_group",
                 std::regex(arn + R"(elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:targetgroup/)"
                                  R"([A-Za-z0-9-]+/[0-9a-f]+$)"),
                 "the ARN of an existing target group"});
    h.push_back({"cluster", std::regex(arn + R"(ecs:[a-z0-9-]+:[0-9]{12}:cluster/[\w-]+$)"),
                 "the ARN of an existing cluster"});
    h.push_back(
        {"task",
         std::regex(
             R"((^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task-definition/)?[\w-]+:[0-9]+$)"),
         "a task definition revision, \"family:42\" or its ARN"});
    return h;
  }();
  return handles;
}

}  // namespace

bool IsExistingHandle(const Type& type, std::string_view text) {
  if (type.kind != TypeKind::kRef) return false;
  std::string s(text);
  for (const Handle& h : Handles()) {
    for (std::string_view kind : type.ref_kinds)
      if (kind == h.kind && std::regex_search(s, h.pattern)) return true;
  }
  return false;
}

std::string ExistingHandlePhrase(const Type& type) {
  std::string out;
  for (const Handle& h : Handles()) {
    for (std::string_view kind : type.ref_kinds)
      if (kind == h.kind) out += (out.empty() ? "" : ", or ") + std::string(h.phrase);
  }
  return out;
}

}  // namespace berth::schema

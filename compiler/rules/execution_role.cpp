// What the ECS agent does with a task's execution role, and RegisterTaskDefinition refuses (or
// the task fails to start) without one: read secrets and private registry credentials on every
// launch type; on Fargate also write awslogs logs and pull images from ECR, which EC2 container
// instances do with their own instance role.
#include <regex>

#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

// What needs the role, and where it is written.
struct Need {
  std::string what;  // "read the secrets of container "app""
  SourceRange at;
};

bool NonEmptyMap(const Value* v) { return v && v->is(ValueKind::kMap) && !v->map().empty(); }

// ACCOUNT.dkr.ecr.REGION.amazonaws.com[.cn]/repo: a private ECR registry (public.ecr.aws needs
// no credentials).
bool IsPrivateEcrImage(std::string_view image) {
  static const std::regex kEcr(R"(^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/)");
  return std::regex_search(image.begin(), image.end(), kEcr);
}

std::vector<Need> Needs(const ir::Resource& task) {
  std::vector<Need> needs;
  bool fargate = RequiresFargate(task);
  for (const Value* c : Blocks(task.attributes, "containers")) {
    std::string container = "container " + Quote(StrAttr(*c, "name"));
    SourceRange at = RangeOf(c, task.range);
    if (const Value* secrets = Attr(*c, "secrets"); NonEmptyMap(secrets)) {
      needs.push_back({"read the secrets of " + container, RangeOf(secrets, at)});
    }
    if (const Value* credentials = Attr(*c, "repository_credentials")) {
      needs.push_back({"read the registry credentials of " + container, RangeOf(credentials, at)});
    }
    if (const Value* logs = Block(*c, "logs")) {
      if (const Value* options = Attr(*logs, "secret_options"); NonEmptyMap(options)) {
        needs.push_back({"read the log secret_options of " + container, RangeOf(options, at)});
      }
      if (fargate && StrAttr(*logs, "driver") == "awslogs") {
        needs.push_back(
            {"send the awslogs logs of " + container + " on Fargate", RangeOf(logs, at)});
      }
    }
    const Value* image = Attr(*c, "image");
    if (fargate && image && image->is(ValueKind::kString) && IsPrivateEcrImage(image->str())) {
      needs.push_back({"pull the ECR image of " + container + " on Fargate", RangeOf(image, at)});
    }
  }
  return needs;
}

}  // namespace

void CheckExecutionRole(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind != "task" || Attr(r.attributes, "execution_role")) continue;
    std::vector<Need> needs = Needs(r);
    if (needs.empty()) continue;
    // One error per task, at the first thing that needs the role; the others as notes.
    Diagnostic& d = diags.Error(
        needs[0].at, r.address + " has no execution_role, which ECS needs to " + needs[0].what);
    for (size_t i = 1; i < needs.size(); ++i) {
      d.notes.push_back({"it is also needed to " + needs[i].what, needs[i].at});
    }
    d.notes.push_back(
        {"add execution_role = role.NAME, a role trusting ecs-tasks.amazonaws.com "
         "with AmazonECSTaskExecutionRolePolicy",
         {}});
  }
}

}  // namespace berth::rules

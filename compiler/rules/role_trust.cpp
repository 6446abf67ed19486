// Who must be able to assume a role for ECS to use it: task and execution roles are assumed by
// ecs-tasks.amazonaws.com, a schedule's role by EventBridge (events.amazonaws.com).
#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

void CheckUse(const ir::Program& program, const ir::Resource& user, std::string_view attribute,
              std::string_view principal, Diagnostics& diags) {
  const ir::Resource* role = Deref(program, user.attributes, attribute, "role");
  if (!role) return;
  const Value* trust = Attr(role->attributes, "trust");
  // A trust list built from references is unknown until apply.
  if (!trust || trust->ContainsRef() || ListHas(role->attributes, "trust", principal)) return;
  Diagnostic& d =
      diags.Error(RangeOf(Attr(user.attributes, attribute), user.range),
                  user.address + " uses " + role->address + " as its " + std::string(attribute) +
                      ", but " + role->address + " does not trust " + std::string(principal));
  // A trust left at its default has no range of its own: say so rather than point at nothing.
  std::string current = trust->range().valid()
                            ? role->address + " trusts " + trust->ToSource()
                            : role->address + " trusts only " + trust->ToSource() + " by default";
  d.notes.push_back(
      {current + "; add " + Quote(principal) + " to its trust", RangeOf(trust, role->range)});
}

}  // namespace

void CheckRoleTrust(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind == "task") {
      CheckUse(program, r, "execution_role", "ecs-tasks.amazonaws.com", diags);
      CheckUse(program, r, "task_role", "ecs-tasks.amazonaws.com", diags);
    } else if (r.kind == "schedule") {
      CheckUse(program, r, "role", "events.amazonaws.com", diags);
    }
  }
}

}  // namespace berth::rules

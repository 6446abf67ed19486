// IAM least privilege: the application's role is not the agent's, and no statement allows
// everything (but "*" where an action takes nothing else, iam_actions.cpp).
#include "compiler/lint/iam_actions.h"
#include "compiler/lint/rule_context.h"
#include "compiler/rules/ir_view.h"

namespace berth::lint {

namespace {

void CheckTaskRoles(const ir::Program& program, const ir::Resource& task, Sink& sink) {
  const Value* exec = rules::Attr(task.attributes, "execution_role");
  const Value* app = rules::Attr(task.attributes, "task_role");
  if (!exec || !app || !(*exec == *app)) return;
  sink.Add("BRT014", task, rules::RangeOf(app, task.range),
           task.address +
               " uses the same role as task_role and execution_role: the application "
               "gets the ECS agent's permissions; give it a role of its own");
}

// Resources "*": right for actions that support no resource-level permissions (they take
// nothing else), a finding when any other action is in the statement.
void CheckEveryResource(const ir::Resource& role, const Value& statement, const std::string& name,
                        const SourceRange& at, Sink& sink) {
  std::vector<std::string> only_every;
  bool others = false;
  for (const std::string& action : rules::Strings(statement, "actions")) {
    if (TakesOnlyEveryResource(action)) {
      only_every.push_back("\"" + action + "\"");
    } else {
      others = true;
    }
  }
  if (!others) return;
  std::string message = "statement " + name + " of " + role.address +
                        " allows every resource (\"*\"): name the ARNs it needs";
  if (!only_every.empty()) {
    message += "; move " + rules::JoinWords(only_every, "and") + ", which " +
               (only_every.size() == 1 ? "takes" : "take") +
               " only \"*\", into a statement of its own";
  }
  sink.Add("BRT015", role, rules::RangeOf(rules::Attr(statement, "resources"), at), message);
}

void CheckStatements(const ir::Resource& role, Sink& sink) {
  for (const Value* statement : rules::Blocks(role.attributes, "statements")) {
    if (rules::StrAttr(*statement, "effect") == "deny") continue;
    SourceRange at = rules::RangeOf(statement, role.range);
    std::string name = rules::Quote(rules::StrAttr(*statement, "name"));
    for (const std::string& action : rules::Strings(*statement, "actions")) {
      if (action == "*" || action.ends_with(":*")) {
        sink.Add("BRT015", role, rules::RangeOf(rules::Attr(*statement, "actions"), at),
                 "statement " + name + " of " + role.address + " allows action \"" + action +
                     "\": list the actions the application calls");
        break;
      }
    }
    if (rules::ListHas(*statement, "resources", "*")) {
      CheckEveryResource(role, *statement, name, at, sink);
    }
  }
}

}  // namespace

void CheckIam(const ir::Program& program, Sink& sink) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind == "task") CheckTaskRoles(program, r, sink);
    if (r.kind == "role") CheckStatements(r, sink);
  }
}

}  // namespace berth::lint

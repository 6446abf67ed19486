// Where rules attach: a listener_rule must name a listener its load balancer has, and priorities
// are unique in a listener across its nested rules and the listener_rule resources on it (AWS
// rejects the second CreateRule otherwise, mid-apply).
#include <map>
#include <utility>

#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

void CheckListenerExists(const ir::Resource& rule, const ir::Resource& lb, Diagnostics& diags) {
  const Value* label = Attr(rule.attributes, "listener");
  if (!label || !label->is(ValueKind::kString)) return;
  std::vector<std::string> labels;
  for (const Value* listener : Blocks(lb.attributes, "listeners")) {
    labels.emplace_back(StrAttr(*listener, "name"));
  }
  std::string message = rule.address + " attaches to listener " + Quote(label->str()) + ", which " +
                        lb.address + " does not have";
  if (auto match = ClosestMatch(label->str(), labels)) {
    message += "; did you mean " + Quote(*match) + "?";
  } else if (labels.empty()) {
    message += "; it has no listeners";
  } else {
    std::vector<std::string> quoted;
    for (const std::string& l : labels) quoted.push_back(Quote(l));
    message += "; its listeners are " + JoinWords(quoted, "and");
  }
  Diagnostic& d = diags.Error(RangeOf(label, rule.range), message);
  d.notes.push_back({lb.address + " is declared here", lb.range});
}

// The first rule to claim a priority in a listener.
struct Holder {
  std::string name;  // rule "api" (nested) or listener_rule.api
  SourceRange range;
};

// (load balancer address, listener label) -> priority -> holder.
using Claims = std::map<std::pair<std::string, std::string>, std::map<double, Holder>>;

// Records the claim; returns the earlier holder when the priority is taken.
const Holder* Claim(Claims& claims, const std::string& lb, std::string_view listener,
                    double priority, Holder holder) {
  auto& taken = claims[{lb, std::string(listener)}];
  auto [it, inserted] = taken.emplace(priority, std::move(holder));
  return inserted ? nullptr : &it->second;
}

void Taken(const std::string& message, const Value* priority, const SourceRange& fallback,
           const Holder& first, Diagnostics& diags) {
  Diagnostic& d = diags.Error(RangeOf(priority, fallback), message + first.name);
  d.notes.push_back({first.name + " is declared here", first.range});
}

}  // namespace

void CheckListenerRules(const ir::Program& program, Diagnostics& diags) {
  Claims claims;
  // Nested rules first: they are declared with their listener, so a stand-alone rule that
  // collides is the one reported.
  for (const ir::Resource& lb : program.resources) {
    if (lb.kind != "load_balancer") continue;
    for (const Value* listener : Blocks(lb.attributes, "listeners")) {
      std::string_view label = StrAttr(*listener, "name");
      for (const Value* rule : Blocks(*listener, "rules")) {
        const Value* priority = NumAttr(*rule, "priority");
        if (!priority || !ValidPriority(priority->number())) continue;
        std::string name = "rule " + Quote(StrAttr(*rule, "name"));
        SourceRange at = RangeOf(rule, lb.range);
        if (const Holder* first =
                Claim(claims, lb.address, label, priority->number(), {name, at})) {
          Taken(name + " of listener " + Quote(label) + " has priority " +
                    Number(priority->number()) + ", already taken by ",
                priority, at, *first, diags);
        }
      }
    }
  }
  for (const ir::Resource& rule : program.resources) {
    if (rule.kind != "listener_rule") continue;
    AttachedListener attached = ListenerOf(program, rule);
    if (!attached.lb) continue;  // an unresolved reference is the checker's to report
    if (!attached.listener) {
      CheckListenerExists(rule, *attached.lb, diags);
      continue;
    }
    const Value* priority = NumAttr(rule.attributes, "priority");
    if (!priority || !ValidPriority(priority->number())) continue;
    std::string_view label = StrAttr(*attached.listener, "name");
    if (const Holder* first = Claim(claims, attached.lb->address, label, priority->number(),
                                    {rule.address, rule.range})) {
      Taken(rule.address + " has priority " + Number(priority->number()) + " on listener " +
                Quote(label) + " of " + attached.lb->address + ", already taken by ",
            priority, rule.range, *first, diags);
    }
  }
}

}  // namespace berth::rules

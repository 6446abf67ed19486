// A service's autoscaling block: bounds that make sense, target tracking values of the kind each
// metric needs, custom metrics where no predefined one exists.
#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

void CheckTarget(const ir::Resource& service, const Value& target, Diagnostics& diags) {
  std::string label(StrAttr(target, "name"));
  std::string subject = "target " + Quote(label) + " of " + service.address;
  SourceRange at = RangeOf(&target, service.range);
  const Value* value = Attr(target, "value");
  const Value* metric = Block(target, "metric");
  bool predefined = label == "cpu" || label == "memory" || label == "requests";
  if (predefined && metric) {
    diags.Error(RangeOf(metric, at), subject +
                                         " scales on its predefined metric; a metric "
                                         "block needs another label, e.g. target \"queue\"");
  }
  if (!predefined && !metric) {
    diags.Error(at, subject +
                        " needs a metric block: only cpu, memory and requests have a "
                        "predefined metric");
  }
  if (label == "requests" && Blocks(service.attributes, "load_balancers").empty()) {
    diags.Error(at, subject +
                        " tracks requests per target, but the service has no "
                        "load_balancer block");
  }
  if (!value || value->is_unknown()) return;
  SourceRange value_at = RangeOf(value, at);
  if (label == "cpu" || label == "memory") {
    if (!value->is(ValueKind::kPercent)) {
      diags.Error(value_at,
                  subject + " needs a percentage, e.g. value = 70%, not " + value->ToSource());
    } else if (value->number() <= 0 || value->number() > 100) {
      diags.Error(value_at, subject + " holds " + label + " at " + value->ToSource() +
                                "; use a percentage above 0% and at most 100%");
    }
  } else if (!value->is(ValueKind::kNumber)) {
    diags.Error(value_at, subject + " needs a number, not " + value->ToSource());
  } else if (value->number() <= 0) {
    diags.Error(value_at, subject + " needs a value above 0");
  }
}

void CheckAutoscaling(const ir::Resource& service, const Value& scaling, Diagnostics& diags) {
  SourceRange at = RangeOf(&scaling, service.range);
  const Value* min = NumAttr(scaling, "min");
  const Value* max = NumAttr(scaling, "max");
  if (StrAttr(service.attributes, "scheduling_strategy") == "DAEMON") {
    diags.Error(at, service.address +
                        " is a DAEMON service, which runs one task per instance "
                        "and cannot autoscale");
  }
  if (min && max && min->number() > max->number()) {
    Diagnostic& d =
        diags.Error(RangeOf(min, at), "autoscaling min " + min->ToSource() + " of " +
                                          service.address + " is above max " + max->ToSource());
    d.notes.push_back({"max is set here", RangeOf(max, at)});
  }
  const Value* desired = NumAttr(service.attributes, "desired_count");
  if (desired && min && max && min->number() <= max->number() &&
      (desired->number() < min->number() || desired->number() > max->number())) {
    diags.Warning(RangeOf(desired, service.range),
                  "desired_count " + desired->ToSource() + " of " + service.address +
                      " is outside autoscaling min " + min->ToSource() + " and max " +
                      max->ToSource() + "; the scaler will move it into that range");
  }
  for (const Value* target : Blocks(scaling, "targets")) CheckTarget(service, *target, diags);
  for (const Value* step : Blocks(scaling, "steps")) {
    for (const Value* adjustment : Blocks(*step, "adjustments")) {
      const Value* lower = NumAttr(*adjustment, "lower");
      const Value* upper = NumAttr(*adjustment, "upper");
      if (lower && upper && lower->number() >= upper->number()) {
        diags.Error(RangeOf(lower, RangeOf(adjustment, at)),
                    "step " + Quote(StrAttr(*step, "name")) + " of " + service.address +
                        " has an adjustment whose lower bound " + lower->ToSource() +
                        " is not below its upper bound " + upper->ToSource());
      }
    }
  }
  for (const Value* scheduled : Blocks(scaling, "scheduled")) {
    std::string subject =
        "scheduled " + Quote(StrAttr(*scheduled, "name")) + " of " + service.address;
    const Value* smin = NumAttr(*scheduled, "min");
    const Value* smax = NumAttr(*scheduled, "max");
    if (!smin && !smax) {
      diags.Error(RangeOf(scheduled, at), subject + " changes neither min nor max");
    } else if (smin && smax && smin->number() > smax->number()) {
      diags.Error(RangeOf(smin, at),
                  subject + " sets min " + smin->ToSource() + " above max " + smax->ToSource());
    }
  }
}

}  // namespace

void CheckAutoscaling(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind != "service") continue;
    if (const Value* scaling = Block(r.attributes, "autoscaling")) {
      CheckAutoscaling(r, *scaling, diags);
    }
  }
}

}  // namespace berth::rules

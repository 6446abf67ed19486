// Consistency inside a task definition that RegisterTaskDefinition enforces: an essential
// container, mounts of declared volumes, dependencies on declared containers, container sizes
// within the task's.
#include <algorithm>

#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

std::vector<std::string> Labels(const Value& block, std::string_view ir_key) {
  std::vector<std::string> out;
  for (const Value* v : Blocks(block, ir_key)) out.emplace_back(StrAttr(*v, "name"));
  return out;
}

std::string Suggestion(std::string_view word, const std::vector<std::string>& candidates) {
  auto match = ClosestMatch(word, candidates);
  return match ? "; did you mean " + Quote(*match) + "?" : "";
}

void CheckMountsAndDependencies(const ir::Resource& task, const Value& container,
                                Diagnostics& diags) {
  const Value& attrs = task.attributes;
  std::string name(StrAttr(container, "name"));
  std::string subject = "container " + Quote(name) + " of " + task.address;
  SourceRange container_range = RangeOf(&container, task.range);
  std::vector<std::string> volumes = Labels(attrs, "volumes");
  for (const Value* mount : Blocks(container, "mounts")) {
    const Value* volume = Attr(*mount, "volume");
    if (!volume || !volume->is(ValueKind::kString)) continue;
    if (std::find(volumes.begin(), volumes.end(), volume->str()) != volumes.end()) continue;
    diags.Error(RangeOf(volume, RangeOf(mount, container_range)),
                subject + " mounts volume " + Quote(*volume) +
                    ", which the task does not "
                    "declare" +
                    Suggestion(volume->str(), volumes));
  }
  std::vector<std::string> containers = Labels(attrs, "containers");
  for (const Value* dep : Blocks(container, "depends_on")) {
    const Value* other = Attr(*dep, "container");
    if (!other || !other->is(ValueKind::kString)) continue;
    SourceRange at = RangeOf(other, RangeOf(dep, container_range));
    if (other->str() == name) {
      diags.Error(at, subject + " depends on itself");
      continue;
    }
    const Value* target = FindLabeled(attrs, "containers", other->str());
    if (!target) {
      diags.Error(at, subject + " depends on container " + Quote(*other) +
                          ", which the task does not declare" +
                          Suggestion(other->str(), containers));
    } else if (StrAttr(*dep, "condition") == "HEALTHY" && !Block(*target, "health")) {
      Diagnostic& d = diags.Error(RangeOf(Attr(*dep, "condition"), at),
                                  subject + " waits for " + Quote(*other) + " to be HEALTHY, but " +
                                      Quote(*other) + " has no health block");
      d.notes.push_back(
          {"container " + Quote(*other) + " is declared here", RangeOf(target, task.range)});
    }
  }
}

// Container memory within the task's; without task memory (EC2), each container sizes itself.
void CheckSizes(const ir::Resource& task, Diagnostics& diags) {
  const Value& attrs = task.attributes;
  const Value* task_memory = NumAttr(attrs, "memory");
  const Value* task_cpu = NumAttr(attrs, "cpu");
  double reserved = 0, cpus = 0;
  for (const Value* container : Blocks(attrs, "containers")) {
    std::string subject = "container " + Quote(StrAttr(*container, "name")) + " of " + task.address;
    SourceRange at = RangeOf(container, task.range);
    const Value* memory = NumAttr(*container, "memory");
    const Value* reservation = NumAttr(*container, "memory_reservation");
    if (const Value* cpu = NumAttr(*container, "cpu")) cpus += cpu->number();
    if (memory && reservation && reservation->number() > memory->number()) {
      diags.Error(RangeOf(reservation, at), subject + " reserves " + reservation->ToSource() +
                                                ", more than its memory limit " +
                                                memory->ToSource());
    }
    if (!task_memory && !memory && !reservation && !Attr(attrs, "memory")) {
      diags.Error(at, subject +
                          " needs memory or memory_reservation, since the task sets no "
                          "memory");
    }
    if (task_memory && memory && memory->number() > task_memory->number()) {
      Diagnostic& d =
          diags.Error(RangeOf(memory, at), subject + " has memory " + memory->ToSource() +
                                               ", more than the task's " + task_memory->ToSource());
      d.notes.push_back({"the task's memory is set here", RangeOf(task_memory, task.range)});
    }
    if (reservation) {
      reserved += reservation->number();
    } else if (memory) {
      reserved += memory->number();
    }
  }
  if (task_memory && reserved > task_memory->number()) {
    diags.Error(RangeOf(task_memory, task.range),
                "the containers of " + task.address + " reserve " + FormatSize(reserved) +
                    ", more than the task's memory " + task_memory->ToSource());
  }
  if (task_cpu && cpus > task_cpu->number()) {
    diags.Error(RangeOf(task_cpu, task.range),
                "the containers of " + task.address + " reserve " + Number(cpus) +
                    " CPU units, more than the task's " + Number(task_cpu->number()));
  }
}

void CheckTask(const ir::Resource& task, Diagnostics& diags) {
  std::vector<const Value*> containers = Blocks(task.attributes, "containers");
  bool any_essential = containers.empty();  // a missing container is the checker's report
  for (const Value* c : containers) {
    const Value* essential = Attr(*c, "essential");
    if (!essential || !essential->is(ValueKind::kBool) || essential->as_bool()) {
      any_essential = true;
    }
    CheckMountsAndDependencies(task, *c, diags);
  }
  if (!any_essential) {
    diags.Error(task.range, task.address +
                                " has no essential container; ECS needs at least one "
                                "(essential = true)");
  }
  CheckSizes(task, diags);
}

}  // namespace

void CheckTaskContainers(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind == "task") CheckTask(r, diags);
  }
}

}  // namespace berth::rules

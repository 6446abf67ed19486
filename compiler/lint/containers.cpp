// Container hygiene, after the AWS Foundational Security Best Practices for ECS: logs, health
// checks, least privilege (not privileged, not root, read-only root), a memory limit.
#include <map>
#include <set>

#include "compiler/lint/rule_context.h"
#include "compiler/rules/ir_view.h"

namespace berth::lint {

namespace {

bool IsTrue(const Value* v) { return v && v->is(ValueKind::kBool) && v->as_bool(); }

bool IsRootUser(std::string_view user) {
  std::string_view name = user.substr(0, user.find(':'));
  return name.empty() || name == "root" || name == "0";
}

bool IsWindows(const ir::Resource& task) {
  const Value* platform = rules::Block(task.attributes, "runtime_platform");
  return platform && rules::StrAttr(*platform, "os").starts_with("WINDOWS");
}

// The services that run each task, by the task's address.
std::map<std::string, std::vector<const ir::Resource*>> ServicesByTask(const ir::Program& program) {
  std::map<std::string, std::vector<const ir::Resource*>> by_task;
  for (const ir::Resource& r : program.resources) {
    if (r.kind != "service") continue;
    if (const ir::Resource* task = rules::Deref(program, r.attributes, "task", "task")) {
      by_task[task->address].push_back(&r);
    }
  }
  return by_task;
}

void CheckHealth(const ir::Resource& task, const Value& c,
                 const std::vector<const ir::Resource*>& services, Sink& sink) {
  if (services.empty()) return;  // a scheduled job's task ends by itself
  SourceRange container_at = rules::RangeOf(&c, task.range);
  const Value* health = rules::Block(c, "health");
  if (!health) {
    const Value* essential = rules::Attr(c, "essential");
    if (essential && !IsTrue(essential)) return;
    sink.Add("BRT007", task, container_at,
             ContainerSubject(task, c) + " is essential to " + services[0]->address +
                 " but has no health block: ECS cannot replace it when it hangs");
    return;
  }
  const Value* start = rules::NumAttr(*health, "start_period");
  double start_ms = start ? start->number() : 0;
  for (const ir::Resource* service : services) {
    const Value* grace = rules::NumAttr(service->attributes, "health_check_grace");
    if (!grace || start_ms >= grace->number()) continue;
    sink.Add("BRT008", task, rules::RangeOf(start, rules::RangeOf(health, container_at)),
             ContainerSubject(task, c) + " has health start_period " + FormatDuration(start_ms) +
                 ", shorter than the health_check_grace " + FormatDuration(grace->number()) +
                 " of " + service->address +
                 ": the container is marked unhealthy while it is still starting");
  }
}

}  // namespace

void CheckContainers(const ir::Program& program, Sink& sink) {
  auto services_by_task = ServicesByTask(program);
  for (const ir::Resource& task : program.resources) {
    if (task.kind != "task") continue;
    bool task_memory = rules::NumAttr(task.attributes, "memory") != nullptr;
    const auto& services = services_by_task[task.address];
    for (const Value* c : rules::Blocks(task.attributes, "containers")) {
      SourceRange at = rules::RangeOf(c, task.range);
      std::string subject = ContainerSubject(task, *c);
      if (!rules::Block(*c, "logs")) {
        sink.Add("BRT003", task, at,
                 subject + " has no logs block: its output is lost when the task stops");
      }
      CheckHealth(task, *c, services, sink);
      if (const Value* privileged = rules::Attr(*c, "privileged"); IsTrue(privileged)) {
        sink.Add("BRT009", task, rules::RangeOf(privileged, at),
                 subject + " is privileged: it has root access to the host");
      }
      const Value* read_only = rules::Attr(*c, "read_only_root");
      if (!IsTrue(read_only) && !IsWindows(task)) {
        sink.Add("BRT010", task, rules::RangeOf(read_only, at),
                 subject +
                     " has a writable root file system: set read_only_root = true and "
                     "mount a volume where it must write");
      }
      const Value* user = rules::Attr(*c, "user");
      if (!IsWindows(task) && (!user || (user->is(ValueKind::kString) && !user->sensitive() &&
                                         IsRootUser(user->str())))) {
        sink.Add("BRT011", task, rules::RangeOf(user, at),
                 subject + (user ? " runs as root" : " sets no user, so it runs as root") +
                     ": set user to an unprivileged one, e.g. \"1000:1000\"");
      }
      // The checker already requires memory or memory_reservation when the task sets none;
      // a reservation alone is a soft limit the container may exceed without bound.
      if (!task_memory && !rules::NumAttr(*c, "memory")) {
        sink.Add("BRT012", task, at,
                 subject +
                     " has no hard memory limit (memory_reservation is a soft one) and "
                     "neither has the task: one leak can starve every container on the "
                     "instance");
      }
    }
  }
}

}  // namespace berth::lint

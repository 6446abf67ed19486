#include "cli/logs_sources.h"

namespace berth::cli {

namespace {

std::string StringAt(const Value& map, const char* key) {
  const Value* v = map.Get(key);
  return v && v->is(ValueKind::kString) ? v->str() : "";
}

}  // namespace

bool FindServiceLogs(const ir::Program& program, const std::string& service, ServiceLogs& out,
                     std::string& error) {
  const ir::Resource* found = nullptr;
  std::string names;
  for (const ir::Resource& r : program.resources) {
    if (r.kind != "service") continue;
    std::string ecs_name = StringAt(r.attributes, "name");
    names += (names.empty() ? "" : ", ") + r.name;
    if (r.name == service || ecs_name == service || r.address == service) found = &r;
  }
  if (!found) {
    error = "the stack has no service \"" + service + "\"" +
            (names.empty() ? " (it declares none)" : " (its services: " + names + ")");
    return false;
  }
  out.address = found->address;
  out.name = StringAt(found->attributes, "name");
  if (out.name.empty()) out.name = found->name;
  const Value* task_ref = found->attributes.Get("task");
  const ir::Resource* task =
      task_ref && task_ref->is(ValueKind::kRef) ? program.Find(task_ref->ref().address) : nullptr;
  const Value* containers = task ? task->attributes.Get("containers") : nullptr;
  if (containers && containers->is(ValueKind::kList)) {
    for (const Value& container : containers->list()) {
      const Value* logs = container.Get("logs");
      if (!logs || StringAt(*logs, "driver") != "awslogs") continue;
      const Value* options = logs->Get("options");
      if (!options) continue;
      LogSource source;
      source.container = StringAt(container, "name");
      source.group = StringAt(*options, "awslogs-group");
      std::string prefix = StringAt(*options, "awslogs-stream-prefix");
      if (source.group.empty()) continue;
      source.stream_prefix = prefix.empty() ? "" : prefix + "/" + source.container + "/";
      out.sources.push_back(source);
    }
  }
  if (out.sources.empty()) {
    error = found->address +
            " has no container logging to CloudWatch Logs: give one a `logs` "
            "block with the awslogs driver and \"awslogs-group\" (and \"awslogs-stream-prefix\")";
    return false;
  }
  return true;
}

}  // namespace berth::cli

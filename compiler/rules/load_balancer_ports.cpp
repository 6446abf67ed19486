// A service's load_balancer block must name a container of its task and a port that container
// exposes, and the target group must register tasks the way the task's network mode allows and
// check their health on the port they were registered with.
#include <algorithm>

#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

std::vector<std::string> ContainerNames(const ir::Resource& task) {
  std::vector<std::string> names;
  for (const Value* c : Blocks(task.attributes, "containers")) {
    names.emplace_back(StrAttr(*c, "name"));
  }
  return names;
}

void CheckContainerName(const ir::Resource& task, const Value& container_value,
                        const SourceRange& fallback, Diagnostics& diags) {
  std::string_view name = container_value.str();
  std::vector<std::string> names = ContainerNames(task);
  std::string message = task.address + " has no container " + Quote(name);
  if (auto match = ClosestMatch(name, names)) {
    message += "; did you mean " + Quote(*match) + "?";
  } else if (!names.empty()) {
    std::vector<std::string> quoted;
    for (const std::string& n : names) quoted.push_back(Quote(n));
    message += "; its containers are " + JoinWords(quoted, "and");
  }
  Diagnostic& d = diags.Error(RangeOf(&container_value, fallback), message);
  d.notes.push_back({task.address + " is declared here", task.range});
}

void CheckPort(const ir::Resource& task, const Value& container, const Value& port,
               const SourceRange& fallback, Diagnostics& diags) {
  std::vector<double> exposed = ExposedPorts(container);
  if (std::find(exposed.begin(), exposed.end(), port.number()) != exposed.end()) return;
  std::string subject = "container " + Quote(StrAttr(container, "name")) + " of " + task.address;
  std::string message;
  if (exposed.empty()) {
    message = subject + " exposes no ports; add port = " + Number(port.number()) + " to it";
  } else {
    std::vector<std::string> words;
    for (double p : exposed) words.push_back(Number(p));
    message = subject + " does not expose port " + Number(port.number()) + "; it exposes " +
              JoinWords(words, "and");
  }
  Diagnostic& d = diags.Error(RangeOf(&port, fallback), message);
  d.notes.push_back({"container " + Quote(StrAttr(container, "name")) + " is declared here",
                     RangeOf(&container, task.range)});
}

// awsvpc tasks are registered by IP address, bridge and host tasks by instance and port.
void CheckTargetType(const ir::Resource& service, const ir::Resource& task,
                     const ir::Resource& target_group, const SourceRange& at, Diagnostics& diags) {
  std::string_view target_type = StrAttr(target_group.attributes, "target_type");
  std::string_view mode = NetworkMode(task);
  std::string_view needed = mode == "awsvpc" ? "ip" : "instance";
  if (target_type.empty() || target_type == needed) return;
  Diagnostic& d = diags.Error(
      at, target_group.address + " has target_type " + std::string(target_type) + ", but " +
              task.address + " uses network_mode " + std::string(mode) +
              ", whose tasks register by " + (needed == "ip" ? "IP address" : "instance") +
              ": use target_type = " + std::string(needed));
  d.notes.push_back({"target_type is set here",
                     RangeOf(Attr(target_group.attributes, "target_type"), target_group.range)});
}

// Whether the container's `port` lands on a host port ECS picks per task: bridge networking
// with host_port 0 or omitted.
bool DynamicHostPort(const ir::Resource& task, const Value& container, double port) {
  if (NetworkMode(task) != "bridge") return false;
  if (const Value* shorthand = NumAttr(container, "port"); shorthand && shorthand->number() == port)
    return true;
  for (const Value* mapping : Blocks(container, "port_mappings")) {
    const Value* container_port = NumAttr(*mapping, "container_port");
    if (!container_port || container_port->number() != port) continue;
    const Value* host = NumAttr(*mapping, "host_port");
    if (!host || host->number() == 0) return true;
  }
  return false;
}

// With dynamic host ports every target has a port of its own; a fixed health check port would
// probe a port none of them listens on (cfn-lint E3049 says the same of templates).
void CheckHealthCheckPort(const ir::Resource& service, const ir::Resource& target_group,
                          const SourceRange& at, Diagnostics& diags) {
  const Value* check = Block(target_group.attributes, "health_check");
  const Value* port = check ? NumAttr(*check, "port") : nullptr;
  if (!port) return;
  Diagnostic& d = diags.Error(
      RangeOf(port, target_group.range),
      target_group.address + " checks health on port " + Number(port->number()) + ", but " +
          service.address +
          " registers its tasks on dynamic host ports; remove port, so that each target is "
          "checked on the port it receives traffic on");
  d.notes.push_back({service.address + " registers them here", at});
}

void CheckService(const ir::Program& program, const ir::Resource& service, Diagnostics& diags) {
  const ir::Resource* task = Deref(program, service.attributes, "task", "task");
  if (!task) return;
  for (const Value* lb : Blocks(service.attributes, "load_balancers")) {
    SourceRange lb_range = RangeOf(lb, service.range);
    const Value* container_value = Attr(*lb, "container");
    const Value* container = nullptr;
    const Value* port = NumAttr(*lb, "port");
    if (container_value && container_value->is(ValueKind::kString)) {
      container = FindLabeled(task->attributes, "containers", container_value->str());
      if (!container) {
        CheckContainerName(*task, *container_value, lb_range, diags);
      } else if (port) {
        CheckPort(*task, *container, *port, lb_range, diags);
      }
    }
    if (const ir::Resource* tg = Deref(program, *lb, "target_group", "target_group")) {
      SourceRange tg_at = RangeOf(Attr(*lb, "target_group"), lb_range);
      CheckTargetType(service, *task, *tg, tg_at, diags);
      if (container && port && DynamicHostPort(*task, *container, port->number())) {
        CheckHealthCheckPort(service, *tg, tg_at, diags);
      }
    }
  }
}

}  // namespace

void CheckLoadBalancerPorts(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind == "service") CheckService(program, r, diags);
  }
}

}  // namespace berth::rules

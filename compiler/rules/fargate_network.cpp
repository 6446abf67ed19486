// Networking that ECS refuses at deploy time: Fargate without awsvpc, awsvpc tasks launched
// without subnets, a network block for a task that cannot use one, launch types the task was
// not registered for, public IPs outside Fargate, awsvpc host ports.
#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

void CheckTaskNetwork(const ir::Resource& task, Diagnostics& diags) {
  const Value& attrs = task.attributes;
  std::string_view mode = NetworkMode(task);
  if (RequiresFargate(task) && mode != "awsvpc") {
    diags.Error(RangeOf(Attr(attrs, "network_mode"), task.range),
                "Fargate tasks need network_mode awsvpc, not " + std::string(mode));
  }
  if (mode != "awsvpc") return;
  // awsvpc gives each task its own interface: a host port is the container port or nothing.
  for (const Value* container : Blocks(attrs, "containers")) {
    for (const Value* mapping : Blocks(*container, "port_mappings")) {
      const Value* host = NumAttr(*mapping, "host_port");
      const Value* port = NumAttr(*mapping, "container_port");
      if (!host || !port || host->number() == port->number()) continue;
      diags.Error(RangeOf(host, RangeOf(mapping, task.range)),
                  "with network_mode awsvpc, host_port must equal container_port (" +
                      Number(port->number()) + ") or be omitted");
    }
  }
}

// A service or a schedule: both launch tasks of a task definition with a network block.
void CheckLauncher(const ir::Program& program, const ir::Resource& launcher, Diagnostics& diags) {
  const Value& attrs = launcher.attributes;
  const ir::Resource* task = Deref(program, attrs, "task", "task");
  const Value* network = Block(attrs, "network");
  const Value* launch_type = Attr(attrs, "launch_type");
  if (launch_type && !Blocks(attrs, "capacity_providers").empty()) {
    diags.Error(RangeOf(launch_type, launcher.range),
                launcher.address +
                    " sets both launch_type and capacity_provider blocks; ECS takes one or the "
                    "other");
  }
  if (!task) return;
  std::string mode(NetworkMode(*task));
  std::string launch = LaunchTypeOf(launcher, task);

  if (mode == "awsvpc" && !network) {
    Diagnostic& d = diags.Error(
        launcher.range, launcher.address + " needs a network block with subnets: its task " +
                            task->address + " uses network_mode awsvpc");
    d.notes.push_back({task->address + " is declared here", task->range});
  } else if (mode == "awsvpc") {
    const Value* subnets = Attr(*network, "subnets");
    if (subnets && subnets->is(ValueKind::kList) && subnets->list().empty()) {
      diags.Error(RangeOf(subnets, RangeOf(network, launcher.range)),
                  "network.subnets of " + launcher.address +
                      " is empty; awsvpc tasks need at least one subnet");
    }
  } else if (network) {
    Diagnostic& d =
        diags.Error(RangeOf(network, launcher.range),
                    launcher.address + " has a network block, but its task " + task->address +
                        " uses network_mode " + mode + "; only awsvpc tasks take one");
    d.notes.push_back(
        {"network_mode is set here", RangeOf(Attr(task->attributes, "network_mode"), task->range)});
  }

  // ECS validates a task definition for EC2 always, for FARGATE and EXTERNAL only on request.
  if ((launch == "FARGATE" || launch == "EXTERNAL") &&
      !ListHas(task->attributes, "requires", launch)) {
    const Value* requires_value = Attr(task->attributes, "requires");
    Diagnostic& d =
        diags.Error(RangeOf(launch_type, RangeOf(Attr(attrs, "task"), launcher.range)),
                    launcher.address + " launches on " + launch + ", but " + task->address +
                        " does not list " + launch + " in requires" +
                        (requires_value ? " (" + requires_value->ToSource() + ")" : std::string()));
    d.notes.push_back({"requires is set here", RangeOf(requires_value, task->range)});
  }

  if (network && launch != "FARGATE") {
    const Value* public_ip = Attr(*network, "assign_public_ip");
    if (public_ip && public_ip->is(ValueKind::kBool) && public_ip->as_bool()) {
      diags.Error(RangeOf(public_ip, RangeOf(network, launcher.range)),
                  "assign_public_ip needs the FARGATE launch type; " + launcher.address +
                      " launches on " + (launch.empty() ? std::string("EC2") : launch));
    }
  }
}

}  // namespace

void CheckFargateNetwork(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind == "task") CheckTaskNetwork(r, diags);
    if (r.kind == "service" || r.kind == "schedule") CheckLauncher(program, r, diags);
  }
}

}  // namespace berth::rules

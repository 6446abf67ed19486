// What Fargate does not offer, though the task definition can say it: privileged containers,
// host and Docker volumes, GPUs, IPC namespaces, /dev/shm sizing, ulimits other than nofile,
// capabilities other than SYS_PTRACE; and the bounds of ephemeral storage and of stop_timeout.
#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
// Fargate sends SIGKILL at most two minutes after SIGTERM (containerDefinitions.stopTimeout).
constexpr double kMaxStopTimeoutMs = 120 * 1000.0;

void Unsupported(Diagnostics& diags, const SourceRange& at, const std::string& what) {
  diags.Error(at, what + ", which Fargate does not support");
}

void CheckContainer(const ir::Resource& task, const Value& c, Diagnostics& diags) {
  std::string subject = "container " + Quote(StrAttr(c, "name")) + " of " + task.address;
  SourceRange at = RangeOf(&c, task.range);
  const Value* privileged = Attr(c, "privileged");
  if (privileged && privileged->is(ValueKind::kBool) && privileged->as_bool()) {
    Unsupported(diags, RangeOf(privileged, at), subject + " is privileged");
  }
  if (const Value* gpu = NumAttr(c, "gpu"); gpu && gpu->number() > 0) {
    Unsupported(diags, RangeOf(gpu, at), subject + " reserves GPUs");
  }
  if (const Value* stop = NumAttr(c, "stop_timeout");
      stop && stop->is(ValueKind::kDuration) && stop->number() > kMaxStopTimeoutMs) {
    diags.Error(RangeOf(stop, at), subject + " has stop_timeout " + stop->ToSource() +
                                       "; Fargate waits at most 120s between SIGTERM and SIGKILL");
  }
  for (const Value* ulimit : Blocks(c, "ulimits")) {
    std::string_view name = StrAttr(*ulimit, "name");
    if (!name.empty() && name != "nofile") {
      Unsupported(diags, RangeOf(Attr(*ulimit, "name"), RangeOf(ulimit, at)),
                  subject + " sets ulimit " + std::string(name));
    }
  }
  const Value* linux_params = Block(c, "linux_parameters");
  if (!linux_params) return;
  if (const Value* shm = Attr(*linux_params, "shared_memory_size")) {
    Unsupported(diags, RangeOf(shm, at), subject + " sets shared_memory_size");
  }
  if (const Value* caps = Block(*linux_params, "capabilities")) {
    for (const std::string& cap : Strings(*caps, "add")) {
      if (cap != "SYS_PTRACE") {
        Unsupported(diags, RangeOf(Attr(*caps, "add"), at), subject + " adds capability " + cap);
      }
    }
  }
}

void CheckFargateFeatures(const ir::Resource& task, Diagnostics& diags) {
  const Value& attrs = task.attributes;
  if (const Value* ipc = Attr(attrs, "ipc_mode")) {
    Unsupported(diags, RangeOf(ipc, task.range), task.address + " sets ipc_mode");
  }
  if (const Value* storage = NumAttr(attrs, "ephemeral_storage");
      storage && storage->is(ValueKind::kSize) &&
      (storage->number() < 21 * kGiB || storage->number() > 200 * kGiB)) {
    diags.Error(RangeOf(storage, task.range), "ephemeral_storage of " + task.address + " is " +
                                                  storage->ToSource() +
                                                  "; Fargate offers 21GiB to 200GiB");
  }
  for (const Value* volume : Blocks(attrs, "volumes")) {
    std::string subject = "volume " + Quote(StrAttr(*volume, "name")) + " of " + task.address;
    if (const Value* host = Attr(*volume, "host_path")) {
      Unsupported(diags, RangeOf(host, RangeOf(volume, task.range)),
                  subject + " binds a host_path");
    }
    if (const Value* docker = Block(*volume, "docker")) {
      Unsupported(diags, RangeOf(docker, RangeOf(volume, task.range)),
                  subject + " is a Docker volume");
    }
  }
  for (const Value* c : Blocks(attrs, "containers")) CheckContainer(task, *c, diags);
}

}  // namespace

void CheckFargateFeatures(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind == "task" && RequiresFargate(r)) CheckFargateFeatures(r, diags);
  }
}

}  // namespace berth::rules

// Fargate runs a task only at the CPU/memory pairs AWS sells. The table is AWS's (see the task
// definition docs, "Task size"): for each CPU value, a memory range and step.
#include <algorithm>
#include <vector>

#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

struct FargateCpu {
  double cpu;  // CPU units
  double min_mib, max_mib, step_mib;
};

// 256 CPU units is the odd one out: 512MiB, then 1GiB and 2GiB, which no single step covers.
constexpr FargateCpu kFargateCpus[] = {
    {256, 512, 2048, 0},          {512, 1024, 4096, 1024},   {1024, 2048, 8192, 1024},
    {2048, 4096, 16384, 1024},    {4096, 8192, 30720, 1024}, {8192, 16384, 61440, 4096},
    {16384, 32768, 122880, 8192},
};

const FargateCpu* FindCpu(double cpu) {
  for (const FargateCpu& c : kFargateCpus) {
    if (c.cpu == cpu) return &c;
  }
  return nullptr;
}

std::vector<double> MemoryChoicesMiB(const FargateCpu& c) {
  if (c.step_mib == 0) return {512, 1024, 2048};
  std::vector<double> out;
  for (double m = c.min_mib; m <= c.max_mib; m += c.step_mib) out.push_back(m);
  return out;
}

std::string MemoryChoices(const FargateCpu& c) {
  std::vector<std::string> words;
  for (double mib : MemoryChoicesMiB(c)) words.push_back(FormatSize(mib * kMiB));
  return JoinWords(words);
}

std::string CpuChoices() {
  std::vector<std::string> words;
  for (const FargateCpu& c : kFargateCpus) words.push_back(Number(c.cpu));
  return JoinWords(words);
}

void CheckFargateSize(const ir::Resource& task, Diagnostics& diags) {
  const Value& attrs = task.attributes;
  const Value* cpu = NumAttr(attrs, "cpu");
  const Value* memory = NumAttr(attrs, "memory");
  // A reference is unknown until apply: nothing to check yet.
  if (Attr(attrs, "cpu") && !cpu) return;
  if (!cpu) {
    diags.Error(task.range, "Fargate task " + task.address + " needs cpu: " + CpuChoices() +
                                " CPU units (1024 is 1 vCPU)");
    return;
  }
  const FargateCpu* choice = FindCpu(cpu->number());
  if (!choice) {
    diags.Error(RangeOf(cpu, task.range), "Fargate does not offer cpu " + Number(cpu->number()) +
                                              "; it must be " + CpuChoices() +
                                              " CPU units (1024 is 1 vCPU)");
    return;
  }
  if (Attr(attrs, "memory") && !memory) return;
  if (!memory) {
    diags.Error(task.range, "Fargate task " + task.address + " needs memory: with cpu " +
                                Number(choice->cpu) + " it must be " + MemoryChoices(*choice));
    return;
  }
  if (!memory->is(ValueKind::kSize)) return;  // the checker reported the missing unit
  std::vector<double> allowed = MemoryChoicesMiB(*choice);
  double mib = memory->number() / kMiB;
  if (std::find(allowed.begin(), allowed.end(), mib) != allowed.end()) return;
  Diagnostic& d = diags.Error(RangeOf(memory, task.range),
                              "Fargate does not pair cpu " + Number(choice->cpu) + " with memory " +
                                  memory->ToSource() + "; with cpu " + Number(choice->cpu) +
                                  " memory must be " + MemoryChoices(*choice));
  d.notes.push_back({"cpu is set here", RangeOf(cpu, task.range)});
}

}  // namespace

void CheckFargateSizes(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind == "task" && RequiresFargate(r)) CheckFargateSize(r, diags);
  }
}

}  // namespace berth::rules

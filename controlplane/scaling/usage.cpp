#include "controlplane/scaling/usage.h"

#include <string>

namespace berth::controlplane::scaling {

// Named (and anonymous within): the build compiles several files as one unit.
namespace usage_impl {
namespace {

double Number(const json& value) {
  if (value.is_number()) return value.get<double>();
  if (value.is_string()) {
    try {
      return std::stod(value.get<std::string>());
    } catch (const std::exception&) {
    }
  }
  return 0;
}

double Reserved(const json& definition, const char* task_field,
                const std::initializer_list<const char*>& container_fields) {
  double task = definition.contains(task_field) ? Number(definition[task_field]) : 0;
  if (task > 0) return task;
  double sum = 0;
  for (const json& c : definition.value("containerDefinitions", json::array())) {
    for (const char* field : container_fields) {
      double value = c.contains(field) ? Number(c[field]) : 0;
      if (value > 0) {
        sum += value;
        break;
      }
    }
  }
  return sum;
}

}  // namespace
}  // namespace usage_impl

using namespace usage_impl;

std::optional<Sample> SampleOf(const json& stats) {
  const json& cpu = stats.value("cpu_stats", json::object());
  if (!cpu.contains("system_cpu_usage") || !cpu.contains("cpu_usage")) return std::nullopt;
  Sample sample;
  sample.cpu_total = Number(cpu["cpu_usage"].value("total_usage", json(0)));
  sample.cpu_system = Number(cpu["system_cpu_usage"]);
  sample.online_cpus = cpu.value("online_cpus", 0);
  if (sample.online_cpus <= 0) {
    sample.online_cpus =
        static_cast<int>(cpu["cpu_usage"].value("percpu_usage", json::array()).size());
  }
  if (sample.online_cpus <= 0) sample.online_cpus = 1;
  const json& memory = stats.value("memory_stats", json::object());
  double usage = Number(memory.value("usage", json(0)));
  const json& detail = memory.value("stats", json::object());
  // cgroup v2 names it inactive_file, v1 total_inactive_file (the docker CLI reads both).
  double cache = detail.contains("inactive_file")         ? Number(detail["inactive_file"])
                 : detail.contains("total_inactive_file") ? Number(detail["total_inactive_file"])
                                                          : 0;
  sample.memory_mib = (usage > cache ? usage - cache : usage) / (1024.0 * 1024.0);
  return sample;
}

double CpuUnits(const Sample& before, const Sample& after) {
  double system = after.cpu_system - before.cpu_system;
  double used = after.cpu_total - before.cpu_total;
  if (system <= 0 || used < 0) return 0;
  return used / system * after.online_cpus * 1024.0;
}

double ReservedCpu(const json& definition) { return Reserved(definition, "cpu", {"cpu"}); }

double ReservedMemory(const json& definition) {
  return Reserved(definition, "memory", {"memory", "memoryReservation"});
}

std::optional<double> RequestsPerTarget(std::uint64_t before, std::uint64_t after, double seconds,
                                        int targets) {
  if (targets <= 0 || seconds <= 0 || after < before) return std::nullopt;
  return static_cast<double>(after - before) * 60.0 / seconds / targets;
}

std::string TargetGroupOfLabel(const std::string& resource_label) {
  size_t at = resource_label.find("/targetgroup/");
  return at == std::string::npos ? "" : resource_label.substr(at + 1);
}

}  // namespace berth::controlplane::scaling

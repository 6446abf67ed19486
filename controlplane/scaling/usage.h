// ECS's service utilization metrics from the Docker stats API. ECS: "Service CPU % = (CPU units
// used by the service's tasks × 100) / (task-definition CPU units × number of tasks)", memory
// the same in MiB (developer guide, service_utilization.html); one vCPU is 1024 units. A
// container's CPU use is what the docker CLI computes (calculateCPUPercentUnix): the share of
// the host's CPU time between two samples × online CPUs; its memory is usage minus the
// inactive page cache (calculateMemUsageUnixNoCache). berth samples each container with one
// `GET /containers/{id}/stats?stream=false&one-shot=true` per interval and keeps the previous
// sample, so a datapoint needs two samples of a task.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace berth::controlplane::scaling {

using nlohmann::json;

struct Sample {
  double cpu_total = 0;   // the container's CPU time, ns
  double cpu_system = 0;  // the host's, ns
  int online_cpus = 1;
  double memory_mib = 0;
};

// A sample from a stats answer; nullopt when it has no CPU figures (a container not running).
std::optional<Sample> SampleOf(const json& stats);

// CPU units (1024 per CPU) the container used between two samples.
double CpuUnits(const Sample& before, const Sample& after);

// What a task of the definition reserves, as ECS divides by: the task-level cpu/memory (strings
// or numbers), else the sum over its containers (memory: the hard limit, else the reservation).
// 0 when nothing is reserved: such a service has no utilization metric.
double ReservedCpu(const json& definition);
double ReservedMemory(const json& definition);

// ALBRequestCountPerTarget: the target group's RequestCount per minute (the metric's period)
// over its targets, from two readings of the proxies' monotonic counter `seconds` apart; nullopt
// without targets or time.
std::optional<double> RequestsPerTarget(std::uint64_t before, std::uint64_t after, double seconds,
                                        int targets);

// The target group a policy's ResourceLabel ("app/LB/ID/targetgroup/TG/ID") names, as the tail
// of its ARN ("targetgroup/TG/ID"); "" when the label has no target group.
std::string TargetGroupOfLabel(const std::string& resource_label);

}  // namespace berth::controlplane::scaling

// Where `berth logs SERVICE` reads from: the stack's service (by its block label or its ECS
// name) and, of its task, each container that logs with the awslogs driver, as the group and
// the stream prefix ECS writes it under (`awslogs-stream-prefix/CONTAINER/`).
#pragma once

#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace berth::cli {

struct LogSource {
  std::string container;
  std::string group;
  std::string stream_prefix;  // "api/api/": every task of the service's task definition
};

struct ServiceLogs {
  std::string address;  // service.backend
  std::string name;     // the ECS service's name
  std::vector<LogSource> sources;
};

// False with `error` saying what to do: no such service (naming the stack's), or a service
// none of whose containers logs to awslogs.
bool FindServiceLogs(const ir::Program& program, const std::string& service, ServiceLogs& out,
                     std::string& error);

}  // namespace berth::cli

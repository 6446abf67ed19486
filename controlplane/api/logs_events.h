// CloudWatch Logs' stream and event operations (logs_events.cpp), added to the Logs table of
// logs.cpp, which keeps the groups.
#pragma once

#include "controlplane/api/api.h"

namespace berth::controlplane::api {

void AddLogEventOperations(OperationTable& table);

}  // namespace berth::controlplane::api

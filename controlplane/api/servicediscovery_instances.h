// Cloud Map's namespaces, instances and DiscoverInstances (servicediscovery_instances.cpp),
// added to the Cloud Map table of servicediscovery.cpp, which keeps the services.
#pragma once

#include "controlplane/api/api.h"

namespace berth::controlplane::api {

void AddDiscoveryInstanceOperations(OperationTable& table);

}  // namespace berth::controlplane::api

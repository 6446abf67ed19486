#include <map>

#include "controlplane/api/api.h"

namespace berth::controlplane::api {

namespace {

const std::map<std::string, Handler>& Table() {
  static const std::map<std::string, Handler> table = {
      {"CreateCluster", &CreateCluster},
      {"DescribeClusters", &DescribeClusters},
      {"ListClusters", &ListClusters},
      {"DeleteCluster", &DeleteCluster},
      {"RegisterTaskDefinition", &RegisterTaskDefinition},
      {"DescribeTaskDefinition", &DescribeTaskDefinition},
      {"ListTaskDefinitions", &ListTaskDefinitions},
      {"DeregisterTaskDefinition", &DeregisterTaskDefinition},
      {"CreateService", &CreateService},
      {"UpdateService", &UpdateService},
      {"DescribeServices", &DescribeServices},
      {"ListServices", &ListServices},
      {"DeleteService", &DeleteService},
      {"RunTask", &RunTask},
      {"StopTask", &StopTask},
      {"DescribeTasks", &DescribeTasks},
      {"ListTasks", &ListTasks},
      {"ListContainerInstances", &ListContainerInstances},
      {"DescribeContainerInstances", &DescribeContainerInstances},
  };
  return table;
}

}  // namespace

void InvalidParameter(const std::string& message) {
  throw ApiError("InvalidParameterException", message);
}

void ClusterNotFound() { throw ApiError("ClusterNotFoundException", "Cluster not found."); }

Handler FindEcsHandler(const std::string& operation) {
  auto found = Table().find(operation);
  return found == Table().end() ? nullptr : found->second;
}

}  // namespace berth::controlplane::api

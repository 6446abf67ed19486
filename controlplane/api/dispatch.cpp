#include <map>

#include "controlplane/api/api.h"

namespace berth::controlplane::api {

const OperationTable& EcsOperations() {
  static const OperationTable table = {
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
      {"RegisterContainerInstance", &RegisterContainerInstance},
      {"DeregisterContainerInstance", &DeregisterContainerInstance},
      {"TagResource", &EcsTagResource},
      {"UntagResource", &EcsUntagResource},
      {"ListTagsForResource", &EcsListTagsForResource},
  };
  return table;
}

void InvalidParameter(const std::string& message) {
  throw ApiError("InvalidParameterException", message);
}

void ClusterNotFound() { throw ApiError("ClusterNotFoundException", "Cluster not found."); }

Handler FindHandler(std::string_view service, std::string_view operation) {
  static const std::map<std::string, const OperationTable*, std::less<>> services = {
      {"ecs", &EcsOperations()},
      {"iam", &IamOperations()},
      {"ec2", &Ec2Operations()},
      {"logs", &LogsOperations()},
      {"application-autoscaling", &AutoScalingOperations()},
      {"elbv2", &Elbv2Operations()},
      {"cloudwatch", &CloudWatchOperations()},
      {"events", &EventsOperations()},
      {"servicediscovery", &ServiceDiscoveryOperations()},
  };
  auto table = services.find(service);
  if (table == services.end()) return nullptr;
  auto found = table->second->find(operation);
  return found == table->second->end() ? nullptr : found->second;
}

Handler FindEcsHandler(const std::string& operation) { return FindHandler("ecs", operation); }

}  // namespace berth::controlplane::api

#include "controlplane/store/task_definitions.h"

#include <cstdio>
#include <cstdlib>

namespace berth::controlplane::store {

std::string TaskDefinitionKey(const std::string& family, int revision) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%08d", revision);
  return family + ":" + buffer;
}

std::optional<json> FindTaskDefinition(Tx& tx, const std::string& reference) {
  // "arn:aws:ecs:REGION:ACCOUNT:task-definition/web:3" -> "web:3"
  std::string ref = reference;
  if (ref.rfind("arn:", 0) == 0) ref = ref.substr(ref.rfind('/') + 1);
  auto colon = ref.find(':');
  std::string family = ref.substr(0, colon);
  if (colon != std::string::npos) {
    int revision = std::atoi(ref.c_str() + colon + 1);
    return tx.Get(kTaskDef, TaskDefinitionKey(family, revision));
  }
  std::optional<json> newest;
  for (json& definition : tx.List(kTaskDef, &family)) {
    if (definition["status"] == "ACTIVE") newest = std::move(definition);
  }
  return newest;
}

}  // namespace berth::controlplane::store

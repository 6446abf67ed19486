#include "controlplane/lb/targets_store.h"

namespace berth::controlplane::lb {

std::string TargetKey(const std::string& target_group_arn, const std::string& id, int port) {
  return target_group_arn + "|" + id + "|" + std::to_string(port);
}

std::optional<store::json> GetTarget(const store::Tx& tx, const std::string& target_group_arn,
                                     const std::string& id, int port) {
  return tx.Get(kTarget, TargetKey(target_group_arn, id, port));
}

void PutTarget(store::Tx& tx, const store::json& target) {
  std::string group = target.at("TargetGroupArn");
  tx.Put(kTarget, TargetKey(group, target.at("Id"), target.at("Port").get<int>()), group, target);
}

void DeleteTarget(store::Tx& tx, const std::string& target_group_arn, const std::string& id,
                  int port) {
  tx.Delete(kTarget, TargetKey(target_group_arn, id, port));
}

std::vector<store::json> ListTargets(const store::Tx& tx, const std::string* target_group_arn) {
  return tx.List(kTarget, target_group_arn);
}

}  // namespace berth::controlplane::lb

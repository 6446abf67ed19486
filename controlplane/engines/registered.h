// The engines registered through the API (RegisterContainerInstance) and not deregistered, from
// the store's instance documents: the threads that follow engines besides the reconciler (logs,
// utilization) add them to those given with --engine.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace berth::controlplane::engines {

inline std::vector<std::string> RegisteredSockets(const std::vector<nlohmann::json>& instances) {
  std::vector<std::string> sockets;
  for (const nlohmann::json& instance : instances) {
    if (instance.value("registered", false) && instance.value("status", "ACTIVE") != "INACTIVE" &&
        !instance.value("socket", "").empty()) {
      sockets.push_back(instance["socket"]);
    }
  }
  return sockets;
}

}  // namespace berth::controlplane::engines

#include "controlplane/discovery/environment.h"

#include <cctype>
#include <map>

#include "controlplane/discovery/instances.h"

namespace berth::controlplane::discovery {

namespace {

using nlohmann::json;

struct Address {
  std::string name;  // backend.shop.internal
  int container_port = 0;
  int host_port = 0;
};

std::string NamespaceName(const json& ns) {
  if (ns.value("Type", "") == "HTTP") {
    return ns["Properties"]["HttpProperties"].value("HttpName", ns.value("Name", ""));
  }
  return ns.value("Name", "");
}

std::vector<Address> Addresses(store::Tx& tx) {
  std::vector<Address> out;
  for (const json& service : tx.List(store::kDiscoveryService)) {
    auto ns = tx.Get(kNamespace, service.value("NamespaceId", ""));
    if (!ns) continue;
    std::string id = service["Id"];
    for (const json& instance : tx.List(kInstance, &id)) {
      if (HealthOf(instance) != "HEALTHY") continue;
      std::string port = instance["Attributes"].value("AWS_INSTANCE_PORT", "");
      if (port.empty()) continue;
      Address a;
      a.name = service.value("Name", "") + "." + NamespaceName(*ns);
      a.host_port = std::atoi(port.c_str());
      a.container_port = instance.value("x-berth", json::object()).value("containerPort", 0);
      out.push_back(a);
      break;  // one instance per service: the first healthy one
    }
  }
  return out;
}

std::string VariableName(const std::string& name) {
  std::string out = "BERTH_DISCOVERY_";
  for (unsigned char c : name) out += std::isalnum(c) ? static_cast<char>(std::toupper(c)) : '_';
  return out;
}

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

void AddDiscoveredAddresses(store::Tx& tx, json& definition) {
  std::vector<Address> addresses = Addresses(tx);
  if (addresses.empty()) return;
  for (json& spec : definition["containerDefinitions"]) {
    json environment = spec.value("environment", json::array());
    for (json& pair : environment) {
      std::string value = pair.value("value", "");
      for (const Address& a : addresses) {
        if (a.container_port == 0) continue;
        ReplaceAll(value, a.name + ":" + std::to_string(a.container_port),
                   "127.0.0.1:" + std::to_string(a.host_port));
      }
      pair["value"] = value;
    }
    json hosts = spec.value("extraHosts", json::array());
    for (const Address& a : addresses) {
      environment.push_back(
          {{"name", VariableName(a.name)}, {"value", "127.0.0.1:" + std::to_string(a.host_port)}});
      hosts.push_back({{"hostname", a.name}, {"ipAddress", "127.0.0.1"}});
    }
    spec["environment"] = environment;
    spec["extraHosts"] = hosts;
  }
}

}  // namespace berth::controlplane::discovery

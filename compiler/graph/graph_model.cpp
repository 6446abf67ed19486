#include "compiler/graph/graph_model.h"

#include <algorithm>
#include <map>
#include <set>

namespace berth::graph_internal {

std::vector<std::string> ModulePathPrefixes(const std::string& module_path) {
  // Split at dots outside quoted for_each keys, then pair `module` with the name after it.
  std::vector<size_t> dots;
  bool quoted = false;
  for (size_t i = 0; i < module_path.size(); ++i) {
    char c = module_path[i];
    if (quoted && c == '\\') {
      ++i;  // the escaped character cannot end the key
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == '.' && !quoted) {
      dots.push_back(i);
    }
  }
  std::vector<std::string> prefixes;
  // Every second dot ends an instance: module . NAME . module . NAME
  for (size_t k = 1; k < dots.size(); k += 2) prefixes.push_back(module_path.substr(0, dots[k]));
  if (!module_path.empty()) prefixes.push_back(module_path);
  return prefixes;
}

namespace {

// A cluster tree under construction, keyed by path so that siblings come out sorted.
struct ClusterNode {
  std::vector<std::string> nodes;
  std::map<std::string, ClusterNode> children;
};

Cluster Freeze(const std::string& path, ClusterNode& node) {
  Cluster out;
  out.path = path;
  out.nodes = std::move(node.nodes);
  std::sort(out.nodes.begin(), out.nodes.end());
  for (auto& [child_path, child] : node.children) out.children.push_back(Freeze(child_path, child));
  return out;
}

}  // namespace

GraphModel BuildGraphModel(const ir::Program& program) {
  GraphModel model;
  ClusterNode root;
  std::set<std::string> addresses;
  std::set<std::pair<std::string, std::string>> edges;
  for (const ir::Resource& r : program.resources) {
    for (const std::string& dep : r.depends_on) edges.emplace(r.address, dep);
    if (!addresses.insert(r.address).second) continue;  // one node per address
    ClusterNode* cluster = &root;
    for (const std::string& prefix : ModulePathPrefixes(r.module_path)) {
      cluster = &cluster->children[prefix];
    }
    cluster->nodes.push_back(r.address);
  }
  std::set<std::string> missing;
  for (const auto& [from, to] : edges) {
    if (!addresses.count(to)) missing.insert(to);
  }
  model.root = Freeze("", root);
  model.missing.assign(missing.begin(), missing.end());
  model.edges.assign(edges.begin(), edges.end());
  return model;
}

}  // namespace berth::graph_internal

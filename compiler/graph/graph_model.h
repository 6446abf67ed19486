// The graph independent of its notation: module instances as nested clusters, resources in the
// cluster of their module, edges sorted. Both writers walk this, so they agree on order.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/ir.h"

namespace berth::graph_internal {

struct Cluster {
  std::string path;                // "module.web", "module.web.module.db"; "" for the root
  std::vector<std::string> nodes;  // resource addresses, sorted
  std::vector<Cluster> children;   // sorted by path
};

struct GraphModel {
  Cluster root;
  // Addresses depended on that are not resources of the program: drawn, but marked.
  std::vector<std::string> missing;
  std::vector<std::pair<std::string, std::string>> edges;  // (dependent, dependency), sorted
};

GraphModel BuildGraphModel(const ir::Program& program);

// The module instances of a path, outermost first: `module.a["x.y"].module.b` gives
// `module.a["x.y"]`, then `module.a["x.y"].module.b`. Dots inside quoted keys do not split.
std::vector<std::string> ModulePathPrefixes(const std::string& module_path);

}  // namespace berth::graph_internal

// The dependency graph in both notations, asserted whole for a small hand-built program.
#include "compiler/graph/graph.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "compiler/graph/graph_model.h"

namespace berth {
namespace {

ir::Resource Res(std::string address, std::string module_path = "",
                 std::vector<std::string> depends_on = {}) {
  ir::Resource r;
  r.address = std::move(address);
  r.module_path = std::move(module_path);
  r.depends_on = std::move(depends_on);
  return r;
}

// Deliberately out of order: the output must not depend on the order resources come in.
ir::Program SampleProgram() {
  ir::Program p;
  p.stack.name = "webapp";
  p.resources.push_back(Res("service.api[\"green\"]", "", {"cluster.main", "role.gone"}));
  p.resources.push_back(
      Res("service.api[\"blue\"]", "", {"cluster.main", "module.web.service.app"}));
  p.resources.push_back(Res("module.web.service.app", "module.web", {"cluster.main"}));
  p.resources.push_back(
      Res("module.web.module.db.task.x", "module.web.module.db", {"module.web.service.app"}));
  p.resources.push_back(Res("module.q[\"a.b\"].queue.jobs", "module.q[\"a.b\"]"));
  p.resources.push_back(Res("cluster.main"));
  p.resources.push_back(Res("log_group.app[\"q\\\"<#&>`\"]", "", {"cluster.main"}));
  return p;
}

TEST(Graph, Dot) {
  EXPECT_EQ(RenderGraph({GraphFormat::kDot}, SampleProgram()),
            R"(digraph berth {
  rankdir=LR;
  node [shape=box];
  "cluster.main" [label="cluster.main"];
  "log_group.app[\"q\\\"<#&>`\"]" [label="log_group.app[\"q\\\"<#&>`\"]"];
  "service.api[\"blue\"]" [label="service.api[\"blue\"]"];
  "service.api[\"green\"]" [label="service.api[\"green\"]"];
  "role.gone" [label="role.gone", style=dashed];
  subgraph "cluster_module.q[\"a.b\"]" {
    label="module.q[\"a.b\"]";
    "module.q[\"a.b\"].queue.jobs" [label="module.q[\"a.b\"].queue.jobs"];
  }
  subgraph "cluster_module.web" {
    label="module.web";
    "module.web.service.app" [label="module.web.service.app"];
    subgraph "cluster_module.web.module.db" {
      label="module.web.module.db";
      "module.web.module.db.task.x" [label="module.web.module.db.task.x"];
    }
  }
  "log_group.app[\"q\\\"<#&>`\"]" -> "cluster.main";
  "module.web.module.db.task.x" -> "module.web.service.app";
  "module.web.service.app" -> "cluster.main";
  "service.api[\"blue\"]" -> "cluster.main";
  "service.api[\"blue\"]" -> "module.web.service.app";
  "service.api[\"green\"]" -> "cluster.main";
  "service.api[\"green\"]" -> "role.gone";
}
)");
}

TEST(Graph, Mermaid) {
  EXPECT_EQ(RenderGraph({GraphFormat::kMermaid}, SampleProgram()),
            R"(flowchart LR
  r_cluster_dmain["cluster.main"]
  r_log__group_dapp_x5b_x22q_x5c_x22_x3c_x23_x26_x3e_x60_x22_x5d["log_group.app[#quot;q\#quot;#lt;#35;#amp;#gt;#96;#quot;]"]
  r_service_dapi_x5b_x22blue_x22_x5d["service.api[#quot;blue#quot;]"]
  r_service_dapi_x5b_x22green_x22_x5d["service.api[#quot;green#quot;]"]
  r_role_dgone["role.gone"]
  subgraph m_module_dq_x5b_x22a_db_x22_x5d ["module.q[#quot;a.b#quot;]"]
    r_module_dq_x5b_x22a_db_x22_x5d_dqueue_djobs["module.q[#quot;a.b#quot;].queue.jobs"]
  end
  subgraph m_module_dweb ["module.web"]
    r_module_dweb_dservice_dapp["module.web.service.app"]
    subgraph m_module_dweb_dmodule_ddb ["module.web.module.db"]
      r_module_dweb_dmodule_ddb_dtask_dx["module.web.module.db.task.x"]
    end
  end
  r_log__group_dapp_x5b_x22q_x5c_x22_x3c_x23_x26_x3e_x60_x22_x5d --> r_cluster_dmain
  r_module_dweb_dmodule_ddb_dtask_dx --> r_module_dweb_dservice_dapp
  r_module_dweb_dservice_dapp --> r_cluster_dmain
  r_service_dapi_x5b_x22blue_x22_x5d --> r_cluster_dmain
  r_service_dapi_x5b_x22blue_x22_x5d --> r_module_dweb_dservice_dapp
  r_service_dapi_x5b_x22green_x22_x5d --> r_cluster_dmain
  r_service_dapi_x5b_x22green_x22_x5d --> r_role_dgone
  style r_role_dgone stroke-dasharray: 5 5
)");
}

TEST(Graph, EmptyProgram) {
  EXPECT_EQ(RenderGraph({GraphFormat::kDot}, ir::Program{}),
            "digraph berth {\n  rankdir=LR;\n  node [shape=box];\n}\n");
  EXPECT_EQ(RenderGraph({GraphFormat::kMermaid}, ir::Program{}), "flowchart LR\n");
}

TEST(Graph, DeterministicWhateverTheInputOrder) {
  ir::Program a = SampleProgram();
  ir::Program b = SampleProgram();
  std::reverse(b.resources.begin(), b.resources.end());
  for (GraphFormat f : {GraphFormat::kDot, GraphFormat::kMermaid}) {
    EXPECT_EQ(RenderGraph({f}, a), RenderGraph({f}, b));
  }
}

TEST(Graph, MermaidIdsAreOneToOne) {
  // `a._b` and `a_.b` would collide under a naive `.`-to-`_` mapping.
  ir::Program p;
  p.resources.push_back(Res("a._b"));
  p.resources.push_back(Res("a_.b"));
  EXPECT_EQ(RenderGraph({GraphFormat::kMermaid}, p),
            "flowchart LR\n"
            "  r_a_d__b[\"a._b\"]\n"
            "  r_a___db[\"a_.b\"]\n");
}

TEST(Graph, ParseGraphFormat) {
  EXPECT_EQ(ParseGraphFormat("dot"), GraphFormat::kDot);
  EXPECT_EQ(ParseGraphFormat("mermaid"), GraphFormat::kMermaid);
  EXPECT_EQ(ParseGraphFormat("svg"), std::nullopt);
}

TEST(GraphModel, ModulePathPrefixesSplitOutsideQuotedKeys) {
  using graph_internal::ModulePathPrefixes;
  EXPECT_EQ(ModulePathPrefixes(""), std::vector<std::string>{});
  EXPECT_EQ(ModulePathPrefixes("module.web"), std::vector<std::string>{"module.web"});
  EXPECT_EQ(
      ModulePathPrefixes("module.a[\"x.y\"].module.b[\"q\\\".z\"]"),
      (std::vector<std::string>{"module.a[\"x.y\"]", "module.a[\"x.y\"].module.b[\"q\\\".z\"]"}));
}

}  // namespace
}  // namespace berth

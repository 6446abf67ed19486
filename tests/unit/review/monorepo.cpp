#include "tests/unit/review/monorepo.h"

namespace berth::testing {

std::string StackFile(const std::string& name, bool imports_shared, const std::string& extra) {
  std::string text = "stack \"" + name +
                     "\" {\n  region  = \"ap-northeast-1\"\n  account = \"123456789012\"\n}\n\n";
  if (imports_shared) {
    text += "import \"../../modules/shared\" as shared\n\nshared \"logs\" {\n  name = \"" + name +
            "\"\n}\n\n";
  }
  text += "cluster \"main\" {\n  container_insights = true\n}\n" + extra;
  return text;
}

std::string SharedModule(const std::string& retention) {
  return "variable \"name\" {\n  type = string\n}\n\nlog_group \"logs\" {\n  name      = "
         "\"/ecs/${var.name}\"\n  retention = " +
         retention + "\n}\n";
}

std::string MakeMonorepo(TestRepo& repo) {
  repo.Commit("main",
              {{"README.md", "# infra\n"},
               {"modules/shared/main.berth", SharedModule("30d")},
               {"stacks/web/main.berth", StackFile("web", true)},
               {"stacks/api/main.berth", StackFile("api", true)},
               {"stacks/batch/main.berth", StackFile("batch", false)}},
              "three stacks and a shared module");
  repo.Branch("feature", "main");
  return repo.Commit("feature", {{"modules/shared/main.berth", SharedModule("90d")}},
                     "keep logs for 90 days");
}

}  // namespace berth::testing

#include "compiler/check/check.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "compiler/base/large_stack.h"
#include "compiler/check/instance.h"
#include "compiler/check/loader.h"
#include "compiler/check/program_state.h"
#include "compiler/check/variables.h"
#include "compiler/lint/lint.h"
#include "compiler/rules/rules.h"

namespace berth {

namespace {

// Sorts through an index: moving 100,000 resources around inside std::sort costs more than the
// comparisons.
void SortByAddress(std::vector<ir::Resource>& resources) {
  std::vector<std::pair<std::string_view, size_t>> order;
  order.reserve(resources.size());
  for (size_t i = 0; i < resources.size(); ++i) order.emplace_back(resources[i].address, i);
  std::sort(order.begin(), order.end());
  std::vector<ir::Resource> sorted;
  sorted.reserve(resources.size());
  for (const auto& [address, i] : order) sorted.push_back(std::move(resources[i]));
  resources = std::move(sorted);
}

// How many resource and module instances `module` makes, counting each for_each block once:
// enough to size the address table up front instead of rehashing it while it grows.
size_t EstimateEntities(const check::Module& module,
                        std::unordered_map<const check::Module*, size_t>& memo) {
  if (auto it = memo.find(&module); it != memo.end()) return it->second;
  memo[&module] = 0;  // import cycles were reported; do not recurse forever
  size_t count = module.resources.size();
  for (const check::ModuleCallDecl& call : module.calls) {
    count += 1 + (call.target ? EstimateEntities(*call.target, memo) : 0);
  }
  memo[&module] = count;
  return count;
}

std::optional<ir::Program> CheckOnThisThread(const CheckOptions& options, SourceManager& sources,
                                             Diagnostics& diags) {
  check::Loader loader(options, sources, diags);
  const check::Module* root = loader.LoadRoot();
  if (!root) return std::nullopt;

  check::ProgramState state;
  std::unordered_map<const check::Module*, size_t> memo;
  size_t estimate = EstimateEntities(*root, memo);
  state.entities.reserve(estimate);
  state.program.resources.reserve(estimate);
  check::BoundVariables vars = check::ResolveRootVariables(*root, options, sources, diags);
  std::vector<ir::Variable> variables = check::ListVariables(*root, vars);
  check::Instance instance(state, *root, "", std::move(vars), diags);
  instance.Run();

  ir::Program& program = state.program;
  program.variables = std::move(variables);
  program.outputs = std::move(instance.ir_outputs());
  std::sort(program.outputs.begin(), program.outputs.end(),
            [](const ir::Output& a, const ir::Output& b) { return a.name < b.name; });
  SortByAddress(program.resources);
  // The ECS rules read the whole program: on a partial one they would report consequences of
  // the errors above rather than new problems.
  if (diags.HasErrors()) return std::nullopt;
  CheckEcsRules(program, diags);
  if (diags.HasErrors()) return std::nullopt;
  // Before any output exists, so the IR, plans, state and PR comments all mask these values.
  lint::MaskPlaintextSecrets(program);
  return std::move(program);
}

}  // namespace

std::optional<ir::Program> Check(const CheckOptions& options, SourceManager& sources,
                                 Diagnostics& diags) {
  std::optional<ir::Program> program;
  // Modules instantiate modules and expressions nest: a large stack gives headroom for both.
  RunOnLargeStack([&] { program = CheckOnThisThread(options, sources, diags); });
  return program;
}

}  // namespace berth

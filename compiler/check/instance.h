// One instance of a module (the root stack is the first): evaluates its declarations in
// reference order, adding resources to the IR, and is the EvalContext its expressions see.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/check/diagnostic_merger.h"
#include "compiler/check/module.h"
#include "compiler/check/program_state.h"
#include "compiler/check/schema_validation.h"
#include "compiler/check/variables.h"
#include "compiler/eval/eval.h"

namespace berth::check {

class Instance : public EvalContext {
 public:
  // `prefix` is "" at the root, "module.web." inside an instance. Diagnostics go to `diags`.
  Instance(ProgramState& state, const Module& module, std::string prefix, BoundVariables vars,
           Diagnostics& diags);

  // Runs validations, then every declaration in order; false when anything failed.
  bool Run();

  const Value& outputs() const { return outputs_; }
  std::vector<ir::Output>& ir_outputs() { return ir_outputs_; }

  // EvalContext (scope.cpp).
  const Value* Lookup(std::string_view name) const override;
  std::optional<Value> GetRefAttribute(const Value& ref, std::string_view attr,
                                       const SourceRange& range, Diagnostics& diags) override;
  std::string BaseDirectory() const override;
  std::vector<std::string> NamesInScope() const override;

 private:
  using Keys = std::vector<std::pair<std::string, Value>>;

  void BuildNamespaces();
  bool RunValidations();
  // Evaluates one node; false when it failed (the error is reported).
  bool EvalNode(const Node& node);
  bool EvalLet(const LetDecl& decl);
  bool EvalResource(const ResourceDecl& decl);
  bool EvalResourceInstance(const ResourceDecl& decl, const std::string* key);
  bool EvalCall(const ModuleCallDecl& decl);
  bool EvalCallInstance(const ModuleCallDecl& decl, const std::string* key);
  bool EvalOutput(const OutputDecl& decl);
  bool EvalStack();
  void EvalBackend();
  // The instances of a for_each: (key, value) pairs; nullopt after an error.
  std::optional<Keys> EvalForEach(const ast::Expr& expr);
  // Where a for_each resource's per-key references go: the namespace entry of its label.
  Value* NamespaceEntry(const std::string& ns, const std::string& label);
  // `address` with this instance's prefix removed, as messages show it.
  std::string Display(std::string_view address) const;
  ValueCheckEnv CheckEnv();

  ProgramState& state_;
  const Module& module_;
  std::string prefix_;
  BoundVariables vars_;
  Diagnostics& diags_;
  DiagnosticMerger merger_;
  std::vector<std::optional<Value>> lets_;
  std::vector<bool> failed_;     // per node
  StringMap<Value> namespaces_;  // resource kind or "module" -> label -> reference(s)
  std::optional<Value> each_;
  Value outputs_ = Value::Map({});
  std::vector<ir::Output> ir_outputs_;
};

}  // namespace berth::check

// Variable values: the root stack's from --var, --var-file and defaults; a module instance's
// from its arguments and defaults. Each value is type-checked against the declared type and
// remembers where it came from, so a failed validation can point there.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/check/check.h"
#include "compiler/check/module.h"
#include "compiler/ir/ir.h"

namespace berth::check {

struct BoundVariables {
  Value values = Value::Map({});     // `var`: name -> value (sensitive ones marked)
  std::vector<SourceRange> origins;  // per variable: where its value was written
  std::vector<bool> bad;             // per variable: no usable value (already reported)
};

// Evaluates and type-checks every variable default of `module` once (defaults cannot
// reference anything), into module.default_values.
void EvaluateVariableDefaults(Module& module, Diagnostics& diags);

// True when `value` fits `type`; reports "variable `x` expects ..." at `where` otherwise.
bool CheckVariableType(const VariableDecl& decl, const Value& value, const SourceRange& where,
                       Diagnostics& diags);

// The root stack's variables from the command line, var files and defaults.
BoundVariables ResolveRootVariables(const Module& root, const CheckOptions& options,
                                    SourceManager& sources, Diagnostics& diags);

// A module instance's variables from its evaluated arguments (attribute, value) and defaults.
BoundVariables BindArguments(const Module& target, const ModuleCallDecl& call,
                             std::vector<std::pair<const ast::Attribute*, Value>> args,
                             Diagnostics& diags);

// The root's variables as listed in the IR, sorted by name.
std::vector<ir::Variable> ListVariables(const Module& root, const BoundVariables& bound);

}  // namespace berth::check

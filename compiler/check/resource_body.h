// Evaluates a resource block's body against its schema table, nested blocks included: every
// attribute is evaluated and type-checked; unknown, repeated and missing items are reported.
// The result is the IR attribute map (see lower.h for what lowering adds).
#pragma once

#include <optional>
#include <string>

#include "compiler/ast/ast.h"
#include "compiler/check/schema_validation.h"

namespace berth::check {

// `default_name` is what attributes whose default is the label take: the label, with the
// for_each key appended for instances. nullopt after reporting errors.
std::optional<Value> EvaluateResourceBody(const schema::BlockSpec& spec, const ast::Block& block,
                                          const std::string& default_name,
                                          const ValueCheckEnv& env);

}  // namespace berth::check

// The built-in function library: one table of specs, contributed by one file per family
// (strings.cpp, collections.cpp, numbers.cpp, conversions.cpp, system.cpp). A spec says how many
// arguments a function takes and how unknown and sensitive arguments flow; the implementation
// only sees known arguments and reports its own type errors through FunctionCall.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/base/diagnostics.h"
#include "compiler/base/value.h"
#include "compiler/eval/eval.h"

namespace berth::eval {

class FunctionCall;
using FunctionImpl = std::optional<Value> (*)(FunctionCall& call);

// What the function reads of its arguments, which decides how references (known after apply)
// and sensitive values flow to the result.
enum class Reads {
  // Only the arguments themselves: elements of lists and maps are moved, not read (concat,
  // merge). A reference argument makes the result unknown; a sensitive argument makes it
  // sensitive, while sensitive elements stay marked where they are.
  kShallow,
  // Everything inside (join, sort, jsonencode): a reference anywhere makes the result unknown,
  // a sensitive value anywhere makes it sensitive.
  kDeep,
  // Like kDeep for sensitivity, but the implementation decides about references itself.
  kDeepHandlesRefs,
};

struct FunctionSpec {
  std::string_view name;
  size_t min_args;
  size_t max_args;         // kVariadic for no limit
  std::string_view usage;  // "replace(s, old, new)": shown with arity errors
  std::string_view doc;
  Reads reads;
  FunctionImpl impl;
};
inline constexpr size_t kVariadic = static_cast<size_t>(-1);

std::span<const FunctionSpec> StringFunctions();
std::span<const FunctionSpec> CollectionFunctions();
std::span<const FunctionSpec> NumberFunctions();
std::span<const FunctionSpec> ConversionFunctions();
std::span<const FunctionSpec> SystemFunctions();

// nullptr when no built-in has this name.
const FunctionSpec* FindFunction(std::string_view name);
std::vector<std::string> FunctionNames();

// One call being evaluated: its arguments (already evaluated, each located at its argument
// expression) and typed accessors that report "`f` expects a string, got a number" at the
// argument when the kind is wrong.
class FunctionCall {
 public:
  FunctionCall(const FunctionSpec& spec, const ast::Expr& expr, std::vector<Value> args,
               EvalContext& ctx, Diagnostics& diags)
      : spec_(spec), expr_(expr), args_(std::move(args)), ctx_(ctx), diags_(diags) {}

  size_t size() const { return args_.size(); }
  const Value& arg(size_t i) const { return args_[i]; }
  const std::vector<Value>& args() const { return args_; }
  const SourceRange& range() const { return expr_.range; }
  std::string_view name() const { return spec_.name; }
  EvalContext& ctx() { return ctx_; }
  Diagnostics& diags() { return diags_; }

  // Typed access; nullptr/nullopt after reporting a type error at argument i.
  const std::string* String(size_t i);
  std::optional<double> Number(size_t i);    // a plain number
  std::optional<int64_t> Integer(size_t i);  // a whole plain number
  const ValueList* List(size_t i);
  const ValueMap* Map(size_t i);

  // "`f` expects EXPECTED, got a KIND", at argument i.
  Diagnostic& TypeError(size_t i, std::string_view expected);
  // An error at argument i, or at the whole call.
  Diagnostic& Error(size_t i, std::string message);
  Diagnostic& Error(std::string message);

 private:
  const FunctionSpec& spec_;
  const ast::Expr& expr_;
  std::vector<Value> args_;
  EvalContext& ctx_;
  Diagnostics& diags_;
};

// Checks arity, applies the spec's reference and sensitivity rules and runs the function.
// nullopt after reporting.
std::optional<Value> CallFunction(const FunctionSpec& spec, const ast::Expr& expr,
                                  std::vector<Value> args, EvalContext& ctx, Diagnostics& diags);

}  // namespace berth::eval

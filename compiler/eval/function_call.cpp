#include <fmt/format.h>
#include <cmath>

#include "compiler/eval/describe.h"
#include "compiler/eval/functions.h"
#include "compiler/eval/unknowns.h"

namespace berth::eval {

namespace {

const std::vector<const FunctionSpec*>& AllFunctions() {
  static const std::vector<const FunctionSpec*> all = [] {
    std::vector<const FunctionSpec*> specs;
    for (auto family : {StringFunctions(), CollectionFunctions(), NumberFunctions(),
                        ConversionFunctions(), SystemFunctions()}) {
      for (const FunctionSpec& spec : family) specs.push_back(&spec);
    }
    return specs;
  }();
  return all;
}

std::string ArityText(const FunctionSpec& spec) {
  auto arguments = [](size_t n) {
    return std::to_string(n) + (n == 1 ? " argument" : " arguments");
  };
  if (spec.max_args == kVariadic) return "at least " + arguments(spec.min_args);
  if (spec.min_args == spec.max_args) return arguments(spec.min_args);
  if (spec.max_args == spec.min_args + 1) {
    return std::to_string(spec.min_args) + " or " + arguments(spec.max_args);
  }
  return fmt::format("{} to {}", spec.min_args, arguments(spec.max_args));
}

}  // namespace

const FunctionSpec* FindFunction(std::string_view name) {
  for (const FunctionSpec* spec : AllFunctions()) {
    if (spec->name == name) return spec;
  }
  return nullptr;
}

std::vector<std::string> FunctionNames() {
  std::vector<std::string> names;
  for (const FunctionSpec* spec : AllFunctions()) names.emplace_back(spec->name);
  return names;
}

Diagnostic& FunctionCall::Error(size_t i, std::string message) {
  return diags_.Error(args_[i].range(), std::move(message));
}

Diagnostic& FunctionCall::Error(std::string message) {
  return diags_.Error(expr_.range, std::move(message));
}

Diagnostic& FunctionCall::TypeError(size_t i, std::string_view expected) {
  return Error(i,
               fmt::format("`{}` expects {}, got {}", spec_.name, expected, KindPhrase(args_[i])));
}

const std::string* FunctionCall::String(size_t i) {
  if (args_[i].is(ValueKind::kString)) return &args_[i].str();
  TypeError(i, "a string");
  return nullptr;
}

std::optional<double> FunctionCall::Number(size_t i) {
  if (args_[i].is(ValueKind::kNumber)) return args_[i].number();
  TypeError(i, "a number");
  return std::nullopt;
}

std::optional<int64_t> FunctionCall::Integer(size_t i) {
  if (!args_[i].is(ValueKind::kNumber)) {
    TypeError(i, "a whole number");
    return std::nullopt;
  }
  double n = args_[i].number();
  // Beyond 2^53 a double no longer holds every integer (and int64 conversion may overflow).
  if (n != std::floor(n) || std::fabs(n) > 9007199254740992.0) {
    Error(i, fmt::format("`{}` expects a whole number, got {}", spec_.name, args_[i].ToSource()));
    return std::nullopt;
  }
  return static_cast<int64_t>(n);
}

const ValueList* FunctionCall::List(size_t i) {
  if (args_[i].is(ValueKind::kList)) return &args_[i].list();
  TypeError(i, "a list");
  return nullptr;
}

const ValueMap* FunctionCall::Map(size_t i) {
  if (args_[i].is(ValueKind::kMap)) return &args_[i].map();
  TypeError(i, "a map");
  return nullptr;
}

std::optional<Value> CallFunction(const FunctionSpec& spec, const ast::Expr& expr,
                                  std::vector<Value> args, EvalContext& ctx, Diagnostics& diags) {
  if (args.size() < spec.min_args || args.size() > spec.max_args) {
    // Too many: point at the first extra argument; too few: at the call.
    SourceRange where = args.size() > spec.max_args ? args[spec.max_args].range() : expr.range;
    Diagnostic& diag = diags.Error(
        where, fmt::format("`{}` takes {}, got {}", spec.name, ArityText(spec), args.size()));
    diag.notes.push_back({fmt::format("usage: {}", spec.usage), {}});
    return std::nullopt;
  }
  const bool deep = spec.reads != Reads::kShallow;
  bool sensitive = false;
  const Value* ref = nullptr;
  for (const Value& arg : args) {
    sensitive = sensitive || (deep ? arg.ContainsSensitive() : arg.sensitive());
    if (!ref) {
      if (spec.reads == Reads::kShallow && arg.is_unknown()) ref = &arg;
      if (spec.reads == Reads::kDeep) ref = FirstRef(arg);
    }
  }
  if (ref) return UnknownResult(*ref, expr.range, sensitive);
  FunctionCall call(spec, expr, std::move(args), ctx, diags);
  std::optional<Value> result = spec.impl(call);
  if (!result) return std::nullopt;
  result->set_range(expr.range);
  return Inherit(std::move(*result), sensitive);
}

}  // namespace berth::eval

#include "compiler/check/variables.h"

#include <algorithm>
#include <filesystem>
#include <functional>

#include "compiler/check/declarations.h"
#include "compiler/check/empty_context.h"
#include "compiler/check/file_io.h"
#include "compiler/check/lower.h"
#include "compiler/check/names.h"
#include "compiler/eval/eval.h"
#include "compiler/parse/parse.h"

namespace berth::check {

namespace {

// The value kind a variable type needs, or nullopt for `any`.
std::optional<ValueKind> KindFor(VarType type) {
  switch (type) {
    case VarType::kAny:
      return std::nullopt;
    case VarType::kString:
      return ValueKind::kString;
    case VarType::kNumber:
      return ValueKind::kNumber;
    case VarType::kBool:
      return ValueKind::kBool;
    case VarType::kDuration:
      return ValueKind::kDuration;
    case VarType::kSize:
      return ValueKind::kSize;
    case VarType::kPercent:
      return ValueKind::kPercent;
    case VarType::kList:
      return ValueKind::kList;
    case VarType::kMap:
      return ValueKind::kMap;
  }
  return std::nullopt;
}

const char* Article(VarType type) {
  switch (type) {
    case VarType::kAny:
      return "any value";
    case VarType::kString:
      return "a string";
    case VarType::kNumber:
      return "a number";
    case VarType::kBool:
      return "a bool";
    case VarType::kDuration:
      return "a duration";
    case VarType::kSize:
      return "a size";
    case VarType::kPercent:
      return "a percentage";
    case VarType::kList:
      return "a list";
    case VarType::kMap:
      return "a map";
  }
  return "a value";
}

std::optional<Value> EvaluatePlain(const ast::Expr& expr, const std::string& base_dir,
                                   Diagnostics& diags) {
  EmptyContext ctx(base_dir);
  EvalOptions options;
  options.allow_symbols = false;
  return Evaluate(expr, ctx, diags, options);
}

void Finish(const Module& module, BoundVariables& bound, std::vector<std::optional<Value>>& values,
            const std::function<void(const VariableDecl&)>& report_missing) {
  ValueMap entries;
  for (size_t i = 0; i < module.variables.size(); ++i) {
    const VariableDecl& decl = module.variables[i];
    if (!values[i] && !bound.bad[i]) {
      if (module.default_values[i]) {
        values[i] = *module.default_values[i];
        bound.origins[i] = decl.default_value ? decl.default_value->range : SourceRange{};
      } else {
        report_missing(decl);
        bound.bad[i] = true;
      }
    }
    if (!values[i]) continue;
    if (decl.sensitive) values[i]->MarkSensitive();
    entries.emplace_back(decl.name, std::move(*values[i]));
  }
  bound.values = MapOfUniqueKeys(std::move(entries));
}

}  // namespace

bool CheckVariableType(const VariableDecl& decl, const Value& value, const SourceRange& where,
                       Diagnostics& diags) {
  std::optional<ValueKind> kind = KindFor(decl.type);
  if (!kind || value.is_null() || value.is(*kind)) return true;
  // A reference is known after apply: an ARN fits a string; a secret's source is a string too.
  if (decl.type == VarType::kString && (value.is_unknown() || value.is(ValueKind::kSecret))) {
    return true;
  }
  // Checked before the value is marked (Finish): a sensitive variable's value is masked here too.
  Value shown = value;
  if (decl.sensitive) shown.MarkSensitive();
  Diagnostic& d = diags.Error(where, "variable `" + decl.name + "` expects " + Article(decl.type) +
                                         ", got " + DescribeValue(shown));
  if (auto hint = UnitHint(*kind, shown)) d.notes.push_back({*hint, {}});
  return false;
}

void EvaluateVariableDefaults(Module& module, Diagnostics& diags) {
  module.default_values.assign(module.variables.size(), std::nullopt);
  for (size_t i = 0; i < module.variables.size(); ++i) {
    const VariableDecl& decl = module.variables[i];
    if (!decl.default_value) continue;
    std::optional<Value> value = EvaluatePlain(*decl.default_value, module.dir, diags);
    // A default that failed was reported; null stands in so the variable is not also "missing".
    if (!value || !CheckVariableType(decl, *value, decl.default_value->range, diags)) {
      value = Value::Null(decl.default_value->range);
    }
    module.default_values[i] = std::move(value);
  }
}

BoundVariables ResolveRootVariables(const Module& root, const CheckOptions& options,
                                    SourceManager& sources, Diagnostics& diags) {
  const size_t n = root.variables.size();
  BoundVariables bound;
  bound.origins.assign(n, {});
  bound.bad.assign(n, false);
  std::vector<std::optional<Value>> values(n);
  std::vector<std::string> names;
  for (const VariableDecl& v : root.variables) names.push_back(v.name);

  ParseOptions parse_options;
  for (const std::string& path : options.variable_files) {
    std::string error;
    std::optional<std::string> content = ReadFileText(path, error);
    if (!content) {
      diags.Error({}, "cannot read " + path + ": " + error);
      continue;
    }
    uint32_t id = sources.Add(path, std::move(*content));
    std::string base = std::filesystem::path(path).parent_path().string();
    size_t errors_before = diags.error_count();
    std::vector<ast::Attribute> attributes = ParseVarFile(parse_options, sources, id, diags);
    // A file with syntax errors holds recovered values that are not what was written: bind
    // none of them, so the only errors shown are the syntax errors themselves.
    bool file_broken = diags.error_count() != errors_before;
    for (const ast::Attribute& attr : attributes) {
      auto it = root.variable_index.find(attr.name);
      if (file_broken) {
        if (it != root.variable_index.end()) bound.bad[it->second] = true;
        continue;
      }
      if (it == root.variable_index.end()) {
        Diagnostic& d = diags.Error(attr.name_range, "unknown variable `" + attr.name + "`");
        SuggestName(d, attr.name, names);
        continue;
      }
      const VariableDecl& decl = root.variables[it->second];
      std::optional<Value> value = EvaluatePlain(*attr.value, base.empty() ? "." : base, diags);
      if (!value || !CheckVariableType(decl, *value, attr.value->range, diags)) {
        bound.bad[it->second] = true;
        continue;
      }
      bound.bad[it->second] = false;
      values[it->second] = std::move(value);
      bound.origins[it->second] = attr.value->range;
    }
  }

  for (const auto& [name, text] : options.variables) {
    auto it = root.variable_index.find(name);
    if (it == root.variable_index.end()) {
      Diagnostic& d = diags.Error({}, "unknown variable `" + name + "` given with --var");
      SuggestName(d, name, names);
      continue;
    }
    const VariableDecl& decl = root.variables[it->second];
    // Each --var becomes a source of its own so errors in it are located like any other.
    uint32_t id = sources.Add("--var " + name, text);
    SourceRange whole{id, 1, 1, 1, static_cast<uint32_t>(text.size() + 1)};
    std::optional<Value> value;
    if (decl.type == VarType::kString) {
      value = Value::String(text, whole);
    } else {
      ast::ExprPtr expr = ParseExpression(parse_options, sources, id, diags);
      if (expr) value = EvaluatePlain(*expr, ".", diags);
    }
    if (!value ||
        !CheckVariableType(decl, *value, value->range().valid() ? value->range() : whole, diags)) {
      bound.bad[it->second] = true;
      values[it->second].reset();
      continue;
    }
    bound.bad[it->second] = false;
    values[it->second] = std::move(value);
    bound.origins[it->second] = whole;
  }

  Finish(root, bound, values, [&](const VariableDecl& decl) {
    diags.Error(decl.block->label_range, "variable `" + decl.name + "` has no value: pass --var " +
                                             decl.name + "=... or add a default");
  });
  return bound;
}

BoundVariables BindArguments(const Module& target, const ModuleCallDecl& call,
                             std::vector<std::pair<const ast::Attribute*, Value>> args,
                             Diagnostics& diags) {
  const size_t n = target.variables.size();
  BoundVariables bound;
  bound.origins.assign(n, {});
  bound.bad.assign(n, false);
  std::vector<std::optional<Value>> values(n);
  for (auto& [attr, value] : args) {
    auto it = target.variable_index.find(attr->name);
    if (it == target.variable_index.end()) {
      Diagnostic& d =
          diags.Error(attr->name_range, "unknown argument `" + attr->name + "` for " + call.alias);
      std::vector<std::string> names;
      for (const VariableDecl& v : target.variables) names.push_back(v.name);
      SuggestName(d, attr->name, names);
      continue;
    }
    const VariableDecl& decl = target.variables[it->second];
    if (value.is_null()) continue;  // null is as if omitted: the default applies
    if (!CheckVariableType(decl, value, attr->value->range, diags)) {
      bound.bad[it->second] = true;
      continue;
    }
    values[it->second] = std::move(value);
    bound.origins[it->second] = attr->value->range;
  }
  Finish(target, bound, values, [&](const VariableDecl& decl) {
    Diagnostic& d =
        diags.Error(call.block->type_range, "missing argument `" + decl.name + "` for " +
                                                call.alias + " \"" + call.label + "\"");
    d.notes.push_back(
        {"`" + decl.name + "` is declared here without a default", decl.block->label_range});
  });
  return bound;
}

std::vector<ir::Variable> ListVariables(const Module& root, const BoundVariables& bound) {
  std::vector<ir::Variable> out;
  for (size_t i = 0; i < root.variables.size(); ++i) {
    const VariableDecl& decl = root.variables[i];
    const Value* value = bound.values.Get(decl.name);
    if (!value) continue;
    out.push_back(
        {decl.name, *value, decl.sensitive || value->ContainsSensitive(), VarTypeName(decl.type),
         root.default_values.size() > i ? root.default_values[i] : std::nullopt, decl.description});
  }
  std::sort(out.begin(), out.end(),
            [](const ir::Variable& a, const ir::Variable& b) { return a.name < b.name; });
  return out;
}

}  // namespace berth::check

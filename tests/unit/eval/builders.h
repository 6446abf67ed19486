// Hand-built ASTs for evaluator tests (the parser is built separately). Every node gets its own
// one-column range on line 1, so a test can check which node a diagnostic points at by
// remembering the node (see At()).
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/eval/eval.h"

namespace berth::evaltest {

using ast::Expr;
using ast::ExprPtr;
using ast::Operator;

ExprPtr Lit(Value v);
ExprPtr Num(double n);
ExprPtr Str(std::string s);
ExprPtr Bool(bool b);
ExprPtr Null();
ExprPtr Dur(double ms);
ExprPtr Size(double bytes);
ExprPtr Pct(double pct);
ExprPtr Cpu(double units);
ExprPtr Id(std::string name);
ExprPtr Attr(ExprPtr object, std::string name);
ExprPtr Index(ExprPtr object, ExprPtr index);
ExprPtr Call(std::string name, std::vector<ExprPtr> args = {});
ExprPtr List(std::vector<ExprPtr> items = {});
// Keys and values alternating: Map(Str("a"), Num(1), Str("b"), Num(2)).
ExprPtr MapFromList(std::vector<ExprPtr> keys_and_values);
ExprPtr Unary(Operator op, ExprPtr operand);
ExprPtr Bin(Operator op, ExprPtr l, ExprPtr r);
ExprPtr Cond(ExprPtr c, ExprPtr a, ExprPtr b);
ExprPtr Template(std::vector<ExprPtr> parts);
// `[for key_var, value_var in coll : body if cond]`; key_var may be empty, cond null.
ExprPtr ForList(std::string key_var, std::string value_var, ExprPtr coll, ExprPtr body,
                ExprPtr cond = nullptr);
ExprPtr ForMap(std::string key_var, std::string value_var, ExprPtr coll, ExprPtr key, ExprPtr value,
               ExprPtr cond = nullptr);

// Vectors of move-only pointers cannot come from initializer lists; these can.
template <typename... T>
std::vector<ExprPtr> Exprs(T&&... e) {
  std::vector<ExprPtr> out;
  (out.push_back(std::forward<T>(e)), ...);
  return out;
}

template <typename... T>
ExprPtr Map(T&&... keys_and_values) {
  return MapFromList(Exprs(std::forward<T>(keys_and_values)...));
}

// Remembers `e` in `*out` and passes it on: `Bin(kAdd, Num(1), At(Str("x"), &bad))`.
inline ExprPtr At(ExprPtr e, const Expr** out) {
  *out = e.get();
  return e;
}

// A context with fixed names. References: `role.exec` etc.; GetRefAttribute knows `name`
// (declared: the label) and `arn` (known after apply).
class FakeContext : public EvalContext {
 public:
  std::map<std::string, Value> names;
  std::string base_directory = ".";

  const Value* Lookup(std::string_view name) const override;
  std::optional<Value> GetRefAttribute(const Value& ref, std::string_view attr,
                                       const SourceRange& range, Diagnostics& diags) override;
  std::string BaseDirectory() const override { return base_directory; }
  std::vector<std::string> NamesInScope() const override;
};

// The default names of the tests: var (env = "prod", port = 8080, db_password sensitive),
// role (exec, task), service (api), tags map, a sensitive list.
FakeContext StandardContext();

}  // namespace berth::evaltest

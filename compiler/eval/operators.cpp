// Unary and binary operators. Arithmetic keeps units (`2 * 256MiB` is `512MiB`); mixing units
// is an error naming both kinds.
#include <cmath>

#include "compiler/eval/describe.h"
#include "compiler/eval/evaluator.h"
#include "compiler/eval/render.h"
#include "compiler/eval/unknowns.h"

namespace berth::eval {

namespace {

bool IsUnit(ValueKind k) {
  return k == ValueKind::kDuration || k == ValueKind::kSize || k == ValueKind::kPercent ||
         k == ValueKind::kCpu;
}

bool IsNumeric(ValueKind k) { return k == ValueKind::kNumber || IsUnit(k); }

// CPU is the one unit that mixes with plain numbers: `cpu = 256` and `cpu = 0.25vcpu` mean the
// same thing to ECS.
bool CpuAndNumber(ValueKind a, ValueKind b) {
  return (a == ValueKind::kCpu && b == ValueKind::kNumber) ||
         (a == ValueKind::kNumber && b == ValueKind::kCpu);
}

// The kind of `l op r` for numeric operands, or nullopt when the units do not combine.
std::optional<ValueKind> ArithmeticKind(ast::Operator op, ValueKind l, ValueKind r) {
  switch (op) {
    case ast::Operator::kAdd:
    case ast::Operator::kSub:
      if (l == r) return l;
      if (CpuAndNumber(l, r)) return ValueKind::kCpu;
      return std::nullopt;
    case ast::Operator::kMul:
      if (l == ValueKind::kNumber) return r;
      if (r == ValueKind::kNumber) return l;
      return std::nullopt;
    case ast::Operator::kDiv:
      if (r == ValueKind::kNumber) return l;
      if (l == r) return ValueKind::kNumber;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::string MismatchMessage(ast::Operator op, const Value& l, const Value& r) {
  std::string a = KindPhrase(l);
  std::string b = KindPhrase(r);
  switch (op) {
    case ast::Operator::kAdd:
      return "cannot add " + a + " and " + b;
    case ast::Operator::kSub:
      return "cannot subtract " + b + " from " + a;
    case ast::Operator::kMul:
      return "cannot multiply " + a + " by " + b;
    case ast::Operator::kDiv:
      return "cannot divide " + a + " by " + b;
    default:
      return "cannot compare " + a + " with " + b;
  }
}

Value MakeNumeric(ValueKind kind, double n, const SourceRange& range) {
  switch (kind) {
    case ValueKind::kDuration:
      return Value::Duration(n, range);
    case ValueKind::kSize:
      return Value::Size(n, range);
    case ValueKind::kPercent:
      return Value::Percent(n, range);
    case ValueKind::kCpu:
      return Value::Cpu(n, range);
    default:
      return Value::Number(n, range);
  }
}

// Rejects results that cannot be represented exactly: the language promises integers up to 2^53.
bool CheckResult(double n, const SourceRange& range, Diagnostics& diags) {
  if (!std::isfinite(n)) {
    diags.Error(range, "the result is not a finite number");
    return false;
  }
  if (std::fabs(n) > kMaxExactInteger) {
    diags.Error(range, "the result is too large: integers must fit in 2^53");
    return false;
  }
  return true;
}

}  // namespace

std::optional<Value> Evaluator::EvalUnary(const ast::Expr& expr) {
  const ast::Expr& operand_expr = *expr.operands[0];
  std::optional<Value> operand = Eval(operand_expr);
  if (!operand) return std::nullopt;
  bool sensitive = operand->sensitive();
  if (operand->is_unknown()) return UnknownResult(*operand, expr.range, sensitive);
  if (expr.op == ast::Operator::kNot) {
    if (!operand->is(ValueKind::kBool)) {
      diags_.Error(operand_expr.range, "`!` needs a bool, got " + KindPhrase(*operand));
      return std::nullopt;
    }
    return Inherit(Value::Bool(!operand->as_bool(), expr.range), sensitive);
  }
  if (!IsNumeric(operand->kind())) {
    diags_.Error(operand_expr.range, "`-` needs a number, got " + KindPhrase(*operand));
    return std::nullopt;
  }
  return Inherit(MakeNumeric(operand->kind(), -operand->number(), expr.range), sensitive);
}

std::optional<Value> Evaluator::EvalLogical(const ast::Expr& expr) {
  const bool is_and = expr.op == ast::Operator::kAnd;
  const char* op = is_and ? "&&" : "||";
  std::optional<Value> left = Eval(*expr.operands[0]);
  if (!left) return std::nullopt;
  if (!left->is(ValueKind::kBool) && !left->is_unknown()) {
    diags_.Error(expr.operands[0]->range,
                 std::string("`") + op + "` needs bools, got " + KindPhrase(*left));
    return std::nullopt;
  }
  // Short-circuit: the right side is not evaluated, so its errors do not matter either.
  if (left->is(ValueKind::kBool) && left->as_bool() != is_and) {
    return Inherit(Value::Bool(left->as_bool(), expr.range), left->sensitive());
  }
  std::optional<Value> right = Eval(*expr.operands[1]);
  if (!right) return std::nullopt;
  if (!right->is(ValueKind::kBool) && !right->is_unknown()) {
    diags_.Error(expr.operands[1]->range,
                 std::string("`") + op + "` needs bools, got " + KindPhrase(*right));
    return std::nullopt;
  }
  bool sensitive = AnySensitive({&*left, &*right});
  if (left->is_unknown()) return UnknownResult(*left, expr.range, sensitive);
  if (right->is_unknown()) return UnknownResult(*right, expr.range, sensitive);
  return Inherit(Value::Bool(right->as_bool(), expr.range), sensitive);
}

std::optional<Value> Evaluator::EvalBinary(const ast::Expr& expr) {
  std::optional<Value> l = Eval(*expr.operands[0]);
  std::optional<Value> r = Eval(*expr.operands[1]);
  if (!l || !r) return std::nullopt;
  const ast::Operator op = expr.op;
  const SourceRange& range = expr.range;

  if (op == ast::Operator::kEq || op == ast::Operator::kNe) {
    bool sensitive = l->ContainsSensitive() || r->ContainsSensitive();
    const Value* ref = FirstRef(*l);
    if (!ref) ref = FirstRef(*r);
    if (ref) return UnknownResult(*ref, range, sensitive);
    bool equal = CpuAndNumber(l->kind(), r->kind()) ? l->number() == r->number() : *l == *r;
    return Inherit(Value::Bool(equal == (op == ast::Operator::kEq), range), sensitive);
  }

  bool sensitive = AnySensitive({&*l, &*r});
  if (l->is_unknown()) return UnknownResult(*l, range, sensitive);
  if (r->is_unknown()) return UnknownResult(*r, range, sensitive);
  ValueKind lk = l->kind();
  ValueKind rk = r->kind();

  switch (op) {
    case ast::Operator::kLt:
    case ast::Operator::kLe:
    case ast::Operator::kGt:
    case ast::Operator::kGe: {
      int order;
      if (IsNumeric(lk) && (lk == rk || CpuAndNumber(lk, rk))) {
        order = l->number() < r->number() ? -1 : (l->number() > r->number() ? 1 : 0);
      } else if (lk == ValueKind::kString && rk == ValueKind::kString) {
        int c = l->str().compare(r->str());
        order = c < 0 ? -1 : (c > 0 ? 1 : 0);
      } else {
        diags_.Error(range, MismatchMessage(op, *l, *r));
        return std::nullopt;
      }
      bool result = op == ast::Operator::kLt   ? order < 0
                    : op == ast::Operator::kLe ? order <= 0
                    : op == ast::Operator::kGt ? order > 0
                                               : order >= 0;
      return Inherit(Value::Bool(result, range), sensitive);
    }
    case ast::Operator::kAdd:
      if (lk == ValueKind::kString && rk == ValueKind::kString) {
        return Inherit(Value::String(l->str() + r->str(), range), sensitive);
      }
      if (lk == ValueKind::kList && rk == ValueKind::kList) {
        ValueList items = l->list();
        items.insert(items.end(), r->list().begin(), r->list().end());
        return Inherit(Value::List(std::move(items), range), sensitive);
      }
      if (lk == ValueKind::kMap && rk == ValueKind::kMap) {
        ValueMap entries = l->map();
        entries.insert(entries.end(), r->map().begin(), r->map().end());
        return Inherit(Value::Map(std::move(entries), range), sensitive);  // right wins
      }
      if ((lk == ValueKind::kString) != (rk == ValueKind::kString)) {
        Diagnostic& diag = diags_.Error(range, MismatchMessage(op, *l, *r));
        diag.notes.push_back({"to build a string, use interpolation: \"...${value}...\"", {}});
        return std::nullopt;
      }
      break;
    default:
      break;
  }

  if (!IsNumeric(lk) || !IsNumeric(rk)) {
    diags_.Error(range, MismatchMessage(op, *l, *r));
    return std::nullopt;
  }
  std::optional<ValueKind> kind = ArithmeticKind(op, lk, rk);
  if (!kind) {
    diags_.Error(range, MismatchMessage(op, *l, *r));
    return std::nullopt;
  }
  double a = l->number();
  double b = r->number();
  double n = 0;
  switch (op) {
    case ast::Operator::kAdd:
      n = a + b;
      break;
    case ast::Operator::kSub:
      n = a - b;
      break;
    case ast::Operator::kMul:
      n = a * b;
      break;
    case ast::Operator::kDiv:
      if (b == 0) {
        diags_.Error(expr.operands[1]->range, "division by zero");
        return std::nullopt;
      }
      n = a / b;
      break;
    default:
      break;
  }
  if (!CheckResult(n, range, diags_)) return std::nullopt;
  return Inherit(MakeNumeric(*kind, n, range), sensitive);
}

}  // namespace berth::eval

#include "tests/unit/eval/builders.h"

namespace berth::evaltest {

namespace {

uint32_t next_col = 1;

ExprPtr Node(ast::ExprKind kind) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  uint32_t col = next_col++;
  e->range = SourceRange{1, 1, col, 1, col + 1};
  return e;
}

}  // namespace

ExprPtr Lit(Value v) {
  ExprPtr e = Node(ast::ExprKind::kLiteral);
  e->literal = std::move(v);
  return e;
}
ExprPtr Num(double n) { return Lit(Value::Number(n)); }
ExprPtr Str(std::string s) { return Lit(Value::String(std::move(s))); }
ExprPtr Bool(bool b) { return Lit(Value::Bool(b)); }
ExprPtr Null() { return Lit(Value::Null()); }
ExprPtr Dur(double ms) { return Lit(Value::Duration(ms)); }
ExprPtr Size(double bytes) { return Lit(Value::Size(bytes)); }
ExprPtr Pct(double pct) { return Lit(Value::Percent(pct)); }
ExprPtr Cpu(double units) { return Lit(Value::Cpu(units)); }

ExprPtr Id(std::string name) {
  ExprPtr e = Node(ast::ExprKind::kIdentifier);
  e->name = std::move(name);
  return e;
}

ExprPtr Attr(ExprPtr object, std::string name) {
  ExprPtr e = Node(ast::ExprKind::kGetAttr);
  e->operands.push_back(std::move(object));
  e->name = std::move(name);
  return e;
}

ExprPtr Index(ExprPtr object, ExprPtr index) {
  ExprPtr e = Node(ast::ExprKind::kIndex);
  e->operands.push_back(std::move(object));
  e->operands.push_back(std::move(index));
  return e;
}

ExprPtr Call(std::string name, std::vector<ExprPtr> args) {
  ExprPtr e = Node(ast::ExprKind::kCall);
  e->name = std::move(name);
  e->operands = std::move(args);
  return e;
}

ExprPtr List(std::vector<ExprPtr> items) {
  ExprPtr e = Node(ast::ExprKind::kList);
  e->operands = std::move(items);
  return e;
}

ExprPtr MapFromList(std::vector<ExprPtr> keys_and_values) {
  ExprPtr e = Node(ast::ExprKind::kMap);
  for (size_t i = 0; i + 1 < keys_and_values.size(); i += 2) {
    ast::MapEntry entry;
    entry.key = std::move(keys_and_values[i]);
    entry.value = std::move(keys_and_values[i + 1]);
    e->entries.push_back(std::move(entry));
  }
  return e;
}

ExprPtr Unary(Operator op, ExprPtr operand) {
  ExprPtr e = Node(ast::ExprKind::kUnary);
  e->op = op;
  e->operands.push_back(std::move(operand));
  return e;
}

ExprPtr Bin(Operator op, ExprPtr l, ExprPtr r) {
  ExprPtr e = Node(ast::ExprKind::kBinary);
  e->op = op;
  e->operands.push_back(std::move(l));
  e->operands.push_back(std::move(r));
  return e;
}

ExprPtr Cond(ExprPtr c, ExprPtr a, ExprPtr b) {
  ExprPtr e = Node(ast::ExprKind::kConditional);
  e->operands.push_back(std::move(c));
  e->operands.push_back(std::move(a));
  e->operands.push_back(std::move(b));
  return e;
}

ExprPtr Template(std::vector<ExprPtr> parts) {
  ExprPtr e = Node(ast::ExprKind::kTemplate);
  e->operands = std::move(parts);
  return e;
}

ExprPtr ForList(std::string key_var, std::string value_var, ExprPtr coll, ExprPtr body,
                ExprPtr cond) {
  ExprPtr e = Node(ast::ExprKind::kForList);
  e->key_var = std::move(key_var);
  e->value_var = std::move(value_var);
  e->operands.push_back(std::move(coll));
  e->operands.push_back(std::move(body));
  if (cond) {
    e->has_condition = true;
    e->operands.push_back(std::move(cond));
  }
  return e;
}

ExprPtr ForMap(std::string key_var, std::string value_var, ExprPtr coll, ExprPtr key, ExprPtr value,
               ExprPtr cond) {
  ExprPtr e = Node(ast::ExprKind::kForMap);
  e->key_var = std::move(key_var);
  e->value_var = std::move(value_var);
  e->operands.push_back(std::move(coll));
  e->operands.push_back(std::move(key));
  e->operands.push_back(std::move(value));
  if (cond) {
    e->has_condition = true;
    e->operands.push_back(std::move(cond));
  }
  return e;
}

const Value* FakeContext::Lookup(std::string_view name) const {
  auto it = names.find(std::string(name));
  return it == names.end() ? nullptr : &it->second;
}

std::optional<Value> FakeContext::GetRefAttribute(const Value& ref, std::string_view attr,
                                                  const SourceRange& range, Diagnostics& diags) {
  const RefTarget& target = ref.ref();
  if (target.attribute.empty() && attr == "name") {
    return Value::String(target.address.substr(target.address.find('.') + 1));
  }
  if (target.attribute.empty() && attr == "arn") return Value::Ref(target.address, "arn");
  diags.Error(range, "`" + target.address + "` has no attribute `" + std::string(attr) + "`");
  return std::nullopt;
}

std::vector<std::string> FakeContext::NamesInScope() const {
  std::vector<std::string> out;
  for (const auto& [name, value] : names) out.push_back(name);
  return out;
}

FakeContext StandardContext() {
  FakeContext ctx;
  Value var = Value::Map({});
  var.Set("env", Value::String("prod"));
  var.Set("port", Value::Number(8080));
  var.Set("db_password", Value::String("hunter2").MarkSensitive());
  ctx.names["var"] = var;
  Value role = Value::Map({});
  role.Set("exec", Value::Ref("role.exec"));
  role.Set("task", Value::Ref("role.task"));
  ctx.names["role"] = role;
  Value service = Value::Map({});
  service.Set("api", Value::Ref("service.api"));
  ctx.names["service"] = service;
  ctx.names["tags"] = Value::Map({{"team", Value::String("platform")}});
  ctx.names["secrets"] =
      Value::List({Value::String("s3cr3t"), Value::String("t0ken")}).MarkSensitive();
  return ctx;
}

}  // namespace berth::evaltest

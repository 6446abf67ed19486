#include "compiler/check/instance.h"

#include <algorithm>

#include "compiler/check/lower.h"
#include "compiler/check/names.h"
#include "compiler/check/resource_body.h"

namespace berth::check {

namespace {

EvalOptions NoSymbols() {
  EvalOptions options;
  options.allow_symbols = false;
  return options;
}

// Binds `each` for the instances of a for_each block, and unbinds it when done.
class EachBinding {
 public:
  EachBinding(std::optional<Value>& slot, const std::string& key, const Value& value)
      : slot_(slot) {
    slot_ = MapOfUniqueKeys({{"key", Value::String(key)}, {"value", value}});
  }
  ~EachBinding() { slot_.reset(); }
  EachBinding(const EachBinding&) = delete;
  EachBinding& operator=(const EachBinding&) = delete;

 private:
  std::optional<Value>& slot_;
};

}  // namespace

Instance::Instance(ProgramState& state, const Module& module, std::string prefix,
                   BoundVariables vars, Diagnostics& diags)
    : state_(state),
      module_(module),
      prefix_(std::move(prefix)),
      vars_(std::move(vars)),
      diags_(diags),
      lets_(module.lets.size()),
      failed_(module.nodes.size(), false) {
  BuildNamespaces();
}

ValueCheckEnv Instance::CheckEnv() {
  return ValueCheckEnv{*this, diags_,
                       [this](std::string_view address) { return state_.KindOf(address); },
                       [this](std::string_view address) { return Display(address); }};
}

bool Instance::Run() {
  bool ok = RunValidations();
  for (size_t v : module_.order) {
    const Node& node = module_.nodes[v];
    bool skip = node.failed;
    // A declaration that needs something that failed is skipped silently: its own errors would
    // only repeat the first one.
    // Implicit edges (no range) only order: resources still compile when the stack failed.
    for (const Edge& e : node.deps) skip = skip || (failed_[e.to] && e.range.valid());
    for (size_t var : node.variables) skip = skip || vars_.bad[var];
    if (skip) {
      failed_[v] = true;
      ok = false;
      continue;
    }
    size_t errors = diags_.error_count();
    bool node_ok = EvalNode(node);
    if (!node_ok || diags_.error_count() != errors) {
      failed_[v] = true;
      ok = false;
    }
  }
  if (module_.backend) EvalBackend();
  return ok;
}

bool Instance::EvalNode(const Node& node) {
  switch (node.kind) {
    case NodeKind::kLet:
      return EvalLet(module_.lets[node.index]);
    case NodeKind::kResource:
      return EvalResource(module_.resources[node.index]);
    case NodeKind::kModuleCall:
      return EvalCall(module_.calls[node.index]);
    case NodeKind::kOutput:
      return EvalOutput(module_.outputs[node.index]);
    case NodeKind::kStack:
      return EvalStack();
  }
  return false;
}

bool Instance::RunValidations() {
  bool ok = true;
  for (size_t i = 0; i < module_.variables.size(); ++i) {
    const VariableDecl& decl = module_.variables[i];
    if (vars_.bad[i] || decl.validations.empty()) continue;
    for (const Validation& validation : decl.validations) {
      std::optional<Value> result = Evaluate(*validation.condition, *this, diags_, NoSymbols());
      if (!result) {
        ok = false;
        continue;
      }
      if (!result->is(ValueKind::kBool)) {
        diags_.Error(validation.condition->range,
                     "a validation condition must be true or false, got " + DescribeValue(*result));
        ok = false;
        continue;
      }
      if (result->as_bool()) continue;
      std::optional<Value> message = Evaluate(*validation.message, *this, diags_, NoSymbols());
      std::string text = "validation failed for variable `" + decl.name + "`";
      // A message interpolating a sensitive value is sensitive whole: it is not shown.
      if (message && message->is(ValueKind::kString) && !message->sensitive()) {
        text = message->str();
      } else if (message && message->sensitive()) {
        text += " (its message holds a sensitive value, so it is not shown)";
      }
      Diagnostic& d = diags_.Error(validation.condition->range, text);
      const Value* value = vars_.values.Get(decl.name);
      std::string shown = value ? value->ToSource() : "null";
      if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
      d.notes.push_back({"`" + decl.name + "` is " + shown + ", set here", vars_.origins[i]});
      ok = false;
    }
  }
  return ok;
}

bool Instance::EvalLet(const LetDecl& decl) {
  std::optional<Value> value = Evaluate(*decl.let->value, *this, diags_, NoSymbols());
  if (!value) return false;
  lets_[module_.let_index.find(decl.name)->second] = std::move(value);
  return true;
}

std::optional<Instance::Keys> Instance::EvalForEach(const ast::Expr& expr) {
  std::optional<Value> value = Evaluate(expr, *this, diags_, NoSymbols());
  if (!value) return std::nullopt;
  if (value->ContainsRef()) {
    diags_.Error(expr.range,
                 "for_each must be known when compiling, but this value is known only after "
                 "apply");
    return std::nullopt;
  }
  Keys keys;
  if (value->is(ValueKind::kMap)) {
    for (const auto& [key, item] : value->map()) keys.emplace_back(key, item);
    return keys;
  }
  if (value->is(ValueKind::kList)) {
    bool ok = true;
    for (const Value& item : value->list()) {
      if (!item.is(ValueKind::kString)) {
        diags_.Error(item.range().valid() ? item.range() : expr.range,
                     "for_each over a list takes strings, got " + DescribeValue(item));
        ok = false;
        continue;
      }
      bool repeated = std::any_of(keys.begin(), keys.end(),
                                  [&](const auto& k) { return k.first == item.str(); });
      if (repeated) {
        diags_.Error(item.range().valid() ? item.range() : expr.range,
                     "duplicate key " + item.ToSource(true) + " in for_each");
        ok = false;
        continue;
      }
      keys.emplace_back(item.str(), item);
    }
    if (!ok) return std::nullopt;
    std::sort(keys.begin(), keys.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return keys;
  }
  diags_.Error(expr.range,
               "for_each must be a map or a list of strings, got " + DescribeValue(*value));
  return std::nullopt;
}

bool Instance::EvalResource(const ResourceDecl& decl) {
  if (!decl.for_each) return EvalResourceInstance(decl, nullptr);
  std::optional<Keys> keys = EvalForEach(*decl.for_each);
  if (!keys) return false;
  Value* entry = NamespaceEntry(decl.kind, decl.label);
  std::string base = prefix_ + decl.kind + "." + decl.label;
  ValueMap refs;
  bool ok = true;
  for (const auto& [key, value] : *keys) {
    refs.emplace_back(key, Value::Ref(InstanceAddress(base, key)));
    EachBinding each(each_, key, value);
    ok = EvalResourceInstance(decl, &key) && ok;
  }
  if (entry) *entry = Value::Map(std::move(refs));
  return ok;
}

bool Instance::EvalResourceInstance(const ResourceDecl& decl, const std::string* key) {
  std::string address = prefix_ + decl.kind + "." + decl.label;
  if (key) address = InstanceAddress(address, *key);
  std::string name = key ? decl.label + "-" + *key : decl.label;
  std::optional<Value> attributes = EvaluateResourceBody(*decl.spec, *decl.block, name, CheckEnv());
  if (!attributes) return false;
  MergeStackTags(*decl.spec, state_.stack_tags, *attributes);
  std::vector<std::string> depends_on =
      CollectDependsOn(*attributes, address, [this](std::string_view a) {
        const Entity* e = state_.Find(a);
        return e && e->spec;
      });
  ir::Resource resource;
  resource.kind = decl.kind;
  resource.name = std::move(name);
  resource.module_path = prefix_.empty() ? "" : prefix_.substr(0, prefix_.size() - 1);
  resource.attributes = std::move(*attributes);
  resource.depends_on = std::move(depends_on);
  resource.range = decl.block->range;
  resource.address = address;
  state_.entities[std::move(address)] = Entity{decl.spec, state_.program.resources.size(), {}};
  state_.program.resources.push_back(std::move(resource));
  return true;
}

bool Instance::EvalCall(const ModuleCallDecl& decl) {
  if (!decl.target) return false;
  if (!decl.for_each) return EvalCallInstance(decl, nullptr);
  std::optional<Keys> keys = EvalForEach(*decl.for_each);
  if (!keys) return false;
  Value* entry = NamespaceEntry("module", decl.label);
  std::string base = prefix_ + "module." + decl.label;
  ValueMap refs;
  bool ok = true;
  for (const auto& [key, value] : *keys) {
    refs.emplace_back(key, Value::Ref(InstanceAddress(base, key)));
    EachBinding each(each_, key, value);
    ok = EvalCallInstance(decl, &key) && ok;
  }
  if (entry) *entry = Value::Map(std::move(refs));
  return ok;
}

bool Instance::EvalCallInstance(const ModuleCallDecl& decl, const std::string* key) {
  bool ok = true;
  std::vector<std::pair<const ast::Attribute*, Value>> args;
  for (const ast::BodyItem& item : decl.block->body.items) {
    if (item.block) {
      diags_.Error(item.block->type_range, "unknown block `" + item.block->type + "` in " +
                                               decl.alias + ": a module takes arguments only");
      ok = false;
      continue;
    }
    const ast::Attribute& attr = *item.attribute;
    if (attr.name == "for_each") continue;
    std::optional<Value> value = Evaluate(*attr.value, *this, diags_, NoSymbols());
    if (!value) {
      ok = false;
      continue;
    }
    args.emplace_back(&attr, std::move(*value));
  }
  if (!ok) return false;
  size_t errors = diags_.error_count();
  BoundVariables vars = BindArguments(*decl.target, decl, std::move(args), diags_);
  if (diags_.error_count() != errors) return false;

  std::string address = prefix_ + "module." + decl.label;
  if (key) address = InstanceAddress(address, *key);
  Diagnostics local;
  Instance child(state_, *decl.target, address + ".", std::move(vars), local);
  ok = child.Run();
  merger_.Merge(local, diags_,
                {"in `" + Display(address) + "`, an instance of " + decl.target->dir,
                 decl.block->label_range});
  state_.entities[address] = Entity{nullptr, 0, child.outputs()};
  return ok && !local.HasErrors();
}

bool Instance::EvalOutput(const OutputDecl& decl) {
  std::optional<Value> value = Evaluate(*decl.value, *this, diags_, NoSymbols());
  if (!value) return false;
  ir::Output output;
  output.name = decl.name;
  output.range = decl.block->range;
  if (decl.description) {
    std::optional<Value> d = Evaluate(*decl.description, *this, diags_, NoSymbols());
    if (d && d->is(ValueKind::kString)) {
      output.description = d->str();
    } else if (d) {
      diags_.Error(decl.description->range,
                   "`description` expects a string, got " + DescribeValue(*d));
    }
  }
  if (decl.sensitive) {
    std::optional<Value> s = Evaluate(*decl.sensitive, *this, diags_, NoSymbols());
    if (s && s->is(ValueKind::kBool)) {
      output.sensitive = s->as_bool();
    } else if (s) {
      diags_.Error(decl.sensitive->range,
                   "`sensitive` expects true or false, got " + DescribeValue(*s));
    }
  }
  if (output.sensitive) value->MarkSensitive();
  output.sensitive = output.sensitive || value->ContainsSensitive();
  // Only the root's outputs are the program's; an instance's are read through module.NAME.
  if (prefix_.empty()) {
    output.value = *value;
    ir_outputs_.push_back(std::move(output));
  }
  outputs_.Set(decl.name, std::move(*value));
  return true;
}

bool Instance::EvalStack() {
  const ast::Block& block = *module_.stack;
  ir::Stack& stack = state_.program.stack;
  stack.name = block.label.value_or("");
  stack.range = block.range;
  bool ok = true;
  ValueCheckEnv env = CheckEnv();
  for (const ast::BodyItem& item : block.body.items) {
    if (!item.attribute) continue;
    const ast::Attribute& attr = *item.attribute;
    const schema::Type* type = nullptr;
    if (attr.name == "region" || attr.name == "account") type = &schema::String();
    if (attr.name == "tags") type = &schema::MapOf(schema::String());
    if (!type) continue;  // reported with the declarations
    std::optional<Value> value = Evaluate(*attr.value, *this, diags_, NoSymbols());
    if (!value || value->is_null()) {
      ok = ok && value.has_value();
      continue;
    }
    if (!CheckValue(*type, *value, attr.name, env)) {
      ok = false;
      continue;
    }
    if (value->is_unknown()) {
      diags_.Error(value->range(), "`" + attr.name + "` must be known when compiling");
      ok = false;
      continue;
    }
    if (attr.name == "region") stack.region = value->str();
    if (attr.name == "account") stack.account = value->str();
    if (attr.name == "tags") {
      for (const auto& [k, v] : value->map()) {
        if (v.is(ValueKind::kString)) stack.tags[k] = v.str();
      }
      state_.stack_tags = std::move(*value);
    }
  }
  ValueMap settings = {{"name", Value::String(stack.name)}};
  settings.emplace_back("region",
                        stack.region.empty() ? Value::Null() : Value::String(stack.region));
  settings.emplace_back("account",
                        stack.account.empty() ? Value::Null() : Value::String(stack.account));
  state_.stack_settings = Value::Map(std::move(settings));
  return ok;
}

void Instance::EvalBackend() {
  const ast::Block& block = *module_.backend;
  ValueMap entries;
  bool ok = true;
  std::vector<const ast::Attribute*> seen;
  for (const ast::BodyItem& item : block.body.items) {
    if (!item.attribute) continue;
    const ast::Attribute& attr = *item.attribute;
    auto first = std::find_if(seen.begin(), seen.end(),
                              [&](const ast::Attribute* a) { return a->name == attr.name; });
    if (first != seen.end()) {
      Diagnostic& d =
          diags_.Error(attr.name_range, "duplicate attribute `" + attr.name + "` in backend");
      d.notes.push_back({"first set here", (*first)->name_range});
      ok = false;
      continue;
    }
    seen.push_back(&attr);
    if (attr.name == "type") {
      diags_.Error(attr.name_range, "the backend's type is its label: backend \"" +
                                        block.label.value_or("aws") + "\" { ... }");
      ok = false;
      continue;
    }
    std::optional<Value> value = Evaluate(*attr.value, *this, diags_, NoSymbols());
    if (!value) {
      ok = false;
      continue;
    }
    entries.emplace_back(attr.name, std::move(*value));
  }
  if (!ok || !block.label) return;
  entries.emplace_back("type", Value::String(*block.label, block.label_range));
  state_.program.stack.backend = Value::Map(std::move(entries), block.range);
}

}  // namespace berth::check

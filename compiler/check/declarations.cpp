#include "compiler/check/declarations.h"

#include <algorithm>
#include <set>

#include "compiler/check/names.h"

namespace berth::check {

namespace {

constexpr std::pair<std::string_view, VarType> kVarTypes[] = {
    {"any", VarType::kAny},         {"string", VarType::kString},     {"number", VarType::kNumber},
    {"bool", VarType::kBool},       {"duration", VarType::kDuration}, {"size", VarType::kSize},
    {"percent", VarType::kPercent}, {"list", VarType::kList},         {"map", VarType::kMap},
};

class Collector {
 public:
  Collector(Module& module, Diagnostics& diags) : module_(module), diags_(diags) {}

  void Run() {
    for (const ast::File& file : module_.files) {
      for (const ast::TopItem& item : file.items) {
        if (item.let) AddLet(*item.let);
        if (item.block) AddBlock(*item.block);
      }
    }
    std::set<std::string> kinds;
    for (const ResourceDecl& r : module_.resources) kinds.insert(r.kind);
    module_.kinds.assign(kinds.begin(), kinds.end());
    module_.default_values.resize(module_.variables.size());
  }

 private:
  void Duplicate(const SourceRange& at, const std::string& what, const SourceRange& first) {
    Diagnostic& d = diags_.Error(at, "duplicate " + what);
    d.notes.push_back({"first declared here", first});
  }

  // Checks the block has an identifier label; returns false (after reporting) otherwise.
  bool RequireLabel(const ast::Block& block, std::string_view example) {
    if (!block.label) {
      diags_.Error(block.type_range, block.type + " block needs a label: " + block.type + " \"" +
                                         std::string(example) + "\" { ... }");
      return false;
    }
    // The parser reports labels that are not names; such a block declares nothing.
    if (!IsIdentifier(*block.label)) return false;
    return true;
  }

  // Attributes of a declaration block whose attribute set is fixed by the language (variable,
  // output, stack): unknown names and repeats are reported; returns name -> attribute.
  StringMap<const ast::Attribute*> FixedAttributes(const ast::Block& block,
                                                   const std::vector<std::string>& allowed,
                                                   const std::vector<std::string>& blocks = {}) {
    StringMap<const ast::Attribute*> out;
    for (const ast::BodyItem& item : block.body.items) {
      if (item.block) {
        if (std::find(blocks.begin(), blocks.end(), item.block->type) != blocks.end()) continue;
        Diagnostic& d = diags_.Error(item.block->type_range,
                                     "unknown block `" + item.block->type + "` in " + block.type);
        std::vector<std::string> names = allowed;
        names.insert(names.end(), blocks.begin(), blocks.end());
        SuggestName(d, item.block->type, names);
        continue;
      }
      const ast::Attribute& attr = *item.attribute;
      if (std::find(allowed.begin(), allowed.end(), attr.name) == allowed.end()) {
        Diagnostic& d =
            diags_.Error(attr.name_range, "unknown attribute `" + attr.name + "` in " + block.type);
        std::vector<std::string> names = allowed;
        names.insert(names.end(), blocks.begin(), blocks.end());
        SuggestName(d, attr.name, names);
        continue;
      }
      auto [it, inserted] = out.emplace(attr.name, &attr);
      if (!inserted) {
        Diagnostic& d = diags_.Error(attr.name_range,
                                     "duplicate attribute `" + attr.name + "` in " + block.type);
        d.notes.push_back({"first set here", it->second->name_range});
      }
    }
    return out;
  }

  std::optional<bool> LiteralBool(const ast::Attribute& attr) {
    if (attr.value->kind == ast::ExprKind::kLiteral && attr.value->literal.is(ValueKind::kBool)) {
      return attr.value->literal.as_bool();
    }
    diags_.Error(attr.value->range, "`" + attr.name + "` must be true or false");
    return std::nullopt;
  }

  std::optional<std::string> LiteralString(const ast::Attribute& attr) {
    if (attr.value->kind == ast::ExprKind::kLiteral && attr.value->literal.is(ValueKind::kString)) {
      return attr.value->literal.str();
    }
    diags_.Error(attr.value->range, "`" + attr.name + "` must be a string literal");
    return std::nullopt;
  }

  void AddLet(const ast::Let& let) {
    if (IsReservedName(let.name) || schema::FindResource(let.name)) {
      diags_.Error(let.name_range,
                   "`" + let.name + "` cannot be a let name: it is " +
                       (schema::FindResource(let.name) ? "a resource kind" : "a keyword"));
      return;
    }
    if (auto it = module_.let_index.find(let.name); it != module_.let_index.end()) {
      Duplicate(let.name_range, "let `" + let.name + "`", module_.lets[it->second].let->name_range);
      return;
    }
    module_.let_index[let.name] = module_.lets.size();
    module_.lets.push_back({let.name, &let});
  }

  void AddBlock(const ast::Block& block) {
    const std::string& type = block.type;
    if (type == "stack") return AddStack(block);
    if (type == "backend") return AddBackend(block);
    if (type == "variable") return AddVariable(block);
    if (type == "output") return AddOutput(block);
    if (const schema::BlockSpec* spec = schema::FindResource(type)) {
      return AddResource(block, spec);
    }
    if (auto it = module_.imports.find(type); it != module_.imports.end()) {
      return AddCall(block, it->second);
    }
    Diagnostic& d = diags_.Error(block.type_range, "unknown block type `" + type + "`");
    std::vector<std::string> candidates = ReservedBlockTypes();
    for (const schema::BlockSpec* spec : schema::AllResources()) {
      candidates.emplace_back(spec->name);
    }
    for (const auto& [alias, binding] : module_.imports) candidates.push_back(alias);
    std::sort(candidates.begin(), candidates.end());
    SuggestName(d, type, candidates);
    if (d.notes.empty() && type == "module") {
      d.notes.push_back({"import a module and use its alias as the block type", {}});
    }
  }

  void AddStack(const ast::Block& block) {
    if (!module_.is_root) {
      diags_.Error(block.type_range,
                   "a stack block belongs in the root stack, not in module " + module_.dir);
      return;
    }
    if (module_.stack) {
      Duplicate(block.type_range, "stack block", module_.stack->type_range);
      return;
    }
    FixedAttributes(block, {"region", "account", "tags"});
    module_.stack = &block;
  }

  void AddBackend(const ast::Block& block) {
    if (!module_.is_root) {
      diags_.Error(block.type_range,
                   "a backend block belongs in the root stack, not in module " + module_.dir);
      return;
    }
    if (module_.backend) {
      Duplicate(block.type_range, "backend block", module_.backend->type_range);
      return;
    }
    // The label names a backend (`aws-api`), not a value: it need not be an identifier.
    if (!block.label) {
      RequireLabel(block, "aws");
      return;
    }
    const std::vector<std::string>& backends = BackendNames();
    if (std::find(backends.begin(), backends.end(), *block.label) == backends.end()) {
      Diagnostic& d =
          diags_.Error(block.label_range, "unknown backend \"" + *block.label +
                                              "\": the backends are " + BackendNamesText());
      SuggestName(d, *block.label, backends);
      return;
    }
    for (const ast::BodyItem& item : block.body.items) {
      if (item.block) {
        diags_.Error(item.block->type_range, "unknown block `" + item.block->type +
                                                 "` in backend: it takes attributes only");
      }
    }
    module_.backend = &block;
  }

  void AddVariable(const ast::Block& block) {
    if (!RequireLabel(block, "NAME")) return;
    const std::string& name = *block.label;
    if (auto it = module_.variable_index.find(name); it != module_.variable_index.end()) {
      Duplicate(block.label_range, "variable `" + name + "`",
                module_.variables[it->second].block->label_range);
      return;
    }
    VariableDecl decl;
    decl.name = name;
    decl.block = &block;
    auto attrs =
        FixedAttributes(block, {"type", "default", "description", "sensitive"}, {"validation"});
    if (auto it = attrs.find("type"); it != attrs.end()) {
      const ast::Expr& e = *it->second->value;
      std::string word;
      if (e.kind == ast::ExprKind::kIdentifier) word = e.name;
      if (e.kind == ast::ExprKind::kLiteral && e.literal.is(ValueKind::kString)) {
        word = e.literal.str();
      }
      if (auto type = ParseVarType(word)) {
        decl.type = *type;
      } else {
        Diagnostic& d =
            diags_.Error(e.range, word.empty() ? "a variable type is a bare word, e.g. string"
                                               : "unknown variable type `" + word + "`");
        std::vector<std::string> names;
        for (const auto& [n, t] : kVarTypes) names.emplace_back(n);
        if (!word.empty()) SuggestName(d, word, names);
        d.notes.push_back(
            {"types: string, number, bool, duration, size, percent, list, map, any", {}});
      }
    }
    if (auto it = attrs.find("default"); it != attrs.end()) {
      decl.default_value = it->second->value.get();
    }
    if (auto it = attrs.find("description"); it != attrs.end()) {
      decl.description = LiteralString(*it->second).value_or("");
    }
    if (auto it = attrs.find("sensitive"); it != attrs.end()) {
      decl.sensitive = LiteralBool(*it->second).value_or(false);
    }
    for (const ast::BodyItem& item : block.body.items) {
      if (!item.block || item.block->type != "validation") continue;
      const ast::Block& v = *item.block;
      if (v.label) diags_.Error(v.label_range, "a validation block takes no label");
      auto vattrs = FixedAttributes(v, {"condition", "message"});
      Validation validation;
      validation.range = v.range;
      for (const char* required : {"condition", "message"}) {
        if (!vattrs.count(required)) {
          diags_.Error(v.type_range,
                       std::string("missing required attribute `") + required + "` in validation");
        }
      }
      if (auto c = vattrs.find("condition"); c != vattrs.end()) {
        validation.condition = c->second->value.get();
      }
      if (auto m = vattrs.find("message"); m != vattrs.end()) {
        validation.message = m->second->value.get();
      }
      if (validation.condition && validation.message) decl.validations.push_back(validation);
    }
    module_.variable_index[name] = module_.variables.size();
    module_.variables.push_back(std::move(decl));
  }

  void AddOutput(const ast::Block& block) {
    if (!RequireLabel(block, "NAME")) return;
    const std::string& name = *block.label;
    for (const OutputDecl& o : module_.outputs) {
      if (o.name == name) {
        Duplicate(block.label_range, "output `" + name + "`", o.block->label_range);
        return;
      }
    }
    OutputDecl decl;
    decl.name = name;
    decl.block = &block;
    auto attrs = FixedAttributes(block, {"value", "description", "sensitive"});
    if (auto it = attrs.find("value"); it != attrs.end()) {
      decl.value = it->second->value.get();
    } else {
      diags_.Error(block.type_range,
                   "missing required attribute `value` in output \"" + name + "\"");
      return;
    }
    if (auto it = attrs.find("description"); it != attrs.end()) {
      decl.description = it->second->value.get();
    }
    if (auto it = attrs.find("sensitive"); it != attrs.end()) {
      decl.sensitive = it->second->value.get();
    }
    module_.outputs.push_back(std::move(decl));
  }

  static const ast::Expr* ForEach(const ast::Block& block) {
    for (const ast::BodyItem& item : block.body.items) {
      if (item.attribute && item.attribute->name == "for_each") return item.attribute->value.get();
    }
    return nullptr;
  }

  void AddResource(const ast::Block& block, const schema::BlockSpec* spec) {
    if (!RequireLabel(block, "NAME")) return;
    std::string key = block.type + "." + *block.label;
    if (auto it = module_.resource_index.find(key); it != module_.resource_index.end()) {
      Duplicate(block.label_range, "declaration of `" + key + "`",
                module_.resources[it->second].block->label_range);
      return;
    }
    module_.resource_index[key] = module_.resources.size();
    module_.resources.push_back({block.type, *block.label, &block, spec, ForEach(block)});
  }

  void AddCall(const ast::Block& block, const ImportBinding& binding) {
    if (!RequireLabel(block, "NAME")) return;
    const std::string& label = *block.label;
    if (auto it = module_.call_index.find(label); it != module_.call_index.end()) {
      Duplicate(block.label_range, "declaration of `module." + label + "`",
                module_.calls[it->second].block->label_range);
      return;
    }
    module_.call_index[label] = module_.calls.size();
    module_.calls.push_back({block.type, label, &block, binding.module, ForEach(block)});
  }

  Module& module_;
  Diagnostics& diags_;
};

}  // namespace

std::optional<VarType> ParseVarType(std::string_view word) {
  for (const auto& [name, type] : kVarTypes) {
    if (name == word) return type;
  }
  return std::nullopt;
}

const char* VarTypeName(VarType type) {
  for (const auto& [name, t] : kVarTypes) {
    if (t == type) return name.data();
  }
  return "any";
}

void CollectDeclarations(Module& module, Diagnostics& diags) { Collector(module, diags).Run(); }

}  // namespace berth::check

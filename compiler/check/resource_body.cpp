#include "compiler/check/resource_body.h"

#include <algorithm>
#include <cstdint>

#include "compiler/check/lower.h"
#include "compiler/check/names.h"

namespace berth::check {

namespace {

// "task \"api\"" or "health": how a block is named in messages.
std::string BlockName(const ast::Block& block) {
  return block.label ? block.type + " \"" + *block.label + "\"" : block.type;
}

struct NestedGroup {
  const schema::BlockSpec* spec;
  const ast::Block* first;
  ValueList items;
  std::vector<const ast::Block*> blocks;
};

enum class Written : uint8_t { kNo, kSet, kNull, kFailed };

class BodyEvaluator {
 public:
  explicit BodyEvaluator(const ValueCheckEnv& env) : env_(env) {}

  std::optional<Value> Block(const schema::BlockSpec& spec, const ast::Block& block,
                             const std::string& default_name, bool top) {
    bool ok = true;
    ValueMap entries;
    entries.reserve(spec.attributes.size() + spec.blocks.size());
    std::vector<const ast::Attribute*> seen;
    // Per attribute of the table: what the body did with it (indexes instead of name lookups).
    std::vector<Written> written(spec.attributes.size(), Written::kNo);
    std::vector<NestedGroup> groups;
    for (const ast::BodyItem& item : block.body.items) {
      if (item.attribute) {
        const ast::Attribute& attr = *item.attribute;
        if (top && attr.name == "for_each") continue;  // the instances, not an attribute
        ok = Attribute(spec, block, attr, seen, written, entries) && ok;
      } else if (item.block) {
        ok = Nested(spec, block, *item.block, default_name, groups) && ok;
      }
    }
    for (size_t i = 0; i < spec.attributes.size(); ++i) {
      const schema::AttributeSpec& a = spec.attributes[i];
      // An attribute that failed to evaluate was reported already; one set to null is omitted.
      if (written[i] == Written::kSet || written[i] == Written::kFailed) continue;
      if (a.required) {
        env_.diags.Error(block.type_range, "missing required attribute `" + std::string(a.name) +
                                               "` in " + BlockName(block));
        ok = false;
      } else if (a.default_is_label) {
        entries.emplace_back(std::string(a.name), Value::String(default_name));
      } else if (a.default_value) {
        entries.emplace_back(std::string(a.name), *a.default_value);
      }
    }
    for (const schema::BlockSpec* b : spec.blocks) {
      auto group = std::find_if(groups.begin(), groups.end(),
                                [&](const NestedGroup& g) { return g.spec == b; });
      if (group == groups.end()) {
        if (b->required) {
          env_.diags.Error(block.type_range, "missing required block `" + std::string(b->name) +
                                                 "` in " + BlockName(block));
          ok = false;
        }
        continue;
      }
      std::string key(b->ir_key.empty() ? b->name : b->ir_key);
      if (b->repeated) {
        entries.emplace_back(std::move(key),
                             Value::List(std::move(group->items), group->first->range));
      } else if (!group->items.empty()) {
        entries.emplace_back(std::move(key), std::move(group->items.front()));
      }
    }
    if (!ok) return std::nullopt;
    return MapOfUniqueKeys(std::move(entries), block.range);
  }

 private:
  bool Attribute(const schema::BlockSpec& spec, const ast::Block& block, const ast::Attribute& attr,
                 std::vector<const ast::Attribute*>& seen, std::vector<Written>& written,
                 ValueMap& entries) {
    const schema::AttributeSpec* a = spec.FindAttribute(attr.name);
    if (!a) {
      Diagnostic& d = env_.diags.Error(
          attr.name_range, "unknown attribute `" + attr.name + "` in " + std::string(spec.name));
      if (spec.FindBlock(attr.name)) {
        d.notes.push_back({"`" + attr.name + "` is a block: write " + attr.name + " { ... }", {}});
      } else {
        SuggestName(d, attr.name, spec.Names());
      }
      return false;
    }
    for (const ast::Attribute* s : seen) {
      if (s->name == attr.name) {
        Diagnostic& d = env_.diags.Error(
            attr.name_range, "duplicate attribute `" + attr.name + "` in " + BlockName(block));
        d.notes.push_back({"first set here", s->name_range});
        return false;
      }
    }
    seen.push_back(&attr);
    Written& state = written[a - spec.attributes.data()];
    state = Written::kFailed;
    std::optional<Value> value = Evaluate(*attr.value, env_.ctx, env_.diags);
    if (!value) return false;
    if (value->is_null()) {  // null is as if omitted
      state = Written::kNull;
      return true;
    }
    if (!CheckAttribute(*a, *value, env_)) return false;
    state = Written::kSet;
    entries.emplace_back(attr.name, std::move(*value));
    return true;
  }

  bool Nested(const schema::BlockSpec& spec, const ast::Block& parent, const ast::Block& block,
              const std::string& default_name, std::vector<NestedGroup>& groups) {
    const schema::BlockSpec* b = spec.FindBlock(block.type);
    if (!b) {
      Diagnostic& d = env_.diags.Error(
          block.type_range, "unknown block `" + block.type + "` in " + std::string(spec.name));
      if (spec.FindAttribute(block.type)) {
        d.notes.push_back(
            {"`" + block.type + "` is an attribute: write " + block.type + " = ...", {}});
      } else {
        SuggestName(d, block.type, spec.Names());
      }
      return false;
    }
    if (b->labeled && !block.label) {
      env_.diags.Error(block.type_range,
                       block.type + " block needs a label: " + block.type + " \"NAME\" { ... }");
      return false;
    }
    if (!b->labeled && block.label) {
      env_.diags.Error(block.label_range, block.type + " block takes no label");
      return false;
    }
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const NestedGroup& g) { return g.spec == b; });
    if (group != groups.end()) {
      if (!b->repeated) {
        Diagnostic& d = env_.diags.Error(
            block.type_range, "duplicate block `" + block.type + "` in " + BlockName(parent));
        d.notes.push_back({"first declared here", group->first->type_range});
        return false;
      }
      if (block.label) {
        for (const ast::Block* other : group->blocks) {
          if (other->label == block.label) {
            Diagnostic& d = env_.diags.Error(
                block.label_range,
                "duplicate " + block.type + " \"" + *block.label + "\" in " + BlockName(parent));
            d.notes.push_back({"first declared here", other->label_range});
            return false;
          }
        }
      }
    } else {
      groups.push_back({b, &block, {}, {}});
      group = groups.end() - 1;
    }
    group->blocks.push_back(&block);
    std::optional<Value> value = Block(*b, block, block.label ? *block.label : default_name, false);
    if (!value) return false;
    if (block.label && !value->Get("name"))
      value->Set("name", Value::String(*block.label, block.label_range));
    group->items.push_back(std::move(*value));
    return true;
  }

  const ValueCheckEnv& env_;
};

}  // namespace

std::optional<Value> EvaluateResourceBody(const schema::BlockSpec& spec, const ast::Block& block,
                                          const std::string& default_name,
                                          const ValueCheckEnv& env) {
  return BodyEvaluator(env).Block(spec, block, default_name, true);
}

}  // namespace berth::check

#include "compiler/rules/ir_view.h"

#include <fmt/format.h>

#include <algorithm>

namespace berth::rules {

const Value* Attr(const Value& block, std::string_view key) {
  const Value* v = block.Get(key);
  return v && !v->is_null() ? v : nullptr;
}

std::string_view StrAttr(const Value& block, std::string_view key) {
  const Value* v = Attr(block, key);
  if (!v || !(v->is(ValueKind::kString) || v->is(ValueKind::kSymbol))) return {};
  return v->str();
}

const Value* NumAttr(const Value& block, std::string_view key) {
  const Value* v = Attr(block, key);
  return v && v->is_numeric() ? v : nullptr;
}

std::vector<const Value*> Blocks(const Value& block, std::string_view ir_key) {
  std::vector<const Value*> out;
  const Value* v = Attr(block, ir_key);
  if (!v || !v->is(ValueKind::kList)) return out;
  for (const Value& item : v->list()) {
    if (item.is(ValueKind::kMap)) out.push_back(&item);
  }
  return out;
}

const Value* Block(const Value& block, std::string_view ir_key) {
  const Value* v = Attr(block, ir_key);
  return v && v->is(ValueKind::kMap) ? v : nullptr;
}

bool ListHas(const Value& block, std::string_view key, std::string_view item) {
  for (const std::string& s : Strings(block, key)) {
    if (s == item) return true;
  }
  return false;
}

std::vector<std::string> Strings(const Value& block, std::string_view key) {
  std::vector<std::string> out;
  const Value* v = Attr(block, key);
  if (!v || !v->is(ValueKind::kList)) return out;
  for (const Value& item : v->list()) {
    if (item.is(ValueKind::kString) || item.is(ValueKind::kSymbol)) out.push_back(item.str());
  }
  return out;
}

const ir::Resource* Deref(const ir::Program& program, const Value& block, std::string_view key,
                          std::string_view kind) {
  const Value* v = Attr(block, key);
  if (!v || !v->is(ValueKind::kRef)) return nullptr;
  const ir::Resource* r = program.Find(v->ref().address);
  return r && r->kind == kind ? r : nullptr;
}

const Value* FindLabeled(const Value& block, std::string_view ir_key, std::string_view label) {
  for (const Value* entry : Blocks(block, ir_key)) {
    if (StrAttr(*entry, "name") == label) return entry;
  }
  return nullptr;
}

SourceRange RangeOf(const Value* value, const SourceRange& fallback) {
  return value && value->range().valid() ? value->range() : fallback;
}

std::string Quote(std::string_view s) { return fmt::format("\"{}\"", s); }

std::string Quote(const Value& v) {
  if (v.sensitive()) return "(sensitive value)";
  return v.is(ValueKind::kString) || v.is(ValueKind::kSymbol) ? Quote(v.str()) : v.ToSource();
}

std::string Number(double n) { return fmt::format("{}", n); }

std::string JoinWords(const std::vector<std::string>& items, std::string_view last) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? fmt::format(" {} ", last) : std::string(", ");
    out += items[i];
  }
  return out;
}

bool RequiresFargate(const ir::Resource& task) {
  return ListHas(task.attributes, "requires", "FARGATE");
}

std::string_view NetworkMode(const ir::Resource& task) {
  std::string_view mode = StrAttr(task.attributes, "network_mode");
  return mode.empty() ? "awsvpc" : mode;
}

std::string LaunchTypeOf(const ir::Resource& launcher, const ir::Resource* task) {
  std::string_view explicit_type = StrAttr(launcher.attributes, "launch_type");
  if (!explicit_type.empty()) return std::string(explicit_type);
  std::vector<const Value*> providers = Blocks(launcher.attributes, "capacity_providers");
  if (!providers.empty()) {
    bool all_fargate = std::all_of(providers.begin(), providers.end(), [](const Value* p) {
      std::string_view name = StrAttr(*p, "name");
      return name == "FARGATE" || name == "FARGATE_SPOT";
    });
    return all_fargate ? "FARGATE" : "EC2";
  }
  if (!task) return "";
  std::vector<std::string> requires_list = Strings(task->attributes, "requires");
  return requires_list.empty() ? "" : requires_list.front();
}

bool ValidPriority(double priority) {
  return priority >= 1 && priority <= 50000 && priority == static_cast<long>(priority);
}

AttachedListener ListenerOf(const ir::Program& program, const ir::Resource& rule) {
  AttachedListener out;
  out.lb = Deref(program, rule.attributes, "load_balancer", "load_balancer");
  std::string_view label = StrAttr(rule.attributes, "listener");
  if (out.lb && !label.empty()) out.listener = FindLabeled(out.lb->attributes, "listeners", label);
  return out;
}

std::vector<double> ExposedPorts(const Value& container) {
  std::vector<double> ports;
  if (const Value* port = NumAttr(container, "port")) ports.push_back(port->number());
  for (const Value* mapping : Blocks(container, "port_mappings")) {
    if (const Value* p = NumAttr(*mapping, "container_port")) ports.push_back(p->number());
  }
  std::sort(ports.begin(), ports.end());
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
  return ports;
}

}  // namespace berth::rules

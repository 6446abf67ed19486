// Internal to compiler/rules: reading the lowered IR. Attribute maps have schema defaults filled
// in, references are kRef values holding the referenced resource's address, repeated nested
// blocks are lists of maps (labeled ones carry their label under "name"), single nested blocks
// are maps. Every accessor tolerates what the checker has already reported (a missing or
// mistyped attribute), so a rule never piles a second error onto a first.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/value.h"
#include "compiler/ir/ir.h"

namespace berth::rules {

// The attribute, or nullptr when absent or null.
const Value* Attr(const Value& block, std::string_view key);
// The attribute's string (also enum symbols), or "" when absent or of another kind.
std::string_view StrAttr(const Value& block, std::string_view key);
// The numeric attribute (number, size, duration, cpu, percent), or nullptr.
const Value* NumAttr(const Value& block, std::string_view key);
// A repeated nested block's entries (maps only); empty when absent.
std::vector<const Value*> Blocks(const Value& block, std::string_view ir_key);
// A single nested block, or nullptr.
const Value* Block(const Value& block, std::string_view ir_key);
// Whether a list attribute holds the string `item`.
bool ListHas(const Value& block, std::string_view key, std::string_view item);
// The strings of a list attribute (non-strings skipped).
std::vector<std::string> Strings(const Value& block, std::string_view key);

// The resource a reference attribute points at, when it is of `kind`; nullptr otherwise (an
// unresolved reference has been reported by the checker).
const ir::Resource* Deref(const ir::Program& program, const Value& block, std::string_view key,
                          std::string_view kind);
// Labeled entry of a repeated block by its label.
const Value* FindLabeled(const Value& block, std::string_view ir_key, std::string_view label);

// Where to point: the value's own range when it has one (it was written), else the fallback
// (the enclosing block, for a default filled in by lowering).
SourceRange RangeOf(const Value* value, const SourceRange& fallback);

// Text helpers for messages.
std::string Quote(std::string_view s);  // "app" with quotes
// A value's text quoted, or "(sensitive value)" for a sensitive one: messages place values
// through this, so the value's own mark decides, never a search of the finished text.
std::string Quote(const Value& v);
std::string Number(double n);                                 // 8080, 0.5
std::string JoinWords(const std::vector<std::string>& items,  // a, b or c
                      std::string_view last = "or");

// ECS semantics shared by several rules.
bool RequiresFargate(const ir::Resource& task);
std::string_view NetworkMode(const ir::Resource& task);  // "awsvpc" when unset
// Where a service or schedule launches its tasks: launch_type, else FARGATE when every
// capacity provider is FARGATE or FARGATE_SPOT, EC2 for other providers, else the task's first
// `requires` entry. "" when unknown.
std::string LaunchTypeOf(const ir::Resource& launcher, const ir::Resource* task);
// Listener rule priorities: whole numbers from 1 to 50000.
bool ValidPriority(double priority);
// What a listener_rule resource attaches to: its load balancer and the listener block of the
// label it names. Either is nullptr when it does not resolve (see CheckListenerRules).
struct AttachedListener {
  const ir::Resource* lb = nullptr;
  const Value* listener = nullptr;
};
AttachedListener ListenerOf(const ir::Program& program, const ir::Resource& rule);
// Ports a container exposes: its `port` shorthand and every port_mapping's container_port.
std::vector<double> ExposedPorts(const Value& container);

}  // namespace berth::rules

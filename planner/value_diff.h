// The semantic comparison of one resource's attribute trees: maps key by key, lists of labeled
// blocks by name, the schema saying which attributes force a replacement and which are owned
// by someone else.
#pragma once

#include <string>
#include <vector>

#include "compiler/base/value.h"
#include "compiler/schema/schema.h"
#include "planner/plan.h"

namespace berth::planner {

// Where a walk is in the schema: inside a block (attribute == nullptr) or inside the value of one
// attribute. Either may be null when the schema does not describe the value.
struct SchemaCursor {
  const schema::BlockSpec* block = nullptr;
  const schema::AttributeSpec* attribute = nullptr;

  // The cursor for `key` of a map this cursor points at.
  SchemaCursor Enter(std::string_view key) const;
};

struct OwnershipRules {
  bool autoscaled = false;           // desired_count belongs to the scaler
  std::vector<std::string> ignored;  // paths set by someone else (IgnoredPath::path)
};

// Appends the differences between `before` and `after` below `path`. Where an attribute is owned
// elsewhere and has a live value, `after` is set to that value: apply keeps it, never resets it.
void DiffValues(const std::string& path, const Value& before, Value& after, SchemaCursor cursor,
                const OwnershipRules& rules, std::vector<AttributeChange>& out);

// Marks values of attributes the schema declares sensitive, so renderers mask them like
// secrets and sensitive variables.
void MarkSchemaSensitive(Value& value, SchemaCursor cursor);

// Paths below `path` whose value is a reference (unknown until apply) or sensitive.
void CollectUnknownPaths(const std::string& path, const Value& value,
                         std::vector<std::string>& out);
void CollectSensitivePaths(const std::string& path, const Value& value,
                           std::vector<std::string>& out);

}  // namespace berth::planner

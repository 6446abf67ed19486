// The plan phase: desired IR against live resources, to an ordered list of actions. The live
// side comes from a backend (or the state file); this phase knows no backend.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "compiler/base/value.h"
#include "compiler/ir/ir.h"

namespace berth::planner {

enum class Action { kNoOp, kCreate, kUpdate, kReplace, kDelete };
const char* ActionName(Action action);  // "create", "update", ...

struct LiveResource {
  std::string address;
  std::string kind;
  Value attributes;  // a map, as the IR holds it
  std::vector<std::string> depends_on;
};

struct AttributeChange {
  std::string path;  // "desired_count", "containers[app].image"
  Value before;
  Value after;
  bool forces_replacement = false;
};

struct ResourceChange {
  std::string address;
  std::string kind;
  Action action = Action::kNoOp;
  Value before;  // null when created
  Value after;   // null when deleted
  std::vector<AttributeChange> changes;  // for updates and replacements
};

struct Plan {
  std::vector<ResourceChange> changes;  // in apply order: dependencies before dependents
  int Count(Action action) const;
  bool HasChanges() const;
};

struct DiffOptions {};

Plan Diff(const DiffOptions& options, const ir::Program& desired,
          const std::vector<LiveResource>& live);

struct RenderOptions {
  bool color = false;
};

// Terraform-like text: `+` create, `~` update, `-/+` replace, `-` delete, then a summary line.
void RenderText(const Plan& plan, const RenderOptions& options, std::ostream& out);

}  // namespace berth::planner

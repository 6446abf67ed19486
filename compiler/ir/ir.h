// The IR: a flat, deterministic list of resources with stable addresses, typed attribute trees,
// explicit dependency edges and source ranges. `berth compile --emit ir` prints it.
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/base/value.h"

namespace berth::ir {

struct Resource {
  std::string address;      // "service.api", "module.web.service.api", `service.api["blue"]`
  std::string kind;         // schema kind: "service"
  std::string name;         // the block label ("api"), the for_each key appended for instances
  std::string module_path;  // "" at the root, "module.web" inside an instance
  Value attributes;         // a map, schema defaults filled in, enums as strings
  std::vector<std::string> depends_on;  // addresses, sorted, unique
  SourceRange range;
};

struct Output {
  std::string name;
  Value value;
  bool sensitive = false;
  std::string description;
  SourceRange range;
};

struct Variable {  // the root stack's variables as resolved for this run
  std::string name;
  Value value;
  bool sensitive = false;
  // As declared, for writers that re-expose variables (CloudFormation parameters): the declared
  // type ("string", "number", "bool", "duration", "size", "percent", "list", "map", or "any"),
  // the default when there is one, and the description.
  std::string type = "any";
  std::optional<Value> default_value = std::nullopt;
  std::string description = {};
};

struct Stack {
  std::string name;
  std::string region;
  std::string account;
  std::map<std::string, std::string> tags;
  Value backend;  // the `backend` block as a map, or null
  SourceRange range;
};

struct Program {
  Stack stack;
  std::vector<Resource> resources;  // sorted by address
  std::vector<Output> outputs;      // sorted by name
  std::vector<Variable> variables;  // sorted by name

  const Resource* Find(std::string_view address) const;
};

// Canonical JSON: sorted keys, fixed number formatting, no timestamps: the same program always
// gives byte-identical text. Sensitive values are masked. Source locations are rendered relative
// to how files were named on the command line.
void WriteJson(const Program& program, const SourceManager& sources, std::ostream& out);

}  // namespace berth::ir

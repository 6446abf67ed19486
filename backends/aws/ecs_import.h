// `berth import`: ECS API JSON printed as berth source. The decoders (ecs_decode.h) give the IR;
// this prints it back as the block an author would write: schema order, units, references, and
// no attribute equal to its default. The text is not yet laid out by `berth fmt` (the CLI runs
// the formatter on it).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "backends/aws/ecs_decode.h"
#include "compiler/ir/ir.h"

namespace berth::aws {

enum class ImportKind { kTaskDefinition, kService };

struct ImportOptions {
  // A compiled stack whose resources references resolve to: roles by ARN (account, path and
  // name), clusters by name or ARN, tasks by family, target groups by name, and awslogs-group
  // options by log group name. nullptr: references are made up from the names, and the roles and
  // clusters they name are declared in the printed source so that it compiles on its own.
  const ir::Program* stack = nullptr;
};

// The berth source for `document` (parsed by the caller, which places syntax errors: see
// compiler/base/json_input.h), or the error: a JSON path and what is wrong there.
std::variant<std::string, DecodeError> ImportEcs(ImportKind kind, const Json& document,
                                                 const ImportOptions& options);

// A resolver that finds references among the resources of `program` (as ImportOptions::stack
// says); the program must outlive it.
ReferenceResolver StackResolver(const ir::Program& program);

// The source of one decoded resource's block (`task "api" { ... }`), attributes equal to their
// schema defaults left out.
std::string BlockSource(const DecodedResource& resource);

// What in `resource` berth source cannot write, so that its printed block would not parse: a
// string with a control character other than \n, \t and \r (the language has no escape for
// them), or a duration, size or percentage that prints with an exponent (bake_time = 1e+20m).
// As {"the imported task's containers[0].env.MODE", "holds the control character U+001B, ..."};
// nullopt when all of it can be printed. ECS takes such values (environment values are any
// text): they are refused only where berth would print them, not where plans read them.
std::optional<DecodeError> UnwritableValue(const DecodedResource& resource);

}  // namespace berth::aws

// Small naming helpers shared by the checker's files: identifiers, reserved words, addresses and
// "did you mean" notes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/value.h"

namespace berth::check {

// [A-Za-z_][A-Za-z0-9_]*: what labels and aliases must look like to become addresses.
bool IsIdentifier(std::string_view text);

// Words with a meaning of their own as block types or names: stack, backend, variable, output,
// module, var, each, let, import...
bool IsReservedName(std::string_view name);
const std::vector<std::string>& ReservedBlockTypes();

// The backends a `backend "NAME" {}` block or `--backend NAME` can name: aws, aws-api,
// controlplane, docker.
const std::vector<std::string>& BackendNames();
// "aws, aws-api, controlplane and docker", for messages.
std::string BackendNamesText();

// Adds "did you mean `x`?" to `diag` when a candidate is close to `word`.
void SuggestName(Diagnostic& diag, std::string_view word,
                 const std::vector<std::string>& candidates, const SourceRange& range = {});

// `service.api["blue"]`: the address of a for_each instance.
std::string InstanceAddress(std::string_view base, std::string_view key);

// A value as shown in messages: kind and short source text ("number 512", "task.api").
std::string DescribeValue(const Value& value);

// For a plain number where a unit was expected: "write it with a unit, e.g. 512MiB".
std::optional<std::string> UnitHint(ValueKind expected, const Value& got);

}  // namespace berth::check

// Shared by the aws_cfn tests: compiling stacks, and the checker every emitted template set must
// pass (known resource types, every Ref / Fn::GetAtt / Fn::ImportValue / DependsOn resolves,
// CloudFormation's limits, valid names, no placeholder text left).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backends/aws/cfn_template.h"
#include "compiler/ir/ir.h"

namespace berth::aws::testing {

// Compiles the stack at `path` (a directory or .berth file); fails the test on diagnostics.
ir::Program CompilePath(const std::string& path);
// Writes `source` as main.berth of a fresh temporary directory and compiles it.
ir::Program CompileSource(const std::string& source);

// Every problem of `set`, one line each; empty when the templates are deployable in order.
std::vector<std::string> TemplateProblems(const CfnTemplateSet& set, size_t max_resources = 500);

// cfn-lint (CloudFormation's resource schemas, offline) over template `files`, in one run (it
// takes seconds to start: pass every file of a test at once): its findings, each naming its
// file, empty when clean; nullopt when cfn-lint is not installed.
std::optional<std::string> CfnLint(const std::vector<std::string>& files,
                                   const std::string& region);

}  // namespace berth::aws::testing

// Shared by the aws_services tests: compile a stack (an example, or berth source written to a
// temporary directory), run the emitters of this helper's kinds over it in dependency order,
// and validate request bodies with the AWS CLI (tests/aws_cli/validate_requests.py).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "backends/aws/aws_call.h"
#include "compiler/ir/ir.h"

namespace berth::aws::testing {

// Compiles the stack at `path` (a directory or .berth file); fails the test on diagnostics.
ir::Program CompilePath(const std::string& path);
// Writes `source` as main.berth of a fresh temporary directory and compiles it.
ir::Program CompileSource(const std::string& source);
// The stack header every small test stack starts with (account 123456789012, ap-northeast-1).
std::string Header(const std::string& extra_tags = "");

// Every resource's create calls, resources in dependency order, emitters in table order.
std::vector<AwsCall> CreateAll(const ir::Program& program);
// The create, update or remove calls of one resource, all emitters of its kind in table order
// (removes in reverse).
// One resource's calls of the services these tests cover: ECS calls (tests/unit/aws_ecs) are
// left out, so that Cloud Map's create-service and update-service are not confused with ECS's.
std::vector<AwsCall> WithoutEcs(std::vector<AwsCall> calls);
std::vector<AwsCall> CreateOf(const ir::Program& program, const std::string& address);
std::vector<AwsCall> UpdateOf(const ir::Program& before, const ir::Program& after,
                              const std::string& address);
std::vector<AwsCall> RemoveOf(const ir::Program& before, const ir::Program& after,
                              const std::string& address);

// Problems of the capture check, except placeholders of resources whose kind has no emitter on
// this branch yet (security groups, task definitions: other builders capture those).
std::vector<std::string> CaptureProblems(const std::vector<AwsCall>& calls,
                                         const ir::Program& program);

// Runs the AWS CLI over every body: FAIL lines of tests/aws_cli/validate_requests.py, empty when
// all pass; nullopt when no AWS CLI is installed.
std::optional<std::vector<std::string>> CliRejections(const std::vector<AwsCall>& calls);

// The calls with this operation, in order.
std::vector<const AwsCall*> WithOperation(const std::vector<AwsCall>& calls,
                                          const std::string& operation);
// The only call with this operation; fails the test when there is not exactly one.
const AwsCall& Only(const std::vector<AwsCall>& calls, const std::string& operation);

// Validates and capture-checks `calls` (fails the test with every message; marks it skipped,
// loudly, when there is no AWS CLI to validate with).
void ExpectValid(const std::vector<AwsCall>& calls, const ir::Program& program);

}  // namespace berth::aws::testing

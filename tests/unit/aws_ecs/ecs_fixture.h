// Shared by the ECS builder tests: compile a stack (an example directory or source text), run
// the ECS emitters on its resources, and validate request bodies with the AWS CLI, which checks
// them against the official API model before it tries to connect (to a closed local port).
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "backends/aws/aws_call.h"
#include "compiler/base/diagnostics.h"
#include "compiler/ir/ir.h"
#include "tests/unit/aws_services/services_fixture.h"

namespace berth::testing {

using aws::AwsCall;
using aws::Json;

// Compiling a stack or a source text: the aws_services tests' helpers.
using aws::testing::CompilePath;
using aws::testing::CompileSource;

// The create calls of every cluster, task and service of the program, in program order.
std::vector<AwsCall> CreateCalls(const ir::Program& program);
// The ECS create calls of one resource (a service's Cloud Map and Application Auto Scaling
// calls are tests/unit/aws_services' business: Cloud Map's create-service would be ambiguous).
std::vector<AwsCall> CreateCallsOf(const ir::Program& program, const std::string& address);
// `calls` without those of other AWS services.
std::vector<AwsCall> EcsOnly(std::vector<AwsCall> calls);
// The body of the only call of `operation` among `calls` (a failed expectation when not one).
Json BodyOf(const std::vector<AwsCall>& calls, const std::string& operation);

// Where the AWS CLI is, or "" when there is none (the tests then skip, saying so).
std::string AwsCli();
// Runs every call through the AWS CLI's `SERVICE OPERATION --cli-input-json` (all in one process:
// tests/aws_cli/validate_requests.py); returns one "FAIL FILE: what the CLI said" line
// per call the CLI rejected, empty when all pass.
std::vector<std::string> RejectedByCli(const std::vector<AwsCall>& calls);

#define SKIP_WITHOUT_AWS_CLI()                                                    \
  if (::berth::testing::AwsCli().empty()) {                                       \
    std::fprintf(stderr,                                                          \
                 "*** SKIPPED: no `aws` binary on PATH; request bodies were not " \
                 "validated against the AWS API model ***\n");                    \
    GTEST_SKIP() << "no aws CLI on PATH";                                         \
  }

}  // namespace berth::testing

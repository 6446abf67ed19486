// Compiles a small stack written by the test, for the aws emission tests.
#pragma once

#include <string>

#include "backends/aws/emission.h"

namespace berth::aws::testing {

// The IR of `source` (one main.berth); fails the test on compile errors.
ir::Program Compile(const std::string& source);
// The IR of the stack in directory `dir` (an example's).
ir::Program CompileDirectory(const std::string& dir);

// A stack with two roles, a log group and two security groups, the second admitting the first.
extern const char* const kStack;

// The first call of `calls` with this operation and address; fails the test when none.
const AwsCall& FindCall(const std::vector<AwsCall>& calls, const std::string& operation,
                        const std::string& address);

}  // namespace berth::aws::testing

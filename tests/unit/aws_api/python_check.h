// Runs one of this folder's Python checkers (botocore as the independent implementation) on a
// JSON file of cases written by the test, and says what it printed.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace berth::aws_api::testing {

struct PythonResult {
  int exit_code = -1;  // 0 all agree, 1 some differ, 77 botocore is not installed
  std::string output;  // stdout and stderr
};

// Writes `cases` to a temporary file and runs `python3 tests/unit/aws_api/SCRIPT FILE`.
PythonResult RunChecker(const std::string& script, const nlohmann::ordered_json& cases);

// The botocore checkers exit 77 when botocore does not import (it comes with the AWS CLI from
// pip; Debian's awscli brings python3-botocore): the test skips, saying so.
constexpr int kNoBotocore = 77;

}  // namespace berth::aws_api::testing

// Shared by the lint tests: a clean stack that no rule flags, a way to change one line of it,
// and Check + Lint run on the result in a fresh directory.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/ir/ir.h"
#include "compiler/lint/lint.h"

namespace berth::testing {

// A stack that passes every rule: pinned image, logs, health check, non-root read-only
// container, two subnets, circuit breaker, insights on, separate roles.
extern const char* const kCleanStack;

// `text` with the first occurrence of `from` replaced by `to`; fails the test when absent.
std::string Edit(std::string text, const std::string& from, const std::string& to);

class LintTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Compiles `stack` (as app/main.berth) and lints it; the test fails when it does not compile.
  lint::LintResult Run(const std::string& stack);
  // The unsuppressed findings of `rule` as "line: message" strings.
  std::vector<std::string> Of(const lint::LintResult& result, const std::string& rule) const;
  // What `berth lint` prints for the result.
  std::string Text(const lint::LintResult& result) const;

  SourceManager sources_;
  ir::Program program_;

 private:
  std::string old_cwd_;
  std::string dir_;
};

}  // namespace berth::testing

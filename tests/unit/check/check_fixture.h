// Shared by the check tests: a fresh working directory per test with the stack's files written
// into it, Check run on them, and the diagnostics rendered whole as the CLI prints them.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/check/check.h"
#include "compiler/ir/ir.h"

namespace berth::testing {

class CheckTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Writes `content` to `path` (relative to the test's directory), creating directories.
  void Write(const std::string& path, const std::string& content);

  // Runs Check on options.path (default "app"); diagnostics are then in Errors().
  std::optional<ir::Program> Run(CheckOptions options = {});
  std::optional<ir::Program> Run(const std::string& path) {
    CheckOptions options;
    options.path = path;
    return Run(options);
  }
  // Checks a stack that must compile, failing the test with its diagnostics otherwise.
  ir::Program MustCompile(CheckOptions options = {});

  // Every diagnostic, rendered and sorted as `berth` prints them.
  std::string Errors() const;
  // The attributes of `address` as canonical JSON-ish source text (Value::ToSource).
  static std::string Attr(const ir::Program& program, const std::string& address,
                          const std::string& attribute);

  SourceManager sources_;
  Diagnostics diags_;

 private:
  std::string old_cwd_;
  std::string dir_;
};

}  // namespace berth::testing

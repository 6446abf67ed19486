// Hand-built IR for the rule tests: a berth source text held in memory (so diagnostics render
// with their source line and caret, and tests assert them whole), ranges found by searching that
// text, and resources lowered the way compiler/lower does: schema defaults filled in.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/base/value.h"
#include "compiler/ir/ir.h"

namespace berth::testing {

constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kGiB = 1024.0 * kMiB;

class RulesTest : public ::testing::Test {
 protected:
  // The program's source: one file, main.berth.
  void SetSource(std::string text);
  // The range of the nth occurrence (0-based) of `needle` in the source.
  SourceRange Span(std::string_view needle, int nth = 0) const;

  // A resource of `kind` labeled `label`, declared at the text `kind "label"` when the source has
  // it (else without a range).
  // Schema defaults are filled in for what `attributes` leaves out, nested blocks included.
  ir::Resource Resource(std::string_view kind, std::string_view label, ValueMap attributes);

  // Runs CheckEcsRules and renders every diagnostic as the terminal shows it.
  std::string Check(std::vector<ir::Resource> resources);

  SourceManager sources_;
  uint32_t file_ = 0;
  std::string text_;
};

// The message lines of rendered diagnostics (locations, messages, notes) without the source
// snippets and the error count: for tests about wording rather than carets.
std::string Headlines(const std::string& rendered);

// A map value for a nested block, with the block's range.
Value Block(ValueMap entries, SourceRange range = {});

}  // namespace berth::testing

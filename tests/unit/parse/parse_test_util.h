// Helpers for the parse tests: parse text held in memory, render diagnostics whole, and print
// expressions as compact S-expressions so tests can assert a tree's shape in one string.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "compiler/ast/ast.h"
#include "compiler/base/diagnostics.h"
#include "compiler/parse/parse.h"

namespace berth::parse_test {

class ParseFixture : public ::testing::Test {
 protected:
  ast::File ParseText(std::string text, std::string path = "main.berth") {
    file_id_ = sources_.Add(std::move(path), std::move(text));
    return Parse(options_, sources_, file_id_, diags_);
  }

  // Every diagnostic rendered as the terminal shows it, in output order.
  std::string Rendered() const {
    std::string out;
    for (const Diagnostic& d : diags_.Sorted()) out += RenderDiagnosticText(d, sources_);
    return out;
  }

  // The value of the first attribute of the first block: most tests wrap an expression so.
  const ast::Expr& FirstValue(const ast::File& file) {
    return *file.items.at(0).block->body.items.at(0).attribute->value;
  }

  ParseOptions options_;
  SourceManager sources_;
  Diagnostics diags_;
  uint32_t file_id_ = 0;
};

std::string Dump(const ast::Expr& e);

// "line:col-end_line:end_col"
std::string RangeText(const SourceRange& r);

}  // namespace berth::parse_test

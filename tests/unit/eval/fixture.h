// The fixture every evaluator test uses: a standard context, and helpers that return a result as
// berth source text or the whole error text, so tests compare complete strings.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "compiler/eval/eval.h"
#include "tests/unit/eval/builders.h"

namespace berth::evaltest {

using enum ast::Operator;

// References the standard context knows: an ARN known only after apply, a sensitive variable.
inline ExprPtr ExecArn() { return Attr(Attr(Id("role"), "exec"), "arn"); }
inline ExprPtr Password() { return Attr(Id("var"), "db_password"); }

class EvalTest : public ::testing::Test {
 protected:
  FakeContext ctx = StandardContext();
  Diagnostics diags;
  EvalOptions options;

  std::optional<Value> Eval(const ExprPtr& e) { return Evaluate(*e, ctx, diags, options); }

  // The value as source text (sensitive content revealed), or a failure.
  std::string Ok(const ExprPtr& e) {
    std::optional<Value> v = Eval(e);
    EXPECT_TRUE(v.has_value()) << Errors();
    EXPECT_FALSE(diags.HasErrors()) << Errors();
    return v ? v->ToSource(/*reveal=*/true) : "<failed: " + Errors() + ">";
  }

  // The errors of a failing evaluation: each message, then its notes as "note: ..." lines.
  std::string Err(const ExprPtr& e) {
    std::optional<Value> v = Eval(e);
    EXPECT_FALSE(v.has_value()) << v->ToSource(true);
    return Errors();
  }

  // Like Err, also checking that the (single) error points at `at`.
  // `at` is read after the arguments are built, so At() may set it in the same call.
  std::string ErrAt(const ExprPtr& e, const Expr* const& at) {
    std::string text = Err(e);
    EXPECT_EQ(diags.all().size(), 1u);
    if (!diags.all().empty()) {
      const SourceRange& r = diags.all()[0].range;
      EXPECT_EQ(r.col, at->range.col) << "the error points at another node: " << text;
      EXPECT_EQ(r.line, at->range.line);
    }
    return text;
  }

  std::string Errors() const {
    std::string out;
    for (const Diagnostic& d : diags.all()) {
      if (!out.empty()) out += "\n";
      out += d.message;
      for (const DiagnosticNote& n : d.notes) out += "\nnote: " + n.message;
    }
    return out;
  }
};

}  // namespace berth::evaltest

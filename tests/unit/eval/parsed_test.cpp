// Evaluation of parsed text, with diagnostics rendered whole (source line and caret), as users
// see them.
#include <sstream>

#include "compiler/parse/parse.h"
#include "tests/unit/eval/fixture.h"

namespace berth::evaltest {
namespace {

class ParsedEvalTest : public EvalTest {
 protected:
  // The value as source text, or every diagnostic rendered.
  std::string Run(const std::string& text) {
    uint32_t id = sources_.Add("main.berth", text);
    ast::ExprPtr expr = ParseExpression({}, sources_, id, diags);
    std::optional<Value> value;
    if (expr && !diags.HasErrors()) value = Evaluate(*expr, ctx, diags, options);
    if (value) return value->ToSource(/*reveal=*/true);
    std::ostringstream out;
    RenderDiagnosticsText(diags, sources_, out);
    return out.str();
  }

 private:
  SourceManager sources_;
};

TEST_F(ParsedEvalTest, ArithmeticKeepsUnits) {
  EXPECT_EQ(Run("2 * 256MiB"), "512MiB");
  EXPECT_EQ(Run("30s + 1m"), "90s");
  EXPECT_EQ(Run("1GiB / 2"), "512MiB");
  EXPECT_EQ(Run("1 + 2 * 3 == 7 && !false"), "true");
}

TEST_F(ParsedEvalTest, ConditionalsAndFor) {
  EXPECT_EQ(Run("var.env == \"prod\" ? 4 : 1"), "4");
  EXPECT_EQ(Run("if var.env == \"prod\" then \"large\" else \"small\""), "\"large\"");
  EXPECT_EQ(Run("[for p in [80, 443] : p + 8000]"), "[8080, 8443]");
  EXPECT_EQ(Run("{for k, v in { api = 30, worker = 7 } : k => v * 1d if v > 10}"), "{ api = 30d }");
}

TEST_F(ParsedEvalTest, InterpolationAndFunctions) {
  EXPECT_EQ(Run("\"sample-api-${var.env}:${var.port}\""), "\"sample-api-prod:8080\"");
  EXPECT_EQ(Run("join(\"-\", [upper(var.env), tostring(512MiB)])"), "\"PROD-512MiB\"");
}

TEST_F(ParsedEvalTest, MixedUnitsRendered) {
  EXPECT_EQ(Run("30s + 1GiB"),
            "main.berth:1:1: error: cannot add a duration and a size\n"
            "    1 | 30s + 1GiB\n"
            "      | ^~~~~~~~~~\n");
}

TEST_F(ParsedEvalTest, MissingKeyRendered) {
  EXPECT_EQ(Run("\"x-${var.evn}\""),
            "main.berth:1:6: error: `var` has no `evn`\n"
            "    1 | \"x-${var.evn}\"\n"
            "      |      ^~~~~~~\n"
            "note: did you mean `env`?\n");
}

TEST_F(ParsedEvalTest, UnknownConditionRendered) {
  EXPECT_EQ(Run("role.exec.arn == \"x\" ? 1 : 2"),
            "main.berth:1:1: error: value is known only after apply\n"
            "    1 | role.exec.arn == \"x\" ? 1 : 2\n"
            "      | ^~~~~~~~~~~~~~~~~~~~\n"
            "note: it depends on `role.exec.arn`, which is known only after apply\n");
}

TEST_F(ParsedEvalTest, UnknownCollectionPointsAtTheReference) {
  EXPECT_EQ(Run("[for x in role.exec.arn : x]"),
            "main.berth:1:11: error: value is known only after apply\n"
            "    1 | [for x in role.exec.arn : x]\n"
            "      |           ^~~~~~~~~~~~~\n"
            "note: it depends on `role.exec.arn`, which is known only after apply\n");
}

TEST_F(ParsedEvalTest, SensitiveNeverRendered) {
  EXPECT_EQ(Run("tonumber(var.db_password)"),
            "main.berth:1:10: error: `tonumber` cannot read (sensitive) as a number\n"
            "    1 | tonumber(var.db_password)\n"
            "      |          ^~~~~~~~~~~~~~~\n");
}

}  // namespace
}  // namespace berth::evaltest

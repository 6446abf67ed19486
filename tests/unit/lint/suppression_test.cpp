// `# berth:ignore RULE reason`: on the finding's line, the line above, or above the resource;
// the reason is mandatory and a malformed suppression is a located error.

#include "tests/unit/lint/lint_fixture.h"

namespace berth::testing {
namespace {

using Lines = std::vector<std::string>;

const std::string kLatest = "app:latest\"";

TEST_F(LintTest, SuppressionWithReasonOnTheLineSilencesTheFinding) {
  auto result = Run(Edit(kCleanStack, "app:1.4.2\"",
                         kLatest + "  # berth:ignore BRT001 the deploy pipeline sets the tag"));
  EXPECT_EQ(Of(result, "BRT001"), Lines{});
  ASSERT_EQ(result.SuppressedCount(), 1u);
  EXPECT_EQ(result.findings[0].reason, "the deploy pipeline sets the tag");
  EXPECT_EQ(lint::SummaryLine(result), "no findings (1 suppressed)");
  EXPECT_FALSE(result.problems.HasErrors());
}

TEST_F(LintTest, SuppressionOnTheLineAboveAndAboveTheResource) {
  auto above = Run(Edit(kCleanStack, "    image          = ",
                        "    # berth:ignore BRT001 pinned by the pipeline\n    image          = "));
  // The edit moves the image one line down but it still matches `app:1.4.2`: make it latest.
  above = Run(Edit(Edit(kCleanStack, "app:1.4.2", "app:latest"), "    image          = ",
                   "    # berth:ignore BRT001 pinned by the pipeline\n    image          = "));
  EXPECT_EQ(Of(above, "BRT001"), Lines{});
  auto resource = Run(Edit(Edit(kCleanStack, "app:1.4.2", "app:latest"), "task \"api\" {",
                           "# berth:ignore BRT001 a demo task\ntask \"api\" {"));
  EXPECT_EQ(Of(resource, "BRT001"), Lines{});
  // Another rule's suppression silences nothing here.
  auto other = Run(Edit(Edit(kCleanStack, "app:1.4.2", "app:latest"), "task \"api\" {",
                        "# berth:ignore BRT011 not this one\ntask \"api\" {"));
  EXPECT_EQ(Of(other, "BRT001").size(), 1u);
}

TEST_F(LintTest, SuppressionWithoutReasonIsAnErrorAndSilencesNothing) {
  auto result = Run(Edit(kCleanStack, "app:1.4.2\"", kLatest + "  # berth:ignore BRT001"));
  EXPECT_EQ(Of(result, "BRT001").size(), 1u);
  EXPECT_TRUE(result.problems.HasErrors());
  const std::string line =
      "   30 |     image          = \"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/"
      "app:latest\"  # berth:ignore BRT001\n";
  EXPECT_EQ(
      Text(result),
      "app/main.berth:30:88: error: berth:ignore BRT001 needs a reason\n" + line + "      |" +
          std::string(88, ' ') + std::string("^") + std::string(18, '~') +
          "\n"
          "note: say why the finding is acceptable here: `# berth:ignore BRT001 the image is "
          "pinned by the deploy pipeline`\n"
          "app/main.berth:30:22: warning: [BRT001] container \"app\" of task.api has an image "
          "tagged `latest`: pin a version or a digest\n" +
          line + "      |" + std::string(22, ' ') + "^" + std::string(61, '~') + "\n");
}

TEST_F(LintTest, SuppressionOfAnUnknownRuleSuggestsTheClosest) {
  auto result = Run(Edit(kCleanStack, "app:1.4.2\"", "app:1.4.2\"  # berth:ignore BRT0001 typo"));
  ASSERT_EQ(result.problems.all().size(), 1u);
  const Diagnostic& d = result.problems.all()[0];
  EXPECT_EQ(d.message, "berth:ignore names an unknown rule BRT0001");
  ASSERT_EQ(d.notes.size(), 2u);
  EXPECT_EQ(d.notes[0].message, "did you mean BRT001?");
}

}  // namespace
}  // namespace berth::testing

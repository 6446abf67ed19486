// CloudWatch Logs keeps events only for a fixed set of day counts (PutRetentionPolicy).
#include <cmath>

#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

constexpr double kDayMs = 86400000.0;
constexpr int kRetentionDays[] = {1,   3,   5,   7,   14,   30,   60,   90,   120,  150,  180,
                                  365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};

std::string AllowedRetention() {
  std::vector<std::string> words;
  for (int days : kRetentionDays) words.push_back(std::to_string(days) + "d");
  return JoinWords(words);
}

// The allowed value nearest to `days`, for a suggestion.
int Nearest(double days) {
  int best = kRetentionDays[0];
  for (int d : kRetentionDays) {
    if (std::abs(d - days) < std::abs(best - days)) best = d;
  }
  return best;
}

}  // namespace

void CheckLogRetention(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind != "log_group") continue;
    const Value* retention = Attr(r.attributes, "retention");
    if (!retention || !retention->is(ValueKind::kDuration)) continue;
    double days = retention->number() / kDayMs;
    bool allowed = false;
    for (int d : kRetentionDays) allowed = allowed || d == days;
    if (allowed) continue;
    Diagnostic& d = diags.Error(RangeOf(retention, r.range),
                                "CloudWatch Logs cannot keep events for " + retention->ToSource() +
                                    "; retention must be one of " + AllowedRetention());
    d.notes.push_back({"the nearest allowed value is " + std::to_string(Nearest(days)) + "d", {}});
  }
}

}  // namespace berth::rules

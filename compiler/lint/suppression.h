// Internal to compiler/lint: `# berth:ignore BRT001 reason` comments. One on the line of a
// finding (trailing) or on the line just above it silences that rule there; one just above a
// resource's first line silences the rule for the whole resource.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/lint/lint.h"

namespace berth::lint {

struct Suppression {
  std::string rule;
  std::string reason;
  SourceRange range;
};

class Suppressions {
 public:
  // Reads every suppression comment of every file in `sources`; malformed ones (no rule, an
  // unknown rule, no reason) are reported to `problems` and silence nothing.
  Suppressions(const SourceManager& sources, Diagnostics& problems);

  // The suppression of `rule` on `line` of `file`, or nullptr.
  const Suppression* At(uint32_t file, uint32_t line, std::string_view rule) const;

 private:
  std::map<std::pair<uint32_t, uint32_t>, std::vector<Suppression>> by_line_;
};

}  // namespace berth::lint

// Moves a module instance's diagnostics into its parent's, with a note saying which instance.
// An error in a module's own text repeats identically in every instance: it is kept once.
#pragma once

#include <string>
#include <unordered_set>

#include "compiler/base/diagnostics.h"

namespace berth::check {

class DiagnosticMerger {
 public:
  void Merge(const Diagnostics& from, Diagnostics& to, const DiagnosticNote& context);

 private:
  std::unordered_set<std::string> seen_;
};

}  // namespace berth::check

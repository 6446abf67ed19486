// The lines that describe one resource change, shared by the text and Markdown renderers: for a
// create or delete every attribute, for an update or replace each attribute change.
#pragma once

#include <string>
#include <vector>

#include "planner/plan.h"

namespace berth::planner {

struct ChangeLine {
  char symbol;       // '+', '-', '~'
  std::string text;  // `path = value`, `path = before -> after`; may span several lines
  bool forces_replacement = false;
  // For '~': the parts of `text`, so Markdown can show an old and a new line.
  std::string path, before, after;
};

// `indent` is the column the text starts at (for multi-line values).
std::vector<ChangeLine> DescribeChange(const ResourceChange& change, int indent);

}  // namespace berth::planner

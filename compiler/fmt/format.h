// The fmt phase: a parsed file back to canonical berth text (`berth fmt`). Layout is decided from
// the AST and the comments alone, never from the author's spacing, so formatting is idempotent:
// Format(Parse(Format(x))) == Format(x). Only blank lines (collapsed to one) and the position of
// comments (own line or end of line) are taken from the source.
#pragma once

#include <string>

#include "compiler/ast/ast.h"
#include "compiler/base/source.h"

namespace berth {

struct FormatOptions {
  int indent_width = 2;
  // Lists and maps stay on one line when they end at or before this column; longer ones get one
  // entry per line.
  int max_width = 100;
};

// The canonical text of `file`, parsed from `source` without errors (a file with parse errors
// holds only what was recovered, and formatting it would drop the rest). Every comment of
// `file.comments` is kept, in order. The text ends with exactly one newline, or is empty when the
// file holds nothing.
std::string Format(const FormatOptions& options, const ast::File& file, const SourceFile& source);

}  // namespace berth

// The parse phase: bytes of one file to berth's AST. ANTLR stays inside this folder.
#pragma once

#include <optional>

#include "compiler/ast/ast.h"
#include "compiler/base/diagnostics.h"

namespace berth {

struct ParseOptions {
  // Deeper bracket/brace/parenthesis nesting is reported instead of parsed, so no input can
  // exhaust the stack.
  int max_nesting = 256;
};

// Parses the file `source_id` of `sources`. Always returns a File; on errors it holds what could
// be recovered, and the errors are in `diags`. Invalid UTF-8 and NUL bytes are diagnosed before
// lexing.
ast::File Parse(const ParseOptions& options, const SourceManager& sources, uint32_t source_id,
                Diagnostics& diags);

// A --var-file: `name = expression` lines (attributes only; nested blocks are an error).
std::vector<ast::Attribute> ParseVarFile(const ParseOptions& options, const SourceManager& sources,
                                         uint32_t source_id, Diagnostics& diags);

// One expression filling the whole file `source_id` (a --var value of a non-string variable);
// nullptr after reporting errors.
ast::ExprPtr ParseExpression(const ParseOptions& options, const SourceManager& sources,
                             uint32_t source_id, Diagnostics& diags);

}  // namespace berth

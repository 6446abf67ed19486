// A pass over the lexed tokens before parsing. It finds what the parser would report badly
// (stray characters, unterminated strings and comments, unbalanced brackets) and bounds the
// nesting the recursive-descent parser would otherwise follow into a stack overflow.
#pragma once

#include <vector>

#include "Token.h"
#include "compiler/ast/ast.h"
#include "compiler/parse/error_sink.h"
#include "compiler/parse/source_text.h"

namespace berth::parse {

// Channel for tokens already reported here, which the parser must not see again.
constexpr size_t kReportedChannel = 2;

struct ScanResult {
  bool too_deep = false;  // nesting over the limit: reported, do not parse
};

// Scans `tokens` (all channels, ending with EOF). Comments are appended to `comments` when it
// is given. Reported tokens are moved to kReportedChannel.
ScanResult ScanTokens(const std::vector<antlr4::Token*>& tokens, const SourceText& text,
                      int max_nesting, ErrorSink& sink, std::vector<ast::Comment>* comments);

}  // namespace berth::parse

// Source ranges of ANTLR tokens: the one place that converts ANTLR's 0-based columns.
#pragma once

#include <cstdint>
#include <string>

#include "Token.h"
#include "compiler/base/source.h"

namespace berth::parse {

// The range of `token` in file `file_id`; multi-line tokens (block comments) end on their last
// line. EOF and tokens conjured by error recovery get an empty range at their position.
SourceRange TokenRange(const antlr4::Token* token, uint32_t file_id);

// From the start of `first` to the end of `last`.
SourceRange SpanRange(const antlr4::Token* first, const antlr4::Token* last, uint32_t file_id);

// An empty range just after `token`: where a missing token belongs.
SourceRange AfterToken(const antlr4::Token* token, uint32_t file_id);

// Code points in a UTF-8 string.
uint32_t CodePoints(const std::string& utf8);

}  // namespace berth::parse

#include "compiler/parse/error_listener.h"

#include <fmt/format.h>

#include "compiler/parse/token_range.h"

namespace berth::parse {

void ErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending,
                                size_t line, size_t column, const std::string& message,
                                std::exception_ptr e) {
  uint32_t l = static_cast<uint32_t>(line), c = static_cast<uint32_t>(column) + 1;
  SourceRange at = offending ? TokenRange(offending, sink_.file_id())
                             : SourceRange{sink_.file_id(), l, c, l, c + 1};
  sink_.Syntax(at, at,
               offending ? fmt::format("unexpected `{}`", offending->getText()) : "syntax error");
}

}  // namespace berth::parse

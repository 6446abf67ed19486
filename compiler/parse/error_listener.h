// Replaces ANTLR's console listener, which would print to stderr. The parser reports through
// ErrorStrategy and the lexer is total (every character makes a token), so this only catches
// what slips past both, still as a located diagnostic.
#pragma once

#include "BaseErrorListener.h"
#include "compiler/parse/error_sink.h"

namespace berth::parse {

class ErrorListener : public antlr4::BaseErrorListener {
 public:
  explicit ErrorListener(ErrorSink& sink) : sink_(sink) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                   size_t column, const std::string& message, std::exception_ptr e) override;

 private:
  ErrorSink& sink_;
};

}  // namespace berth::parse

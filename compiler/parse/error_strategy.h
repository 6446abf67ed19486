// ANTLR's recovery with berth's messages: the default ones ("mismatched input 'x' expecting
// {...}") dump token sets; these say what was expected in plain words and where.
#pragma once

#include "DefaultErrorStrategy.h"
#include "compiler/parse/error_sink.h"

namespace berth::parse {

class ErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  explicit ErrorStrategy(ErrorSink& sink) : sink_(sink) {}

  // In the item loops of a file or a body, skips tokens that cannot start an item (reporting
  // the first) instead of leaving the loop: leaving would end the enclosing block early and
  // every later line would be misread.
  void sync(antlr4::Parser* parser) override;

 protected:
  void reportNoViableAlternative(antlr4::Parser* parser,
                                 const antlr4::NoViableAltException& e) override;
  void reportInputMismatch(antlr4::Parser* parser,
                           const antlr4::InputMismatchException& e) override;
  void reportFailedPredicate(antlr4::Parser* parser,
                             const antlr4::FailedPredicateException& e) override;
  void reportUnwantedToken(antlr4::Parser* parser) override;
  void reportMissingToken(antlr4::Parser* parser) override;

 private:
  // "expected X after `prev`", shown at `offending` or, when that is on a later line or the
  // end of the file, just after the previous token.
  void ReportExpected(antlr4::Parser* parser, antlr4::Token* offending,
                      const antlr4::misc::IntervalSet& expected);

  ErrorSink& sink_;
};

}  // namespace berth::parse

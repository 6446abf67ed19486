// Wording shared by the evaluator's messages. Nothing here prints a value's content, so messages
// built from it are safe for sensitive values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/base/diagnostics.h"
#include "compiler/base/value.h"

namespace berth::eval {

// "a string", "a duration", "null": the kind as it reads in a sentence.
std::string KindPhrase(ValueKind kind);
std::string KindPhrase(const Value& value);

// The expression as a path (`var.env`, `service.api["blue"]`), when it is one.
std::optional<std::string> PathText(const ast::Expr& expr);

// "`role.exec.arn`" for a reference value.
std::string RefText(const Value& ref);

// Adds a "did you mean `x`?" note when a candidate is close to `word`.
void SuggestName(Diagnostic& diag, std::string_view word, const std::vector<std::string>& names);

// `name` quoted for a message, or "(sensitive)" when it came from a sensitive value.
std::string QuotedKey(const std::string& key, bool sensitive);

}  // namespace berth::eval

// Literal values: numbers with and without units, and the text of string pieces.
#pragma once

#include <optional>
#include <string>

#include <string_view>

#include "compiler/base/value.h"
#include "compiler/parse/error_sink.h"

namespace berth::parse {

// The value of a NUMBER or UNIT_NUMBER token's text (`1_000`, `1e3`, `512MiB`, `70%`), or
// nullopt after reporting at `range` why it cannot be represented.
std::optional<Value> ParseNumberLiteral(const std::string& text, const SourceRange& range,
                                        ErrorSink& diags);

// Resolves the escapes of one STRING_TEXT token starting at `range` (a single line). Unknown
// escapes are reported at the escape itself; a lone trailing `\` belongs to an unterminated
// string, which is reported elsewhere, and is dropped.
std::string UnescapeStringText(std::string_view text, const SourceRange& range, ErrorSink& diags);

}  // namespace berth::parse

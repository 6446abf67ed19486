// Helpers for formatter tests: parse text, format it, and check that formatting kept the meaning
// (the same AST), every comment, and is a fixed point.
#pragma once

#include <string>
#include <string_view>

#include "compiler/ast/ast.h"
#include "compiler/fmt/format.h"

namespace berth::fmt_test {

// Formats `text` (which must parse without errors: a failure names the diagnostics).
std::string FormatText(std::string_view text, const FormatOptions& options = {});

bool ParsesCleanly(std::string_view text);

// The AST of `text` as an S-expression without source ranges: two texts with the same dump
// mean the same program.
std::string DumpText(std::string_view text);

// Formats `text` and checks what must hold for every input: no parse errors before or after,
// the same AST, the same comments in the same order, a second format changing nothing, and one
// final newline. Returns the formatted text.
std::string CheckedFormat(std::string_view text, const FormatOptions& options = {});

}  // namespace berth::fmt_test

// Values known only after apply (kRef, and kTemplate: text around references) and sensitive values
// flow through every operation; these helpers keep the rules in one place.
#pragma once

#include <initializer_list>

#include "compiler/base/diagnostics.h"
#include "compiler/base/value.h"

namespace berth::eval {

// The first reference in `value`, searching lists, maps and templates; nullptr when there is
// none.
const Value* FirstRef(const Value& value);

// The unknown result of an operation over `unknown` (a reference or a template): its (first)
// reference, re-located at the operation and sensitive when any input was.
Value UnknownResult(const Value& unknown, const SourceRange& range, bool sensitive);

// Reports that `where` needs a definite value but `unknown` (a reference or a template) is known
// only after apply.
void ReportKnownAfterApply(Diagnostics& diags, const SourceRange& where, const Value& unknown);

// True when any of `values` is itself sensitive (not looking inside).
bool AnySensitive(std::initializer_list<const Value*> values);

// `value`, marked sensitive when `sensitive` (never unmarks).
Value Inherit(Value value, bool sensitive);

}  // namespace berth::eval

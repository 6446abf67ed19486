// Number functions: range, min and max.
#include <fmt/format.h>

#include "compiler/eval/describe.h"
#include "compiler/eval/functions.h"

namespace berth::eval {

namespace {

// range() builds the whole list in memory; a typo like range(1e9) must not exhaust it.
constexpr int64_t kMaxRange = 1'000'000;

std::optional<Value> Range(FunctionCall& call) {
  std::optional<int64_t> first = call.size() == 2 ? call.Integer(0) : int64_t{0};
  std::optional<int64_t> end = call.Integer(call.size() - 1);
  if (!first || !end) return std::nullopt;
  if (*end < *first) {
    call.Error(call.size() - 1,
               call.size() == 1
                   ? std::string("`range` needs a count of at least 0")
                   : fmt::format("`range` end {} is before its start {}", *end, *first));
    return std::nullopt;
  }
  if (*end - *first > kMaxRange) {
    call.Error(fmt::format("`range` would make {} numbers; at most {} are allowed", *end - *first,
                           kMaxRange));
    return std::nullopt;
  }
  ValueList out;
  out.reserve(static_cast<size_t>(*end - *first));
  for (int64_t i = *first; i < *end; ++i) out.push_back(Value::Number(static_cast<double>(i)));
  return Value::List(std::move(out));
}

// min and max: every argument of the first argument's numeric kind, so a duration is never
// compared with a size.
template <bool kMax>
std::optional<Value> Extreme(FunctionCall& call) {
  const Value& first = call.arg(0);
  if (!first.is_numeric()) {
    call.TypeError(0, "a number");
    return std::nullopt;
  }
  const Value* best = &first;
  for (size_t i = 1; i < call.size(); ++i) {
    const Value& arg = call.arg(i);
    if (arg.kind() != first.kind()) {
      call.TypeError(i, KindPhrase(first) + " like its first argument");
      return std::nullopt;
    }
    if (kMax ? arg.number() > best->number() : arg.number() < best->number()) best = &arg;
  }
  return *best;
}

const FunctionSpec kNumberFunctions[] = {
    {"range", 1, 2, "range(n) or range(a, b)", "the whole numbers from 0 (or a) up to n (or b)",
     Reads::kShallow, Range},
    {"min", 1, kVariadic, "min(xs...)", "the smallest of numbers of one kind", Reads::kShallow,
     Extreme<false>},
    {"max", 1, kVariadic, "max(xs...)", "the largest of numbers of one kind", Reads::kShallow,
     Extreme<true>},
};

}  // namespace

std::span<const FunctionSpec> NumberFunctions() { return kNumberFunctions; }

}  // namespace berth::eval

#include "compiler/check/names.h"

#include <algorithm>

namespace berth::check {

bool IsIdentifier(std::string_view text) {
  if (text.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(text[0])) return false;
  return std::all_of(text.begin() + 1, text.end(),
                     [&](char c) { return alpha(c) || (c >= '0' && c <= '9'); });
}

const std::vector<std::string>& ReservedBlockTypes() {
  static const std::vector<std::string> kTypes = {"stack", "backend", "variable", "output"};
  return kTypes;
}

bool IsReservedName(std::string_view name) {
  static const std::vector<std::string_view> kReserved = {
      "stack", "backend", "variable", "output", "module", "var",  "each",  "let",  "import",
      "for",   "in",      "if",       "then",   "else",   "true", "false", "null", "as"};
  return std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end();
}

const std::vector<std::string>& BackendNames() {
  static const std::vector<std::string> kNames = {"aws", "aws-api", "controlplane", "docker"};
  return kNames;
}

std::string BackendNamesText() {
  const std::vector<std::string>& names = BackendNames();
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  }
  return text;
}

void SuggestName(Diagnostic& diag, std::string_view word,
                 const std::vector<std::string>& candidates, const SourceRange& range) {
  if (auto match = ClosestMatch(word, candidates)) {
    diag.notes.push_back({"did you mean `" + *match + "`?", range});
  }
}

std::string InstanceAddress(std::string_view base, std::string_view key) {
  std::string out(base);
  out += Value::String(std::string(key)).ToSource(/*reveal=*/true);
  out.insert(base.size(), "[");
  out += "]";
  return out;
}

std::string DescribeValue(const Value& value) {
  if (value.is(ValueKind::kRef)) {
    const RefTarget& ref = value.ref();
    return ref.attribute.empty() ? ref.address : ref.address + "." + ref.attribute;
  }
  std::string text = value.ToSource();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  if (value.is(ValueKind::kSymbol)) return "`" + text + "`";
  return std::string(ValueKindName(value.kind())) + " " + text;
}

std::optional<std::string> UnitHint(ValueKind expected, const Value& got) {
  // A hint spells the number out: never for a sensitive one.
  if (!got.is(ValueKind::kNumber) || got.sensitive()) return std::nullopt;
  std::string n = got.ToSource(/*reveal=*/true);
  switch (expected) {
    case ValueKind::kSize:
      return "write it with a unit, e.g. " + n + "MiB";
    case ValueKind::kDuration:
      return "write it with a unit, e.g. " + n + "s";
    case ValueKind::kPercent:
      return "write it as a percentage, e.g. " + n + "%";
    default:
      return std::nullopt;
  }
}

}  // namespace berth::check

#include "compiler/eval/describe.h"

namespace berth::eval {

std::string KindPhrase(ValueKind kind) {
  if (kind == ValueKind::kNull) return "null";
  return std::string("a ") + ValueKindName(kind);
}

std::string KindPhrase(const Value& value) { return KindPhrase(value.kind()); }

std::optional<std::string> PathText(const ast::Expr& expr) {
  switch (expr.kind) {
    case ast::ExprKind::kIdentifier:
      return expr.name;
    case ast::ExprKind::kGetAttr: {
      auto base = PathText(*expr.operands[0]);
      if (!base) return std::nullopt;
      return *base + "." + expr.name;
    }
    case ast::ExprKind::kIndex: {
      auto base = PathText(*expr.operands[0]);
      const ast::Expr& index = *expr.operands[1];
      // Only literal indexes: anything computed could be sensitive.
      if (!base || index.kind != ast::ExprKind::kLiteral) return std::nullopt;
      if (index.literal.is(ValueKind::kString) || index.literal.is(ValueKind::kNumber)) {
        return *base + "[" + index.literal.ToSource() + "]";
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::string RefText(const Value& ref) {
  const RefTarget& target = ref.ref();
  std::string text =
      target.attribute.empty() ? target.address : target.address + "." + target.attribute;
  return "`" + text + "`";
}

void SuggestName(Diagnostic& diag, std::string_view word, const std::vector<std::string>& names) {
  if (auto match = ClosestMatch(word, names)) {
    diag.notes.push_back({"did you mean `" + *match + "`?", {}});
  }
}

std::string QuotedKey(const std::string& key, bool sensitive) {
  return sensitive ? "(sensitive)" : "`" + key + "`";
}

}  // namespace berth::eval

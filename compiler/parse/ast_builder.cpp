#include "compiler/parse/ast_builder.h"

#include <fmt/format.h>

#include <typeinfo>

#include "compiler/parse/literals.h"
#include "compiler/parse/token_range.h"
#include "tree/ErrorNodeImpl.h"
#include "tree/TerminalNodeImpl.h"

namespace berth::parse {

namespace {

using P = grammar::BerthParser;
using Ctx = antlr4::ParserRuleContext;

// A child of a context: a matched token or a rule context. Error nodes (tokens skipped or
// conjured by recovery) are neither, so a recovered tree reads as if they were absent.
struct Child {
  antlr4::Token* token = nullptr;
  Ctx* rule = nullptr;
};

Child Classify(antlr4::tree::ParseTree* t) {
  const std::type_info& type = typeid(*t);
  if (type == typeid(antlr4::tree::TerminalNodeImpl)) {
    return {dynamic_cast<antlr4::tree::TerminalNode*>(t)->getSymbol(), nullptr};
  }
  if (type == typeid(antlr4::tree::ErrorNodeImpl)) return {};
  return {nullptr, static_cast<Ctx*>(t)};
}

// Calls fn(Child) for each token or rule child, in order.
template <typename Fn>
void ForEachChild(Ctx* ctx, Fn&& fn) {
  if (!ctx) return;
  for (antlr4::tree::ParseTree* t : ctx->children) {
    Child c = Classify(t);
    if (c.token || c.rule) fn(c);
  }
}

antlr4::Token* FindToken(Ctx* ctx, size_t type) {
  antlr4::Token* found = nullptr;
  ForEachChild(ctx, [&](Child c) {
    if (!found && c.token && c.token->getType() == type) found = c.token;
  });
  return found;
}

// The n-th child that is a context of rule `rule`.
Ctx* FindRule(Ctx* ctx, size_t rule, size_t n = 0) {
  Ctx* found = nullptr;
  size_t seen = 0;
  ForEachChild(ctx, [&](Child c) {
    if (!found && c.rule && c.rule->getRuleIndex() == rule && seen++ == n) found = c.rule;
  });
  return found;
}

std::vector<Ctx*> AllRules(Ctx* ctx, size_t rule) {
  std::vector<Ctx*> out;
  ForEachChild(ctx, [&](Child c) {
    if (c.rule && c.rule->getRuleIndex() == rule) out.push_back(c.rule);
  });
  return out;
}

Child FirstChild(Ctx* ctx, size_t skip = 0) {
  Child found;
  size_t seen = 0;
  ForEachChild(ctx, [&](Child c) {
    if (!found.token && !found.rule && seen++ == skip) found = c;
  });
  return found;
}

bool IsIdentifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

ast::Operator BinaryOperator(size_t type) {
  switch (type) {
    case P::STAR:
      return ast::Operator::kMul;
    case P::SLASH:
      return ast::Operator::kDiv;
    case P::PLUS:
      return ast::Operator::kAdd;
    case P::MINUS:
      return ast::Operator::kSub;
    case P::LT:
      return ast::Operator::kLt;
    case P::LE:
      return ast::Operator::kLe;
    case P::GT:
      return ast::Operator::kGt;
    case P::GE:
      return ast::Operator::kGe;
    case P::EQ:
      return ast::Operator::kEq;
    case P::NEQ:
      return ast::Operator::kNe;
    case P::AND:
      return ast::Operator::kAnd;
    case P::OR:
      return ast::Operator::kOr;
    default:
      return ast::Operator::kNone;
  }
}

// An expr context whose first child is its left operand (`a + b`, `a.b`, `a[i]`, `a ? b : c`);
// walked as a loop, since a 100,000-term `1 + 1 + ...` is a tree that deep.
Ctx* LeftOperand(Ctx* ctx) {
  Child first = FirstChild(ctx);
  if (first.rule && first.rule->getRuleIndex() == P::RuleExpr) return first.rule;
  return nullptr;
}

}  // namespace

SourceRange AstBuilder::Range(Ctx* ctx) const {
  if (!ctx) return {};
  return SpanRange(ctx->getStart(), ctx->getStop(), file_);
}

SourceRange AstBuilder::Range(antlr4::Token* token) const { return TokenRange(token, file_); }

ast::ExprPtr AstBuilder::Placeholder(const SourceRange& range) const {
  auto e = std::make_unique<ast::Expr>();
  e->kind = ast::ExprKind::kLiteral;
  e->range = range;
  e->literal = Value::Null(range);
  return e;
}

void AstBuilder::BuildFile(Ctx* ctx, ast::File& file) {
  for (Ctx* item : AllRules(ctx, P::RuleItem)) BuildItem(item, file);
}

void AstBuilder::BuildItem(Ctx* item, ast::File& file) {
  Child inner = FirstChild(item);
  if (!inner.rule) return;  // `;`
  ast::TopItem top;
  switch (inner.rule->getRuleIndex()) {
    case P::RuleImportDecl:
      top.import = BuildImport(inner.rule);
      break;
    case P::RuleLetDecl:
      top.let = BuildLet(inner.rule);
      break;
    case P::RuleBlock:
      top.block = BuildBlock(inner.rule);
      break;
    default:
      return;
  }
  file.items.push_back(std::move(top));
}

std::vector<ast::Attribute> AstBuilder::BuildVarFile(Ctx* ctx) {
  std::vector<ast::Attribute> out;
  for (Ctx* item : AllRules(FindRule(ctx, P::RuleBody), P::RuleBodyItem)) {
    if (FindToken(item, P::ASSIGN)) {
      out.push_back(std::move(*BuildAttribute(item)));
    } else if (FindToken(item, P::LBRACE)) {
      antlr4::Token* name = FindToken(item, P::IDENT);
      sink_.Error(Range(name),
                  fmt::format("a var file holds only `name = value` lines; `{}` starts a block",
                              Text(name)));
    }
  }
  return out;
}

ast::ExprPtr AstBuilder::BuildExprOnly(Ctx* ctx) {
  Ctx* expr = FindRule(ctx, P::RuleExpr);
  if (!expr) return nullptr;
  return BuildExpr(expr);
}

bool AstBuilder::PlainString(Ctx* ctx, std::string& out, const char* what) {
  ast::ExprPtr e = BuildString(ctx);
  if (e->kind != ast::ExprKind::kLiteral) {
    sink_.Error(e->range,
                fmt::format("{} must be a plain string: `${{}}` is not allowed here", what));
    return false;
  }
  out = e->literal.str();
  return true;
}

std::unique_ptr<ast::Import> AstBuilder::BuildImport(Ctx* ctx) {
  auto imp = std::make_unique<ast::Import>();
  imp->range = Range(ctx);
  Ctx* path = FindRule(ctx, P::RuleString);
  // After a syntax error here the path is a recovery artifact: nothing more to say about it.
  if (!path || ctx->exception || path->exception) return imp;
  imp->path_range = Range(path);
  PlainString(path, imp->path, "an import path");
  if (FindToken(ctx, P::AS)) {
    imp->alias = Text(FindToken(ctx, P::IDENT));
    return imp;
  }
  std::string_view rest = imp->path;
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  size_t slash = rest.rfind('/');
  std::string last(slash == std::string_view::npos ? rest : rest.substr(slash + 1));
  if (!IsIdentifier(last)) {
    sink_.Error(imp->path_range,
                fmt::format("cannot name the module after `{}`: add `as NAME`, where NAME is "
                            "letters, digits and `_`",
                            last));
  } else {
    imp->alias = last;
  }
  return imp;
}

std::unique_ptr<ast::Let> AstBuilder::BuildLet(Ctx* ctx) {
  auto let = std::make_unique<ast::Let>();
  antlr4::Token* name = FindToken(ctx, P::IDENT);
  let->name = Text(name);
  let->name_range = Range(name);
  let->value = BuildExpr(FindRule(ctx, P::RuleExpr));
  let->range = Range(ctx);
  return let;
}

std::unique_ptr<ast::Block> AstBuilder::BuildBlock(Ctx* ctx) {
  auto block = std::make_unique<ast::Block>();
  antlr4::Token* type = nullptr;
  Ctx* label = nullptr;
  Ctx* body = nullptr;
  ForEachChild(ctx, [&](Child c) {
    if (c.token && c.token->getType() == P::IDENT && !type) type = c.token;
    if (c.rule && c.rule->getRuleIndex() == P::RuleString) label = c.rule;
    if (c.rule && c.rule->getRuleIndex() == P::RuleBody) body = c.rule;
  });
  block->type = Text(type);
  block->type_range = Range(type);
  block->range = Range(ctx);
  if (label) {
    block->label_range = Range(label);
    std::string text;
    // A backend block's label names a backend (`aws-api`), not something a reference could
    // name; the checker knows the backends.
    if (PlainString(label, text, "a block label") && block->type != "backend" &&
        !IsIdentifier(text)) {
      sink_.Error(block->label_range,
                  fmt::format("invalid label \"{}\": a label may contain only letters, digits "
                              "and `_`, and must not start with a digit",
                              text));
    }
    block->label = std::move(text);
  }
  BuildBody(body, block->body);
  return block;
}

void AstBuilder::BuildBody(Ctx* ctx, ast::Body& body) {
  ForEachChild(ctx, [&](Child c) {
    if (!c.rule || c.rule->getRuleIndex() != P::RuleBodyItem) return;
    ast::BodyItem item;
    if (FindToken(c.rule, P::ASSIGN)) {
      item.attribute = BuildAttribute(c.rule);
    } else if (FindToken(c.rule, P::LBRACE)) {
      item.block = BuildBlock(c.rule);
    } else {
      return;  // a name the parser could not complete
    }
    body.items.push_back(std::move(item));
  });
}

std::unique_ptr<ast::Attribute> AstBuilder::BuildAttribute(Ctx* ctx) {
  auto attr = std::make_unique<ast::Attribute>();
  antlr4::Token* name = FindToken(ctx, P::IDENT);
  attr->name = Text(name);
  attr->name_range = Range(name);
  attr->range = Range(ctx);
  attr->value = BuildExpr(FindRule(ctx, P::RuleExpr));
  return attr;
}

ast::ExprPtr AstBuilder::BuildExpr(Ctx* ctx) {
  if (!ctx) return Placeholder({});
  if (depth_ >= max_depth_) {
    if (!reported_depth_) {
      reported_depth_ = true;
      sink_.Error(Range(ctx), fmt::format("expression is nested deeper than {} levels: split it "
                                          "into `let`s",
                                          max_depth_));
    }
    return Placeholder(Range(ctx));
  }
  struct DepthScope {
    int& depth;
    explicit DepthScope(int& d) : depth(d) { ++depth; }
    ~DepthScope() { --depth; }
  } scope(depth_);

  std::vector<Ctx*> spine;
  Ctx* leaf = ctx;
  while (Ctx* left = LeftOperand(leaf)) {
    spine.push_back(leaf);
    leaf = left;
  }
  ast::ExprPtr result;
  Child first = FirstChild(leaf);
  if (first.rule && first.rule->getRuleIndex() == P::RulePrimary) {
    result = BuildPrimary(first.rule);
  } else if (first.token && first.token->getType() == P::IF) {
    result = std::make_unique<ast::Expr>();
    result->kind = ast::ExprKind::kConditional;
    result->if_then_else = true;
    result->range = Range(leaf);
    for (size_t k = 0; k < 3; ++k)
      result->operands.push_back(BuildExpr(FindRule(leaf, P::RuleExpr, k)));
  } else if (first.token) {  // `!` or `-`
    result = std::make_unique<ast::Expr>();
    result->kind = ast::ExprKind::kUnary;
    result->range = Range(leaf);
    result->op = first.token->getType() == P::NOT ? ast::Operator::kNot : ast::Operator::kNeg;
    result->operands.push_back(BuildExpr(FindRule(leaf, P::RuleExpr)));
  } else {
    result = Placeholder(Range(leaf));
  }
  for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
    result = WrapLeft(*it, std::move(result));
  }
  return result;
}

ast::ExprPtr AstBuilder::WrapLeft(Ctx* ctx, ast::ExprPtr left) {
  auto e = std::make_unique<ast::Expr>();
  e->range = Range(ctx);
  e->operands.push_back(std::move(left));
  Child op = FirstChild(ctx, 1);
  size_t type = op.token ? op.token->getType() : 0;
  switch (type) {
    case P::DOT:
      e->kind = ast::ExprKind::kGetAttr;
      e->name = Text(FindToken(ctx, P::IDENT));
      break;
    case P::LBRACKET:
      e->kind = ast::ExprKind::kIndex;
      e->operands.push_back(BuildExpr(FindRule(ctx, P::RuleExpr, 1)));
      break;
    case P::QUESTION:
      e->kind = ast::ExprKind::kConditional;
      e->operands.push_back(BuildExpr(FindRule(ctx, P::RuleExpr, 1)));
      e->operands.push_back(BuildExpr(FindRule(ctx, P::RuleExpr, 2)));
      break;
    default:
      e->kind = ast::ExprKind::kBinary;
      e->op = BinaryOperator(type);
      e->operands.push_back(BuildExpr(FindRule(ctx, P::RuleExpr, 1)));
      break;
  }
  return e;
}

ast::ExprPtr AstBuilder::BuildNumber(antlr4::Token* token) {
  auto e = std::make_unique<ast::Expr>();
  e->kind = ast::ExprKind::kLiteral;
  e->range = Range(token);
  e->source_text = Text(token);
  std::optional<Value> v = ParseNumberLiteral(e->source_text, e->range, sink_);
  e->literal = v ? *v : Value::Number(0, e->range);
  return e;
}

ast::ExprPtr AstBuilder::BuildPrimary(Ctx* ctx) {
  SourceRange range = Range(ctx);
  auto make = [&](ast::ExprKind kind) {
    auto e = std::make_unique<ast::Expr>();
    e->kind = kind;
    e->range = range;
    return e;
  };
  Child first = FirstChild(ctx);
  if (first.rule) {
    if (first.rule->getRuleIndex() == P::RuleString) return BuildString(first.rule);
    return Placeholder(range);
  }
  if (!first.token) return Placeholder(range);
  switch (first.token->getType()) {
    case P::NUMBER:
    case P::UNIT_NUMBER:
      return BuildNumber(first.token);
    case P::KW_TRUE:
    case P::KW_FALSE: {
      auto e = make(ast::ExprKind::kLiteral);
      e->literal = Value::Bool(first.token->getType() == P::KW_TRUE, range);
      return e;
    }
    case P::KW_NULL: {
      auto e = make(ast::ExprKind::kLiteral);
      e->literal = Value::Null(range);
      return e;
    }
    case P::IDENT: {
      bool call = FindToken(ctx, P::LPAREN) != nullptr;
      auto e = make(call ? ast::ExprKind::kCall : ast::ExprKind::kIdentifier);
      e->name = Text(first.token);
      if (call) {
        for (Ctx* arg : AllRules(ctx, P::RuleExpr)) e->operands.push_back(BuildExpr(arg));
      }
      return e;
    }
    case P::LPAREN:
      return BuildExpr(FindRule(ctx, P::RuleExpr));
    case P::LBRACKET: {
      if (FindToken(ctx, P::FOR)) return BuildFor(ctx, ast::ExprKind::kForList);
      auto e = make(ast::ExprKind::kList);
      for (Ctx* item : AllRules(ctx, P::RuleExpr)) e->operands.push_back(BuildExpr(item));
      return e;
    }
    case P::LBRACE:
      if (FindToken(ctx, P::FOR)) return BuildFor(ctx, ast::ExprKind::kForMap);
      return BuildMap(ctx);
    default:
      return Placeholder(range);
  }
}

ast::ExprPtr AstBuilder::BuildFor(Ctx* ctx, ast::ExprKind kind) {
  auto e = std::make_unique<ast::Expr>();
  e->kind = kind;
  e->range = Range(ctx);
  Ctx* intro = FindRule(ctx, P::RuleForIntro);
  std::vector<antlr4::Token*> names;
  ForEachChild(intro, [&](Child c) {
    if (c.token && c.token->getType() == P::IDENT) names.push_back(c.token);
  });
  if (names.size() >= 2) {
    e->key_var = Text(names[0]);
    e->value_var = Text(names[1]);
  } else if (names.size() == 1) {
    e->value_var = Text(names[0]);
  }
  e->operands.push_back(BuildExpr(FindRule(intro, P::RuleExpr)));
  std::vector<Ctx*> parts = AllRules(ctx, P::RuleExpr);
  size_t body_parts = kind == ast::ExprKind::kForList ? 1 : 2;
  for (size_t k = 0; k < body_parts; ++k) {
    e->operands.push_back(BuildExpr(k < parts.size() ? parts[k] : nullptr));
  }
  if (FindToken(ctx, P::IF) && parts.size() > body_parts) {
    e->has_condition = true;
    e->operands.push_back(BuildExpr(parts[body_parts]));
  }
  return e;
}

ast::ExprPtr AstBuilder::BuildMap(Ctx* ctx) {
  auto e = std::make_unique<ast::Expr>();
  e->kind = ast::ExprKind::kMap;
  e->range = Range(ctx);
  for (Ctx* entry : AllRules(ctx, P::RuleMapEntry)) {
    ast::MapEntry out;
    Ctx* key = FindRule(entry, P::RuleMapKey);
    Child k = FirstChild(key);
    if (k.token && k.token->getType() == P::IDENT) {
      SourceRange r = Range(k.token);
      out.key = std::make_unique<ast::Expr>();
      out.key->kind = ast::ExprKind::kLiteral;
      out.key->range = r;
      out.key->literal = Value::String(Text(k.token), r);
      out.key_is_identifier = true;
    } else if (k.rule && k.rule->getRuleIndex() == P::RuleString) {
      out.key = BuildString(k.rule);
    } else {
      out.key = BuildExpr(FindRule(key, P::RuleExpr));
    }
    out.value = BuildExpr(FindRule(entry, P::RuleExpr));
    e->entries.push_back(std::move(out));
  }
  return e;
}

ast::ExprPtr AstBuilder::BuildString(Ctx* ctx) {
  SourceRange range = Range(ctx);
  auto e = std::make_unique<ast::Expr>();
  e->range = range;
  // Adjacent text tokens (the lexer splits a lone `$`) make one literal part.
  std::string text;
  SourceRange text_range;
  auto flush = [&] {
    if (!text_range.valid()) return;
    auto part = std::make_unique<ast::Expr>();
    part->kind = ast::ExprKind::kLiteral;
    part->range = text_range;
    part->literal = Value::String(std::move(text), text_range);
    e->operands.push_back(std::move(part));
    text.clear();
    text_range = {};
  };
  bool interpolated = false;
  for (Ctx* part : AllRules(ctx, P::RuleStringPart)) {
    Child first = FirstChild(part);
    if (first.token && first.token->getType() == P::STRING_TEXT) {
      SourceRange r = Range(first.token);
      text += UnescapeStringText(text_.Text(first.token), r, sink_);
      text_range = SourceRange::Join(text_range, r);
    } else {
      flush();
      interpolated = true;
      e->operands.push_back(BuildExpr(FindRule(part, P::RuleExpr)));
    }
  }
  if (!interpolated) {
    e->kind = ast::ExprKind::kLiteral;
    e->literal = Value::String(std::move(text), range);
    return e;
  }
  flush();
  e->kind = ast::ExprKind::kTemplate;
  return e;
}

}  // namespace berth::parse

#include "tests/unit/fmt/fmt_test_util.h"

#include <gtest/gtest.h>

#include <sstream>

#include "compiler/base/diagnostics.h"
#include "compiler/base/large_stack.h"
#include "compiler/parse/parse.h"

namespace berth::fmt_test {

namespace {

struct Parsed {
  SourceManager sources;
  uint32_t id = 0;
  ast::File file;
  std::string errors;  // rendered diagnostics, empty when none
};

void ParseInto(std::string_view text, Parsed& out) {
  out.id = out.sources.Add("test.berth", std::string(text));
  Diagnostics diags;
  out.file = Parse(ParseOptions{}, out.sources, out.id, diags);
  std::ostringstream rendered;
  RenderDiagnosticsText(diags, out.sources, rendered);
  out.errors = diags.HasErrors() ? rendered.str() : "";
}

// Appends rather than returns: long operator chains are deep trees.
void Dump(const ast::Expr* e, std::string& out) {
  if (!e) {
    out += "<null>";
    return;
  }
  auto operands = [&] {
    for (const ast::ExprPtr& op : e->operands) {
      out += ' ';
      Dump(op.get(), out);
    }
    out += ')';
  };
  switch (e->kind) {
    case ast::ExprKind::kLiteral:
      out += e->source_text.empty() ? e->literal.ToSource(true) : e->source_text;
      return;
    case ast::ExprKind::kTemplate:
      out += "(tmpl";
      return operands();
    case ast::ExprKind::kIdentifier:
      out += e->name;
      return;
    case ast::ExprKind::kGetAttr:
      out += "(." + e->name;
      return operands();
    case ast::ExprKind::kIndex:
      out += "([]";
      return operands();
    case ast::ExprKind::kCall:
      out += "(call " + e->name;
      return operands();
    case ast::ExprKind::kList:
      out += "(list";
      return operands();
    case ast::ExprKind::kMap:
      out += "(map";
      for (const ast::MapEntry& entry : e->entries) {
        out += entry.key_is_identifier ? " id:" : " ";
        Dump(entry.key.get(), out);
        out += "=";
        Dump(entry.value.get(), out);
      }
      out += ")";
      return;
    case ast::ExprKind::kUnary:
    case ast::ExprKind::kBinary:
      out += std::string("(") + ast::OperatorText(e->op);
      return operands();
    case ast::ExprKind::kConditional:
      out += e->if_then_else ? "(if" : "(?:";
      return operands();
    case ast::ExprKind::kForList:
    case ast::ExprKind::kForMap:
      out += std::string(e->kind == ast::ExprKind::kForList ? "(for-list " : "(for-map ") +
             e->key_var + "," + e->value_var + (e->has_condition ? " filtered" : "");
      return operands();
  }
}

std::string Dump(const ast::Expr* e) {
  std::string out;
  Dump(e, out);
  return out;
}

std::string Dump(const ast::Block& block, int depth);

std::string Dump(const ast::Body& body, int depth) {
  std::string out;
  for (const ast::BodyItem& item : body.items) {
    out += std::string(depth * 2, ' ');
    if (item.attribute) {
      out += item.attribute->name + " = " + Dump(item.attribute->value.get()) + "\n";
    } else if (item.block) {
      out += Dump(*item.block, depth);
    }
  }
  return out;
}

std::string Dump(const ast::Block& block, int depth) {
  std::string out = "block " + block.type;
  if (block.label) out += " label:" + *block.label;
  return out + "\n" + Dump(block.body, depth + 1);
}

std::string Dump(const ast::File& file) {
  std::string out;
  for (const ast::TopItem& item : file.items) {
    if (item.import) {
      out += "import " + item.import->path + " as " + item.import->alias + "\n";
    } else if (item.let) {
      out += "let " + item.let->name + " = " + Dump(item.let->value.get()) + "\n";
    } else if (item.block) {
      out += Dump(*item.block, 0);
    }
  }
  return out;
}

// Comment texts as the formatter prints them: without trailing white space on any line.
std::string DumpComments(const ast::File& file) {
  std::string out;
  for (const ast::Comment& c : file.comments) {
    std::string text;
    std::istringstream lines(c.text);
    std::string line;
    bool first = true;
    while (std::getline(lines, line)) {
      size_t end = line.find_last_not_of(" \t\r");
      if (!first) text += "\n";
      text += line.substr(0, end == std::string::npos ? 0 : end + 1);
      first = false;
    }
    out += text + "\n--\n";
  }
  return out;
}

std::string CheckedFormatOnThisThread(std::string_view text, const FormatOptions& options) {
  Parsed before;
  ParseInto(text, before);
  EXPECT_EQ(before.errors, "") << "input:\n" << text;
  std::string once = Format(options, before.file, *before.sources.Get(before.id));

  Parsed after;
  ParseInto(once, after);
  EXPECT_EQ(after.errors, "") << "formatted text does not parse:\n" << once;
  EXPECT_EQ(Dump(after.file), Dump(before.file)) << "formatting changed the program:\n" << once;
  EXPECT_EQ(DumpComments(after.file), DumpComments(before.file))
      << "formatting lost or reordered comments:\n"
      << once;
  std::string twice = Format(options, after.file, *after.sources.Get(after.id));
  EXPECT_EQ(twice, once) << "not idempotent; input:\n" << text;
  if (!once.empty()) {
    EXPECT_EQ(once.back(), '\n');
    EXPECT_FALSE(once.ends_with("\n\n")) << "more than one final newline:\n" << once;
  }
  return once;
}

}  // namespace

std::string FormatText(std::string_view text, const FormatOptions& options) {
  Parsed parsed;
  ParseInto(text, parsed);
  EXPECT_EQ(parsed.errors, "") << "input:\n" << text;
  return Format(options, parsed.file, *parsed.sources.Get(parsed.id));
}

bool ParsesCleanly(std::string_view text) {
  Parsed parsed;
  ParseInto(text, parsed);
  return parsed.errors.empty();
}

std::string DumpText(std::string_view text) {
  Parsed parsed;
  ParseInto(text, parsed);
  EXPECT_EQ(parsed.errors, "") << "input:\n" << text;
  return Dump(parsed.file);
}

std::string CheckedFormat(std::string_view text, const FormatOptions& options) {
  // Deep inputs make deep trees: dumping and destroying them needs the parser's headroom.
  std::string result;
  RunOnLargeStack([&] { result = CheckedFormatOnThisThread(text, options); });
  return result;
}

}  // namespace berth::fmt_test

#include "compiler/fmt/format.h"

#include "compiler/base/large_stack.h"
#include "compiler/fmt/comment_queue.h"
#include "compiler/fmt/context.h"
#include "compiler/fmt/expr_printer.h"
#include "compiler/fmt/rows.h"

namespace berth {

namespace {

using fmt_internal::ClosingBracket;
using fmt_internal::CommentQueue;
using fmt_internal::End;
using fmt_internal::ExprPrinter;
using fmt_internal::FormatContext;
using fmt_internal::Indent;
using fmt_internal::ItemRow;
using fmt_internal::Pos;
using fmt_internal::Quote;
using fmt_internal::RowList;
using fmt_internal::Start;
using fmt_internal::Width;

// The name `import "PATH"` binds when no `as` is given: the last path component, as the parser
// derives it.
std::string DefaultAlias(std::string_view path) {
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

class FileFormatter {
 public:
  FileFormatter(const FormatOptions& options, const SourceFile& source, CommentQueue& comments)
      : ctx_{options, source, comments}, exprs_(ctx_) {}

  std::string FormatFile(const ast::File& file) {
    RowList rows(ctx_);
    for (size_t i = 0; i < file.items.size(); ++i) {
      const ast::TopItem& item = file.items[i];
      Pos limit = i + 1 < file.items.size() ? Start(file.items[i + 1].range()) : kEndOfFile;
      if (item.block) {
        AddBlock(*item.block, 0, limit, rows);
      } else if (item.let) {
        AddAssignment("let " + item.let->name, item.let->value.get(), item.let->range, 0, limit,
                      rows);
      } else if (item.import) {
        AddImport(*item.import, limit, rows);
      }
    }
    rows.AddCommentsBefore(kEndOfFile);
    return rows.Render(0);
  }

 private:
  static constexpr Pos kEndOfFile = {UINT32_MAX, UINT32_MAX};

  void AddBody(const ast::Body& body, int indent, Pos close, RowList& rows) {
    for (size_t i = 0; i < body.items.size(); ++i) {
      const ast::BodyItem& item = body.items[i];
      Pos limit = i + 1 < body.items.size() ? Start(body.items[i + 1].range()) : close;
      if (item.block) {
        AddBlock(*item.block, indent, limit, rows);
      } else if (item.attribute) {
        AddAssignment(item.attribute->name, item.attribute->value.get(), item.attribute->range,
                      indent, limit, rows);
      }
    }
  }

  // `key = value`: an attribute or a let.
  void AddAssignment(std::string key, const ast::Expr* value, const SourceRange& range, int indent,
                     Pos limit, RowList& rows) {
    rows.AddCommentsBefore(Start(range));
    std::string text = "null";
    if (value) {
      // Comments with no place inside the value move above it, in their order.
      if (!exprs_.CommentsFit(*value, End(range))) rows.AddCommentsBefore(End(range));
      int col = indent * ctx_.options.indent_width + Width(key) + 3;
      text = exprs_.Render(*value, indent, col);
    }
    rows.AddItem({range.line, range.end_line, std::move(key), std::move(text), ""}, limit);
  }

  void AddImport(const ast::Import& import, Pos limit, RowList& rows) {
    rows.AddCommentsBefore(Start(import.range));
    rows.AddCommentsBefore(End(import.range));
    std::string text = "import " + Quote(import.path);
    if (import.alias != DefaultAlias(import.path)) text += " as " + import.alias;
    rows.AddItem({import.range.line, import.range.end_line, "", std::move(text), ""}, limit);
  }

  void AddBlock(const ast::Block& block, int indent, Pos limit, RowList& rows) {
    rows.AddCommentsBefore(Start(block.range));
    // Comments inside the header (`service /* x */ "api"`) go above the block.
    const SourceRange& header_end = block.label ? block.label_range : block.type_range;
    rows.AddCommentsBefore(End(header_end));

    std::string text = block.type;
    if (block.label) text += " " + Quote(*block.label);
    text += " {";

    // Comments on the header's line before the first item stay after the `{`.
    const Pos close = ClosingBracket(block.range);
    Pos first = block.body.items.empty() ? close : Start(block.body.items.front().range());
    bool brace_comment = false;
    for (const ast::Comment* c : ctx_.comments.TakeTrailing(header_end.end_line, first)) {
      text += " " + fmt_internal::CleanComment(c->text);
      brace_comment = true;
    }

    RowList body(ctx_);
    AddBody(block.body, indent + 1, close, body);
    body.AddCommentsBefore(close);
    if (body.empty() && !brace_comment) {
      text += "}";
    } else {
      text += "\n" + body.Render(indent + 1) + Indent(indent, ctx_.options.indent_width) + "}";
    }
    rows.AddItem({block.range.line, block.range.end_line, "", std::move(text), ""}, limit);
  }

  FormatContext ctx_;
  ExprPrinter exprs_;
};

}  // namespace

std::string Format(const FormatOptions& options, const ast::File& file, const SourceFile& source) {
  std::string out;
  // Expressions nest as deep as the input does (a long `a + b + ...` chain is a deep tree):
  // recursion gets the same headroom the parser had.
  RunOnLargeStack([&] {
    CommentQueue comments(file.comments);
    FileFormatter formatter(options, source, comments);
    out = formatter.FormatFile(file);
  });
  return out;
}

}  // namespace berth

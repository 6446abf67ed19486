#include "compiler/fmt/rows.h"

#include <algorithm>

namespace berth::fmt_internal {

bool RowList::BlankLineBefore(uint32_t line) const {
  if (rows_.empty() || prev_end_line_ == 0) return false;
  for (uint32_t l = prev_end_line_ + 1; l < line; ++l) {
    std::string_view text = ctx_.source.Line(l);
    if (text.find_first_not_of(" \t\r\f\v") == std::string_view::npos) return true;
  }
  return false;
}

void RowList::AddCommentsBefore(Pos pos) {
  while (const ast::Comment* c = ctx_.comments.TakeBefore(pos)) {
    Row row;
    row.blank_before = BlankLineBefore(c->range.line);
    row.is_comment = true;
    row.comment = CleanComment(c->text);
    rows_.push_back(std::move(row));
    prev_end_line_ = std::max(prev_end_line_, c->range.end_line);
  }
}

void RowList::AddItem(ItemRow item, Pos limit) {
  Row row;
  row.blank_before = BlankLineBefore(item.start_line);
  uint32_t end_line = std::max(prev_end_line_, item.end_line);
  for (const ast::Comment* c : ctx_.comments.TakeTrailing(item.end_line, limit)) {
    if (!row.trailing.empty()) row.trailing += ' ';
    row.trailing += CleanComment(c->text);
    end_line = std::max(end_line, c->range.end_line);
  }
  row.item = std::move(item);
  rows_.push_back(std::move(row));
  prev_end_line_ = end_line;
}

std::string RowList::Render(int indent) const {
  const std::string pad = Indent(indent, ctx_.options.indent_width);
  // An alignment group: consecutive one-line keyed rows, broken by blank lines, comment rows,
  // unkeyed rows and multi-line values.
  auto alignable = [](const Row& r) {
    return !r.is_comment && !r.item.key.empty() && r.item.text.find('\n') == std::string::npos;
  };
  std::vector<int> key_width(rows_.size(), 0);
  for (size_t i = 0; i < rows_.size();) {
    if (!alignable(rows_[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    int widest = 0;
    do {
      widest = std::max(widest, Width(rows_[j].item.key));
      ++j;
    } while (j < rows_.size() && alignable(rows_[j]) && !rows_[j].blank_before);
    for (size_t k = i; k < j; ++k) key_width[k] = widest;
    i = j;
  }

  // Each row's text before its trailing comment.
  std::vector<std::string> content(rows_.size());
  for (size_t i = 0; i < rows_.size(); ++i) {
    const Row& r = rows_[i];
    std::string& line = content[i];
    if (r.is_comment) {
      line = r.comment;
      continue;
    }
    if (!r.item.key.empty()) {
      line += r.item.key;
      line.append(std::max(0, key_width[i] - Width(r.item.key)), ' ');
      line += " = ";
    }
    line += r.item.text;
    line += r.item.suffix;
  }

  // Trailing comments of consecutive one-line rows start in one column, as gofmt does.
  auto commented = [&](size_t i) {
    const Row& r = rows_[i];
    return !r.is_comment && !r.trailing.empty() && r.trailing.find('\n') == std::string::npos &&
           content[i].find('\n') == std::string::npos;
  };
  std::vector<int> comment_col(rows_.size(), 0);
  for (size_t i = 0; i < rows_.size();) {
    if (!commented(i)) {
      ++i;
      continue;
    }
    size_t j = i;
    int widest = 0;
    do {
      widest = std::max(widest, Width(content[j]));
      ++j;
    } while (j < rows_.size() && commented(j) && !rows_[j].blank_before);
    for (size_t k = i; k < j; ++k) comment_col[k] = widest;
    i = j;
  }

  std::string out;
  for (size_t i = 0; i < rows_.size(); ++i) {
    const Row& r = rows_[i];
    if (r.blank_before) out += '\n';
    out += pad;
    out += content[i];
    if (!r.is_comment && !r.trailing.empty()) {
      out.append(std::max(0, comment_col[i] - Width(content[i])) + 1, ' ');
      out += r.trailing;
    }
    out += '\n';
  }
  return out;
}

}  // namespace berth::fmt_internal

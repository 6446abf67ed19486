// A vertical run of rows (the items of a body, the entries of a multi-line list or map) with the
// comments between them. It decides what the source leaves to the author: blank lines (kept,
// at most one) and whether a comment trails an item or stands on its own line; and it aligns the
// `=` of consecutive one-line `key = value` rows, and the trailing comments of consecutive rows.
#pragma once

#include <string>
#include <vector>

#include "compiler/fmt/context.h"

namespace berth::fmt_internal {

struct ItemRow {
  uint32_t start_line = 0;  // source lines of the item, for blank lines and trailing comments
  uint32_t end_line = 0;
  std::string key;     // text before ` = `, aligned with its neighbours; empty: no `=`
  std::string text;    // the value (after ` = `) or the whole item; may span lines
  std::string suffix;  // `,` after list elements, before any trailing comment
};

class RowList {
 public:
  explicit RowList(FormatContext& ctx) : ctx_(ctx) {}

  // Takes every comment before `pos` as own-line rows.
  void AddCommentsBefore(Pos pos);
  // Adds an item, then the comments trailing it on its last line that start before `limit`
  // (the next item or the closing bracket).
  void AddItem(ItemRow item, Pos limit);

  bool empty() const { return rows_.empty(); }
  // The rows at `indent`, each ending with a newline.
  std::string Render(int indent) const;

 private:
  struct Row {
    bool blank_before = false;
    bool is_comment = false;
    ItemRow item;          // when !is_comment
    std::string comment;   // when is_comment
    std::string trailing;  // trailing comments joined by spaces
  };
  bool BlankLineBefore(uint32_t line) const;

  FormatContext& ctx_;
  std::vector<Row> rows_;
  uint32_t prev_end_line_ = 0;  // last source line of the previous row; 0 before the first
};

}  // namespace berth::fmt_internal

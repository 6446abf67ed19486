#include "compiler/parse/source_text.h"

namespace berth::parse {

SourceText::SourceText(std::string_view content) : content_(content) {
  // Token indices come from the runtime's input stream, which drops a leading byte order mark.
  if (content_.starts_with("\xEF\xBB\xBF")) content_.remove_prefix(3);
  content = content_;
  for (unsigned char c : content) {
    if (c >= 0x80) {
      ascii_ = false;
      break;
    }
  }
  if (ascii_) return;
  offsets_.reserve(content.size() + 1);
  for (size_t i = 0; i < content.size(); ++i) {
    if ((static_cast<unsigned char>(content[i]) & 0xC0) != 0x80) {
      offsets_.push_back(static_cast<uint32_t>(i));
    }
  }
  offsets_.push_back(static_cast<uint32_t>(content.size()));
}

std::string_view SourceText::Text(const antlr4::Token* token) const {
  if (!token || token->getType() == antlr4::Token::EOF) return {};
  size_t start = token->getStartIndex(), stop = token->getStopIndex();
  if (start == INVALID_INDEX || stop == INVALID_INDEX || stop < start) return {};
  if (ascii_) {
    if (stop >= content_.size()) return {};
    return content_.substr(start, stop - start + 1);
  }
  if (stop + 1 >= offsets_.size()) return {};
  return content_.substr(offsets_[start], offsets_[stop + 1] - offsets_[start]);
}

}  // namespace berth::parse

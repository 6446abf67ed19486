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

char32_t SourceText::CodePointAt(size_t index) const {
  if (ascii_) return static_cast<unsigned char>(content_[index]);
  // CheckEncoding let only valid UTF-8 through.
  std::string_view bytes = content_.substr(offsets_[index], offsets_[index + 1] - offsets_[index]);
  auto byte = [&](size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(bytes[i])); };
  switch (bytes.size()) {
    case 1:
      return byte(0);
    case 2:
      return (byte(0) & 0x1F) << 6 | (byte(1) & 0x3F);
    case 3:
      return (byte(0) & 0x0F) << 12 | (byte(1) & 0x3F) << 6 | (byte(2) & 0x3F);
    default:
      return (byte(0) & 0x07) << 18 | (byte(1) & 0x3F) << 12 | (byte(2) & 0x3F) << 6 |
             (byte(3) & 0x3F);
  }
}

std::string_view SourceText::CodePointSlice(size_t begin, size_t end) const {
  if (ascii_) return content_.substr(begin, end - begin);
  return content_.substr(offsets_[begin], offsets_[end] - offsets_[begin]);
}

}  // namespace berth::parse

#include "compiler/base/source.h"

#include <fmt/format.h>

namespace berth {

SourceRange SourceRange::Join(const SourceRange& a, const SourceRange& b) {
  if (!a.valid()) return b;
  if (!b.valid()) return a;
  SourceRange r = a;
  if (b.line < r.line || (b.line == r.line && b.col < r.col)) {
    r.line = b.line;
    r.col = b.col;
  }
  if (b.end_line > r.end_line || (b.end_line == r.end_line && b.end_col > r.end_col)) {
    r.end_line = b.end_line;
    r.end_col = b.end_col;
  }
  return r;
}

std::string_view SourceFile::Line(uint32_t line) const {
  if (line == 0 || line > line_offsets.size()) return {};
  size_t begin = line_offsets[line - 1];
  size_t end = line < line_offsets.size() ? line_offsets[line] : content.size();
  std::string_view text(content.data() + begin, end - begin);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

uint32_t SourceManager::Add(std::string path, std::string content) {
  auto file = std::make_unique<SourceFile>();
  file->path = std::move(path);
  file->content = std::move(content);
  file->line_offsets.push_back(0);
  for (size_t i = 0; i < file->content.size(); ++i) {
    if (file->content[i] == '\n') file->line_offsets.push_back(static_cast<uint32_t>(i + 1));
  }
  files_.push_back(std::move(file));
  return static_cast<uint32_t>(files_.size());
}

const SourceFile* SourceManager::Get(uint32_t id) const {
  if (id == 0 || id > files_.size()) return nullptr;
  return files_[id - 1].get();
}

std::string SourceManager::Describe(const SourceRange& range) const {
  const SourceFile* file = Get(range.file);
  if (!file) return "<unknown>";
  return fmt::format("{}:{}:{}", file->path, range.line, range.col);
}

}  // namespace berth

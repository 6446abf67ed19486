// Source files and locations. Every AST node, value and diagnostic carries a SourceRange so that
// later phases can point at the text that caused them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace berth {

// A span of one file. Lines and columns are 1-based; columns count Unicode code points (what
// ANTLR reports and what a caret under the text needs). end_col is exclusive.
struct SourceRange {
  uint32_t file = 0;  // index into SourceManager; 0 is "no file"
  uint32_t line = 0;
  uint32_t col = 0;
  uint32_t end_line = 0;
  uint32_t end_col = 0;

  bool valid() const { return file != 0 && line != 0; }
  // The range covering both.
  static SourceRange Join(const SourceRange& a, const SourceRange& b);
};

struct SourceFile {
  std::string path;     // as shown in diagnostics (relative to the working directory when given so)
  std::string content;  // raw bytes as read
  std::vector<uint32_t> line_offsets;  // byte offset of each line start

  // The text of line `line` (1-based) without its line ending; empty when out of range.
  std::string_view Line(uint32_t line) const;
};

// Owns every file read in a run, so ranges stay valid until the end.
class SourceManager {
 public:
  // Adds a file held in memory; returns its id (>= 1).
  uint32_t Add(std::string path, std::string content);
  const SourceFile* Get(uint32_t id) const;
  std::string Describe(const SourceRange& range) const;  // "path:line:col"

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace berth

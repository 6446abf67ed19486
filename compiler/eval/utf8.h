// UTF-8 helpers: string functions count code points, not bytes, and file() must reject invalid
// text before it becomes a value.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace berth::eval {

// Byte offset of the first invalid sequence, or nullopt when `text` is valid UTF-8.
std::optional<size_t> FindInvalidUtf8(std::string_view text);

// Number of code points in valid UTF-8.
size_t CodePointCount(std::string_view text);

// Code points [offset, offset + count) of valid UTF-8 (clamped to the end).
std::string CodePointSubstr(std::string_view text, size_t offset, size_t count);

}  // namespace berth::eval

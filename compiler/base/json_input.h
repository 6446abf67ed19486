// JSON files users hand berth (ECS JSON to import, --live snapshots, saved plans): parsed without
// exceptions, and the first problem placed at its line and column, as the compiler's diagnostics
// are, instead of nlohmann's exception text (which, for a number out of range, is all it gives).
#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace berth {

struct JsonInputError {
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // 1-based, in bytes
  std::string message;  // "syntax error while parsing object - unexpected end of input; ..."
};

// The document, or nullopt with `error` set when `text` is not JSON (a syntax error, invalid
// UTF-8 in a string, a number beyond a double's range).
std::optional<nlohmann::json> ParseJsonInput(std::string_view text, JsonInputError& error);

// "path:line:col: error: not valid JSON: message", the line and a caret: the compiler's form.
std::string RenderJsonInputError(const std::string& path, std::string_view text,
                                 const JsonInputError& error);

// nlohmann's exception text without its "[json.exception.type_error.302] " tag; other
// exceptions' what() as it is.
std::string JsonErrorText(const std::exception& e);

}  // namespace berth

#include "compiler/base/json_input.h"

#include <algorithm>

#include "compiler/base/diagnostics.h"

namespace berth {

namespace {

using nlohmann::json;

// Accepts every event and keeps the first error's byte position and text: nlohmann reports
// number overflow (out_of_range.406) through the SAX parse_error too, with the position that
// its parse_error exception would carry.
struct FirstError : nlohmann::json_sax<json> {
  std::size_t position = 0;
  std::string message;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t at, const std::string& last_token,
                   const nlohmann::detail::exception& e) override {
    position = at;
    // A number out of range is found once read whole: point at its first byte.
    if (e.id == 406 && last_token.size() < at) position = at - last_token.size() + 1;
    message = JsonErrorText(e);
    // "parse error at line 1, column 9: syntax error ...": the place is said by the caller.
    if (std::size_t colon = message.find(": ");
        message.rfind("parse error", 0) == 0 && colon != std::string::npos) {
      message.erase(0, colon + 2);
    }
    return false;
  }
};

}  // namespace

std::optional<json> ParseJsonInput(std::string_view text, JsonInputError& error) {
  json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!document.is_discarded()) return document;
  FirstError first;
  json::sax_parse(text, &first, nlohmann::detail::input_format_t::json, /*strict=*/true);
  // The position counts the bytes read, the offending one included (one past the end when
  // the input ended too early).
  std::size_t at = std::min(first.position == 0 ? 0 : first.position - 1, text.size());
  std::size_t newline = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
  std::size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
  error.line = 1;
  for (std::size_t i = 0; i < line_start; ++i) error.line += text[i] == '\n';
  error.column = static_cast<uint32_t>(at - line_start + 1);
  error.message = first.message.empty() ? "not JSON" : first.message;
  return std::nullopt;
}

std::string RenderJsonInputError(const std::string& path, std::string_view text,
                                 const JsonInputError& error) {
  SourceManager sources;
  uint32_t id = sources.Add(path, std::string(text));
  Diagnostic diagnostic;
  diagnostic.range = {id, error.line, error.column, error.line, error.column};
  diagnostic.message = "not valid JSON: " + error.message;
  return RenderDiagnosticText(diagnostic, sources);
}

std::string JsonErrorText(const std::exception& e) {
  std::string text = e.what();
  if (text.rfind("[json.exception.", 0) == 0) {
    if (std::size_t tag_end = text.find("] "); tag_end != std::string::npos)
      text.erase(0, tag_end + 2);
  }
  return text;
}

}  // namespace berth

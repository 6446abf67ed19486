#include "backends/aws_api_backend/capture_query.h"

#include <cctype>

namespace berth::aws_api_backend {

namespace {

using Json = nlohmann::ordered_json;

class Evaluator {
 public:
  Evaluator(std::string_view text, std::string& error) : text_(text), error_(error) {}

  std::optional<Json> Run(const Json& document) {
    Json current = document;
    bool projecting = false;  // after a filter, field steps apply to each element
    while (true) {
      Skip();
      if (pos_ >= text_.size()) break;
      char c = text_[pos_];
      if (c == '|') {
        ++pos_;
        projecting = false;
        continue;
      }
      if (c == '.') {
        ++pos_;
        continue;
      }
      if (c == '[') {
        if (text_.substr(pos_, 2) == "[?") {
          pos_ += 2;
          std::string field = Identifier();
          Skip();
          if (text_.substr(pos_, 3) != "=='") return Fail();
          pos_ += 3;
          size_t end = text_.find('\'', pos_);
          if (end == std::string_view::npos) return Fail();
          std::string literal(text_.substr(pos_, end - pos_));
          pos_ = end + 1;
          Skip();
          if (pos_ >= text_.size() || text_[pos_] != ']') return Fail();
          ++pos_;
          Json kept = Json::array();
          if (current.is_array()) {
            for (const Json& item : current) {
              if (item.is_object() && item.contains(field) && item[field] == literal)
                kept.push_back(item);
            }
          }
          current = std::move(kept);
          projecting = true;
          continue;
        }
        ++pos_;
        size_t end = text_.find(']', pos_);
        if (end == std::string_view::npos) return Fail();
        std::string number(text_.substr(pos_, end - pos_));
        pos_ = end + 1;
        if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos)
          return Fail();
        size_t index = std::stoul(number);
        current = current.is_array() && index < current.size() ? current[index] : Json();
        continue;
      }
      std::string field = Identifier();
      if (field.empty()) return Fail();
      if (projecting) {
        Json mapped = Json::array();
        for (const Json& item : current) {
          if (item.is_object() && item.contains(field) && !item[field].is_null())
            mapped.push_back(item[field]);
        }
        current = std::move(mapped);
      } else {
        current = current.is_object() && current.contains(field) ? current[field] : Json();
      }
    }
    if (current.is_null()) return std::nullopt;
    return current;
  }

 private:
  void Skip() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }
  std::string Identifier() {
    size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
      ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }
  std::optional<Json> Fail() {
    error_ = "unsupported query '" + std::string(text_) + "' at offset " + std::to_string(pos_);
    return std::nullopt;
  }

  std::string_view text_;
  std::string& error_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<Json> EvaluateQuery(std::string_view query, const Json& document,
                                  std::string& error) {
  return Evaluator(query, error).Run(document);
}

std::string AsText(const Json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace berth::aws_api_backend

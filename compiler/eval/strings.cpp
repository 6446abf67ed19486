// String functions: case, white space and pieces. Lengths and offsets count code points.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "compiler/eval/describe.h"
#include "compiler/eval/functions.h"
#include "compiler/eval/render.h"
#include "compiler/eval/utf8.h"

namespace berth::eval {

namespace {

// Case mapping touches only ASCII bytes, so multi-byte UTF-8 sequences pass through intact.
template <int (*Map)(int)>
std::optional<Value> MapAscii(FunctionCall& call) {
  const std::string* s = call.String(0);
  if (!s) return std::nullopt;
  std::string out = *s;
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x80) c = static_cast<char>(Map(c));
  }
  return Value::String(std::move(out));
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::optional<Value> Trim(FunctionCall& call) {
  const std::string* s = call.String(0);
  if (!s) return std::nullopt;
  size_t begin = 0;
  size_t end = s->size();
  while (begin < end && IsSpace((*s)[begin])) ++begin;
  while (end > begin && IsSpace((*s)[end - 1])) --end;
  return Value::String(s->substr(begin, end - begin));
}

std::optional<Value> Title(FunctionCall& call) {
  const std::string* s = call.String(0);
  if (!s) return std::nullopt;
  std::string out = *s;
  bool word_start = true;
  for (char& c : out) {
    if (word_start && static_cast<unsigned char>(c) < 0x80) c = static_cast<char>(std::toupper(c));
    word_start = IsSpace(c);
  }
  return Value::String(std::move(out));
}

std::optional<Value> Replace(FunctionCall& call) {
  const std::string* s = call.String(0);
  const std::string* from = call.String(1);
  const std::string* to = call.String(2);
  if (!s || !from || !to) return std::nullopt;
  if (from->empty()) {
    call.Error(1, "`replace` needs a non-empty string to replace");
    return std::nullopt;
  }
  std::string out;
  size_t pos = 0;
  for (size_t hit; (hit = s->find(*from, pos)) != std::string::npos; pos = hit + from->size()) {
    out.append(*s, pos, hit - pos);
    out += *to;
  }
  out.append(*s, pos);
  return Value::String(std::move(out));
}

std::optional<Value> Split(FunctionCall& call) {
  const std::string* sep = call.String(0);
  const std::string* s = call.String(1);
  if (!sep || !s) return std::nullopt;
  if (sep->empty()) {
    call.Error(0, "`split` needs a non-empty separator");
    return std::nullopt;
  }
  ValueList parts;
  size_t pos = 0;
  for (size_t hit; (hit = s->find(*sep, pos)) != std::string::npos; pos = hit + sep->size()) {
    parts.push_back(Value::String(s->substr(pos, hit - pos)));
  }
  parts.push_back(Value::String(s->substr(pos)));
  return Value::List(std::move(parts));
}

std::optional<Value> Join(FunctionCall& call) {
  const std::string* sep = call.String(0);
  const ValueList* items = call.List(1);
  if (!sep || !items) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < items->size(); ++i) {
    std::optional<std::string> text = InterpolationText((*items)[i]);
    if (!text) {
      call.Error(1, fmt::format("`join` expects a list of strings, but element {} is {}", i,
                                KindPhrase((*items)[i])));
      return std::nullopt;
    }
    if (i > 0) out += *sep;
    out += *text;
  }
  return Value::String(std::move(out));
}

std::optional<Value> Substr(FunctionCall& call) {
  const std::string* s = call.String(0);
  std::optional<int64_t> offset = call.Integer(1);
  std::optional<int64_t> length = call.Integer(2);
  if (!s || !offset || !length) return std::nullopt;
  const int64_t size = static_cast<int64_t>(CodePointCount(*s));
  if (*offset < 0 || *offset > size) {
    call.Error(
        1, fmt::format("`substr` offset {} is outside a string of {} characters", *offset, size));
    return std::nullopt;
  }
  if (*length < -1) {
    call.Error(2, "`substr` length must be at least 0, or -1 for the rest of the string");
    return std::nullopt;
  }
  int64_t count = *length == -1 ? size - *offset : std::min(*length, size - *offset);
  return Value::String(
      CodePointSubstr(*s, static_cast<size_t>(*offset), static_cast<size_t>(count)));
}

std::optional<Value> StartsWith(FunctionCall& call) {
  const std::string* s = call.String(0);
  const std::string* prefix = call.String(1);
  if (!s || !prefix) return std::nullopt;
  return Value::Bool(s->starts_with(*prefix));
}

std::optional<Value> EndsWith(FunctionCall& call) {
  const std::string* s = call.String(0);
  const std::string* suffix = call.String(1);
  if (!s || !suffix) return std::nullopt;
  return Value::Bool(s->ends_with(*suffix));
}

std::optional<Value> Contains(FunctionCall& call) {
  const Value& haystack = call.arg(0);
  if (haystack.is(ValueKind::kList)) {
    const ValueList& items = haystack.list();
    return Value::Bool(std::find(items.begin(), items.end(), call.arg(1)) != items.end());
  }
  if (haystack.is(ValueKind::kString)) {
    const std::string* needle = call.String(1);
    if (!needle) return std::nullopt;
    return Value::Bool(haystack.str().find(*needle) != std::string::npos);
  }
  call.TypeError(0, "a list or a string");
  return std::nullopt;
}

std::optional<Value> Format(FunctionCall& call) {
  const std::string* pattern = call.String(0);
  if (!pattern) return std::nullopt;
  std::string out;
  size_t next = 1;  // the argument the next placeholder takes
  for (size_t i = 0; i < pattern->size(); ++i) {
    char c = (*pattern)[i];
    if (c != '%') {
      out += c;
      continue;
    }
    char verb = i + 1 < pattern->size() ? (*pattern)[i + 1] : '\0';
    ++i;
    if (verb == '%') {
      out += '%';
      continue;
    }
    if (verb != 's' && verb != 'd') {
      call.Error(0, verb == '\0' ? std::string("`format` pattern ends with a lone `%`")
                                 : fmt::format("`format` has no placeholder `%{}`: use %s, %d "
                                               "or %% for a percent sign",
                                               verb));
      return std::nullopt;
    }
    if (next >= call.size()) {
      call.Error(0, fmt::format("`format` has more placeholders than the {} values given",
                                call.size() - 1));
      return std::nullopt;
    }
    const Value& arg = call.arg(next);
    if (verb == 'd') {
      std::optional<int64_t> n = call.Integer(next);
      if (!n) return std::nullopt;
      out += std::to_string(*n);
    } else {
      std::optional<std::string> text = InterpolationText(arg);
      if (!text) {
        call.Error(next, "`format` cannot format " + KindPhrase(arg) + " with %s");
        return std::nullopt;
      }
      out += *text;
    }
    ++next;
  }
  if (next < call.size()) {
    call.Error(
        next, fmt::format("`format` has {} placeholders but {} values", next - 1, call.size() - 1));
    return std::nullopt;
  }
  return Value::String(std::move(out));
}

int ToUpper(int c) { return std::toupper(c); }
int ToLower(int c) { return std::tolower(c); }

const FunctionSpec kStringFunctions[] = {
    {"upper", 1, 1, "upper(s)", "the string in upper case", Reads::kDeep, MapAscii<ToUpper>},
    {"lower", 1, 1, "lower(s)", "the string in lower case", Reads::kDeep, MapAscii<ToLower>},
    {"trim", 1, 1, "trim(s)", "the string without leading and trailing white space", Reads::kDeep,
     Trim},
    {"title", 1, 1, "title(s)", "the string with each word capitalised", Reads::kDeep, Title},
    {"replace", 3, 3, "replace(s, old, new)", "every `old` in `s` replaced by `new`", Reads::kDeep,
     Replace},
    {"split", 2, 2, "split(sep, s)", "the pieces of `s` between separators", Reads::kDeep, Split},
    {"join", 2, 2, "join(sep, list)", "the elements of `list` joined by `sep`", Reads::kDeep, Join},
    {"substr", 3, 3, "substr(s, offset, length)",
     "`length` characters of `s` from `offset` (-1: to the end)", Reads::kDeep, Substr},
    {"startswith", 2, 2, "startswith(s, prefix)", "whether `s` starts with `prefix`", Reads::kDeep,
     StartsWith},
    {"endswith", 2, 2, "endswith(s, suffix)", "whether `s` ends with `suffix`", Reads::kDeep,
     EndsWith},
    {"contains", 2, 2, "contains(list_or_s, x)",
     "whether the list has the element, or the string the substring", Reads::kDeep, Contains},
    {"format", 1, kVariadic, "format(fmt, args...)",
     "`fmt` with %s and %d replaced by the arguments (%% for a percent sign)", Reads::kDeep,
     Format},
};

}  // namespace

std::span<const FunctionSpec> StringFunctions() { return kStringFunctions; }

}  // namespace berth::eval

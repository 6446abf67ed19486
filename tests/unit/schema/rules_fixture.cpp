#include "tests/unit/schema/rules_fixture.h"

#include <algorithm>
#include <sstream>

#include "compiler/rules/rules.h"
#include "compiler/schema/schema.h"

namespace berth::testing {

namespace {

void FillDefaults(const schema::BlockSpec& spec, std::string_view label, Value& block) {
  for (const schema::AttributeSpec& a : spec.attributes) {
    if (block.Get(a.name)) continue;
    if (a.default_is_label && !label.empty())
      block.Set(std::string(a.name), Value::String(std::string(label)));
    if (a.default_value) block.Set(std::string(a.name), *a.default_value);
  }
  for (const schema::BlockSpec* nested : spec.blocks) {
    std::string key(nested->ir_key.empty() ? nested->name : nested->ir_key);
    const Value* present = block.Get(key);
    if (!present) continue;
    Value copy = *present;
    if (nested->repeated && copy.is(ValueKind::kList)) {
      for (Value& entry : copy.mutable_list()) FillDefaults(*nested, {}, entry);
    } else if (copy.is(ValueKind::kMap)) {
      FillDefaults(*nested, {}, copy);
    }
    block.Set(key, std::move(copy));
  }
}

}  // namespace

void RulesTest::SetSource(std::string text) {
  text_ = text;
  file_ = sources_.Add("main.berth", std::move(text));
}

SourceRange RulesTest::Span(std::string_view needle, int nth) const {
  size_t at = text_.find(needle);
  for (int i = 0; i < nth && at != std::string::npos; ++i) at = text_.find(needle, at + 1);
  EXPECT_NE(at, std::string::npos) << "no occurrence " << nth << " of " << needle;
  if (at == std::string::npos) return {};
  uint32_t line = 1 + static_cast<uint32_t>(std::count(text_.begin(), text_.begin() + at, '\n'));
  size_t line_start = text_.rfind('\n', at);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  uint32_t col = static_cast<uint32_t>(at - line_start) + 1;
  return {file_, line, col, line, col + static_cast<uint32_t>(needle.size())};
}

ir::Resource RulesTest::Resource(std::string_view kind, std::string_view label,
                                 ValueMap attributes) {
  ir::Resource r;
  r.kind = std::string(kind);
  r.name = std::string(label);
  r.address = r.kind + "." + r.name;
  // Resources that play no part in a test's messages need not appear in its source.
  std::string header = std::string(kind) + " \"" + std::string(label) + "\"";
  if (text_.find(header) != std::string::npos) r.range = Span(header);
  r.attributes = Value::Map(std::move(attributes), r.range);
  const schema::BlockSpec* spec = schema::FindResource(kind);
  EXPECT_NE(spec, nullptr) << kind;
  if (spec) FillDefaults(*spec, label, r.attributes);
  return r;
}

std::string RulesTest::Check(std::vector<ir::Resource> resources) {
  ir::Program program;
  program.resources = std::move(resources);
  std::sort(program.resources.begin(), program.resources.end(),
            [](const ir::Resource& a, const ir::Resource& b) { return a.address < b.address; });
  Diagnostics diags;
  CheckEcsRules(program, diags);
  std::ostringstream out;
  RenderDiagnosticsText(diags, sources_, out);
  return out.str();
}

std::string Headlines(const std::string& rendered) {
  std::istringstream in(rendered);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == ' ' || line.ends_with(" errors")) continue;
    out += line + "\n";
  }
  return out;
}

Value Block(ValueMap entries, SourceRange range) { return Value::Map(std::move(entries), range); }

}  // namespace berth::testing

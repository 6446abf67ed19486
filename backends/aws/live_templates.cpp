#include "backends/aws/live_templates.h"

#include <algorithm>

namespace berth::aws {

namespace {

void CollectTemplates(const Value& value, std::vector<const Value*>& out) {
  if (value.is(ValueKind::kTemplate)) {
    if (std::none_of(out.begin(), out.end(), [&](const Value* t) { return *t == value; }))
      out.push_back(&value);
  } else if (value.is(ValueKind::kList)) {
    for (const Value& item : value.list()) CollectTemplates(item, out);
  } else if (value.is(ValueKind::kMap)) {
    for (const auto& [key, item] : value.map()) CollectTemplates(item, out);
  }
}

class Matcher {
 public:
  Matcher(const std::vector<const Value*>& templates,
          const std::map<std::string, RefTarget>& handles)
      : templates_(templates) {
    for (const auto& [handle, target] : handles)
      by_target_[{target.address, target.attribute}].push_back(handle);
  }

  void Restore(Value& live) const {
    if (live.is(ValueKind::kString) && !live.sensitive()) {
      for (const Value* t : templates_) {
        if (Spells(live.str(), 0, t->parts(), 0)) {
          live = *t;
          return;
        }
      }
    } else if (live.is(ValueKind::kList)) {
      for (Value& item : live.mutable_list()) Restore(item);
    } else if (live.is(ValueKind::kMap)) {
      for (auto& [key, item] : live.mutable_map()) Restore(item);
    }
  }

 private:
  // The live texts a reference stands for.
  std::vector<const std::string*> Handles(const RefTarget& ref) const {
    std::vector<const std::string*> out;
    if (auto it = by_target_.find({ref.address, ref.attribute}); it != by_target_.end())
      for (const std::string& h : it->second) out.push_back(&h);
    if (ref.attribute == "arn") {
      if (auto it = by_target_.find({ref.address, ""}); it != by_target_.end())
        for (const std::string& h : it->second)
          if (h.starts_with("arn:")) out.push_back(&h);
    }
    return out;
  }

  // Whether text[at..] spells parts[i..].
  bool Spells(const std::string& text, size_t at, const ValueList& parts, size_t i) const {
    if (i == parts.size()) return at == text.size();
    const Value& part = parts[i];
    if (part.is(ValueKind::kString)) {
      const std::string& s = part.str();
      return text.compare(at, s.size(), s) == 0 && Spells(text, at + s.size(), parts, i + 1);
    }
    for (const std::string* h : Handles(part.ref())) {
      if (text.compare(at, h->size(), *h) == 0 && Spells(text, at + h->size(), parts, i + 1))
        return true;
    }
    return false;
  }

  const std::vector<const Value*>& templates_;
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> by_target_;
};

}  // namespace

void RestoreTemplates(Value& live, const Value& desired,
                      const std::map<std::string, RefTarget>& handles) {
  std::vector<const Value*> templates;
  CollectTemplates(desired, templates);
  if (templates.empty()) return;
  Matcher(templates, handles).Restore(live);
}

}  // namespace berth::aws
